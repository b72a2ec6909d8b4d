package dev.slicewise.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One metric of one GPU (or one workload) as aligned, fixed-step aggregates: for each step the server-side
 * Average and Maximum and, when known, the number of raw samples behind them (CloudWatch SampleCount).
 *
 * <p>Gaps are {@code NaN} in {@code avg}/{@code max} (and 0 in {@code samples}); they are never filled, so
 * coverage can be reported honestly. Values are in the unit of the metric (percent for utilization, MiB for
 * framebuffer).
 */
public record UsageSeries(Instant start, Duration step, double[] avg, double[] max, long[] samples) {

    public UsageSeries {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(avg, "avg");
        if (step.isZero() || step.isNegative()) throw new IllegalArgumentException("step must be positive: " + step);
        if (max == null) max = avg.clone();
        if (max.length != avg.length) {
            throw new IllegalArgumentException("avg has " + avg.length + " points but max has " + max.length);
        }
        if (samples != null && samples.length != avg.length) {
            throw new IllegalArgumentException("avg has " + avg.length + " points but samples has " + samples.length);
        }
    }

    /** A series whose average and maximum are the same values (e.g. one sample per step). */
    public static UsageSeries of(Instant start, Duration step, double... values) {
        return new UsageSeries(start, step, values, values.clone(), null);
    }

    /** A flat series: {@code points} steps all at {@code value}. */
    public static UsageSeries constant(Instant start, Duration step, int points, double value) {
        double[] v = new double[points];
        Arrays.fill(v, value);
        return of(start, step, v);
    }

    public int length() {
        return avg.length;
    }

    /** True when step {@code i} holds data. */
    public boolean present(int i) {
        return !Double.isNaN(avg[i]) && (samples == null || samples[i] > 0);
    }

    /** True when any step holds data: what most callers of {@link #presentPoints()} ask, answered at the first one. */
    public boolean anyPresent() {
        for (int i = 0; i < avg.length; i++) if (present(i)) return true;
        return false;
    }

    public int presentPoints() {
        int n = 0;
        for (int i = 0; i < avg.length; i++) if (present(i)) n++;
        return n;
    }

    public Instant end() {
        return start.plus(step.multipliedBy(avg.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UsageSeries s && start.equals(s.start) && step.equals(s.step)
                && Arrays.equals(avg, s.avg) && Arrays.equals(max, s.max) && Arrays.equals(samples, s.samples);
    }

    /**
     * Consistent with {@link #equals} but reads only three points: GPU nodes (whose devices hold these series) are map
     * keys in the analysis, and hashing every point of every series cost ~8 % of a large fleet's analysis time
     * (benchmark 2, BENCHMARKS.md).
     */
    @Override
    public int hashCode() {
        int n = avg.length;
        return n == 0 ? Objects.hash(start, step, 0)
                : Objects.hash(start, step, n, avg[0], avg[n / 2], avg[n - 1]);
    }

    @Override
    public String toString() {
        return "UsageSeries[start=" + start + ", step=" + step + ", points=" + avg.length + ", present=" + presentPoints() + "]";
    }
}
