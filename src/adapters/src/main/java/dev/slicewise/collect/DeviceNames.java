package dev.slicewise.collect;

/** The {@code nvidiaN} device names dcgm-exporter and Container Insights use, and their natural order. */
public final class DeviceNames {
    private static final String PREFIX = "nvidia";

    private DeviceNames() {}

    /** {@code nvidia3} for GPU index 3 (dcgm-exporter's {@code gpu} label is the index, {@code device} the name). */
    public static String ofIndex(int index) {
        return PREFIX + index;
    }

    /** The index in {@code nvidia3}, or -1 when the name has another form. */
    public static int index(String device) {
        if (device == null || !device.startsWith(PREFIX)) return -1;
        try {
            return Integer.parseInt(device.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** nvidia2 before nvidia10; other names after, alphabetically. */
    public static int compare(String a, String b) {
        int ia = index(a), ib = index(b);
        if (ia >= 0 && ib >= 0) return Integer.compare(ia, ib);
        if (ia >= 0) return -1;
        if (ib >= 0) return 1;
        return a.compareTo(b);
    }
}
