package dev.slicewise.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option value formats: percentages with an optional '%', and durations such as 72h, 14d, 2w or ISO-8601 (PT72H). */
final class Converters {
    private Converters() {}

    /** "60" or "60%" → 60.0. */
    static final class Percent implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String v = value.trim();
            if (v.endsWith("%")) v = v.substring(0, v.length() - 1).trim();
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a percentage (e.g. 60 or 60%)");
            }
        }
    }

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([mhdw])");

    static final class Span implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            Matcher m = SHORT.matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
            }
            try {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT)); // ISO-8601: P14D, PT72H
            } catch (DateTimeParseException e) {
                // not ISO either: say which forms are understood
            }
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 72h, 14d, 2w or PT72H)");
        }
    }

    static final class Moment implements ITypeConverter<java.time.Instant> {
        @Override
        public java.time.Instant convert(String value) {
            try {
                return java.time.Instant.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an ISO-8601 instant (e.g. 2026-11-23T10:00:00Z)");
            }
        }
    }
}
