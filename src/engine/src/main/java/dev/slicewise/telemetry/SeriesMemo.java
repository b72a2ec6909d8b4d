package dev.slicewise.telemetry;

import dev.slicewise.fleet.Window;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one analysis derives from each GPU's series, computed once: the sample checks, the hours with data and the
 * p50/p95 of the hourly averages, the highest hourly maximum. Validation, detection and tenant extraction all ask
 * for them, and on a 40,000-GPU fleet asking three times cost about a quarter of the analysis (benchmark 2,
 * BENCHMARKS.md).
 *
 * <p>Keyed by identity: a snapshot's series are never changed once built, and identity is what the analysis
 * shares. Not thread-safe; one per analysis (or per pool).
 */
public final class SeriesMemo {
    /** The numbers of one series over a window; NaN where the series has no data in it. */
    public record Summary(int points, double p50, double p95, double peak) {}

    private final Map<GpuMetrics, List<String>> problems = new IdentityHashMap<>();
    private final Map<UsageSeries, Known<Summary>> summaries = new IdentityHashMap<>();
    private final Map<UsageSeries, Known<Double>> peaks = new IdentityHashMap<>();

    /** A value and the window it was computed over (an analysis asks for one window, but nothing forces it to). */
    private record Known<T>(Window window, T value) {
        boolean isFor(Window w) {
            return window.equals(w);
        }
    }

    /** {@link SampleCheck#problems(GpuMetrics)}, unmodifiable. */
    public List<String> problems(GpuMetrics m) {
        if (m == null) return List.of();
        List<String> p = problems.get(m);
        if (p == null) {
            p = List.copyOf(SampleCheck.problems(m));
            problems.put(m, p);
        }
        return p;
    }

    /**
     * The series over {@code window}: hours with data, nearest-rank p50 and p95 of the hourly averages (as
     * {@link Stats#percentiles} of {@link Stats#aligned}) and the highest hourly maximum (as {@link Stats#max(double[])}
     * of {@link Stats#alignedMax}).
     *
     * @throws IllegalArgumentException as {@link Stats#aligned} does, for a series that cannot be laid on the window
     */
    public Summary summary(UsageSeries s, Window window) {
        Known<Summary> known = summaries.get(s);
        if (known != null && known.isFor(window)) return known.value();
        double[] present = Stats.presentInWindow(s, window);
        int points = present.length;
        double[] p = Stats.percentilesInPlace(present, points, 50, 95);
        Summary made = new Summary(points, p[0], p[1], Stats.maxInWindow(s, window));
        summaries.put(s, new Known<>(window, made));
        return made;
    }

    /** Only the highest hourly maximum of {@link #summary} (framebuffer series need no percentile). */
    public double peak(UsageSeries s, Window window) {
        Known<Summary> known = summaries.get(s);
        if (known != null && known.isFor(window)) return known.value().peak();
        Known<Double> p = peaks.get(s);
        if (p != null && p.isFor(window)) return p.value();
        double made = Stats.maxInWindow(s, window);
        peaks.put(s, new Known<>(window, made));
        return made;
    }
}
