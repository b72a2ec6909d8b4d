package dev.slicewise.telemetry;

import java.time.Duration;
import java.util.Locale;

/** How numbers are written in reasons and risks, so every sentence the user reads uses the same units. */
public final class Units {
    private Units() {}

    private static final String[] WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve"};

    /** A percentage: whole numbers above 10, one decimal below ("24 %", "0.4 %"); "n/a" for NaN. */
    public static String pct(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (Math.abs(v) < 10 && Math.abs(v - Math.rint(v)) > 1e-9) return String.format(Locale.ROOT, "%.1f %%", v);
        return String.format(Locale.ROOT, "%.0f %%", v);
    }

    /** A fraction 0..1 as a percentage. */
    public static String share(double fraction) {
        return pct(fraction * 100);
    }

    /** MiB as GiB with one decimal ("1.9 GiB"); whole GiB without decimals ("16 GiB"). */
    public static String gib(double mib) {
        if (Double.isNaN(mib)) return "n/a";
        double g = mib / 1024.0;
        if (Math.abs(g - Math.rint(g)) < 0.05 && g >= 1) return String.format(Locale.ROOT, "%.0f GiB", g);
        return String.format(Locale.ROOT, "%.1f GiB", g);
    }

    /** vCPU from millicores ("7.2 vCPU"). */
    public static String vcpu(double millis) {
        double v = millis / 1000.0;
        if (Math.abs(v - Math.rint(v)) < 1e-9) return String.format(Locale.ROOT, "%.0f vCPU", v);
        return String.format(Locale.ROOT, "%.1f vCPU", v);
    }

    /** A look-back length: whole days as days, else hours ("14 days", "36 hours"). */
    public static String duration(Duration d) {
        long h = d.toHours();
        if (h % 24 == 0 && h >= 48) return (h / 24) + " days";
        if (h == 24) return "1 day";
        return h + (h == 1 ? " hour" : " hours");
    }

    /** Small counts as words ("four tenants"), larger ones as digits. */
    public static String count(int n) {
        return n >= 0 && n < WORDS.length ? WORDS[n] : Integer.toString(n);
    }

    /** An hourly price with the digits it was given, at least cents ("$0.752", "$55.04", "$6.6752"). */
    public static String usdRate(double v) {
        java.math.BigDecimal d = java.math.BigDecimal.valueOf(v).stripTrailingZeros();
        if (d.scale() < 2) d = d.setScale(2);
        return "$" + d.toPlainString();
    }

    /** US dollars with thousands separators and cents ("$2,165.76"). */
    public static String usd(double v) {
        return String.format(Locale.US, "$%,.2f", v);
    }
}
