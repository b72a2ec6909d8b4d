package dev.slicewise.report;

import dev.slicewise.pricing.PriceSource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Number, money, size and time formats used on the page (one locale, UTC, so reports compare across readers). */
final class Fmt {
    static final String NBSP = "\u00a0";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Fmt() {}

    static String usd(double amount) {
        return (amount < 0 ? "−$" : "$") + String.format(Locale.US, "%,.2f", Math.abs(amount));
    }

    /** An hourly price with as many decimals as price lists use ($0.752/h, $55.04/h). */
    static String usdPerHour(double v) {
        String s = String.format(Locale.US, "%,.4f", v).replaceAll("0+$", "");
        if (s.endsWith(".")) s = s + "00";
        else if (s.indexOf('.') == s.length() - 2) s = s + "0";
        return "$" + s + "/h";
    }

    static String pct(double v) {
        if (Double.isNaN(v)) return "n/a";
        return (Math.abs(v) < 10 && v != Math.rint(v) ? String.format(Locale.US, "%.1f", v) : String.format(Locale.US, "%.0f", v))
                + NBSP + "%";
    }

    static String gib(double mib) {
        if (Double.isNaN(mib)) return "n/a";
        return String.format(Locale.US, "%.1f", mib / 1024.0) + NBSP + "GiB";
    }

    static String factor(double f) {
        return "×" + String.format(Locale.US, "%.2f", f);
    }

    static String when(Instant t) {
        return t == null ? "n/a" : WHEN.format(t);
    }

    static String day(Instant t) {
        return DAY.format(t);
    }

    /** SVG coordinates: one decimal, dot separator whatever the JVM's locale. */
    static String n(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    static String priceSource(PriceSource source) {
        if (source == null) return "unknown source";
        String kind = switch (source.kind()) {
            case PRICING_API -> "AWS Price List API";
            case BUNDLED_TABLE -> "bundled price table";
            case OVERRIDE -> "price override";
            case SPOT_HISTORY -> "EC2 spot price history";
        };
        return source.detail() == null || source.detail().isBlank() ? kind : kind + " (" + source.detail() + ")";
    }
}
