package dev.slicewise.telemetry;

import dev.slicewise.fleet.Window;
import java.util.Arrays;
import java.util.List;

/**
 * Statistics over hourly series with gaps.
 *
 * <p><b>Percentile definition: nearest rank.</b> Of the n present values sorted ascending x<sub>1</sub> ≤ … ≤
 * x<sub>n</sub>, the p-th percentile is x<sub>k</sub> with k = ⌈p/100 × n⌉ (k = 1 for p = 0). It is always a value
 * that was really observed (no interpolation between two hours), so "p95 24 %" means "95 % of the hours with data
 * were at or below an hour that measured 24 %". Example: {15, 20, 35, 40, 50} gives p30 = 20, p50 = 35, p95 = 50.
 * Gaps ({@code NaN}) are skipped, never filled.
 */
public final class Stats {
    private Stats() {}

    /** Nearest-rank percentile of the non-NaN values; NaN when there is none. */
    public static double percentile(double[] values, double p) {
        if (!(p >= 0 && p <= 100)) throw new IllegalArgumentException("percentile must be in [0, 100]: " + p);
        double[] present = new double[values.length];
        int n = 0;
        for (double v : values) if (!Double.isNaN(v)) present[n++] = v;
        if (n == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * n - 1e-9);
        int k = Math.max(1, Math.min(n, rank)) - 1;
        return n - k <= TOP_K ? fromTop(present, n, n - k) : select(present, n, n - 1, k);
    }

    /** Ranks this close to the top (p95 of 336 hours is the 17th largest) are read from a small sorted buffer. */
    private static final int TOP_K = 40;

    /** The m-th largest of {@code a[0..n)} in {@link Double#compare} order, keeping only the m largest seen. */
    private static double fromTop(double[] a, int n, int m) {
        double[] top = new double[m]; // ascending; top[0] is the m-th largest so far
        int size = 0;
        for (int i = 0; i < n; i++) {
            double v = a[i];
            if (size < m) {
                int j = size++;
                while (j > 0 && Double.compare(top[j - 1], v) > 0) {
                    top[j] = top[j - 1];
                    j--;
                }
                top[j] = v;
            } else if (Double.compare(v, top[0]) > 0) {
                int j = 0;
                while (j + 1 < m && Double.compare(top[j + 1], v) < 0) {
                    top[j] = top[j + 1];
                    j++;
                }
                top[j] = v;
            }
        }
        return top[0];
    }

    /**
     * The k-th smallest (0-based) of {@code a[0..n)} in {@link Double#compare} order — the element {@code Arrays.sort}
     * would put at index k — by quickselect (median-of-three pivots; reorders {@code a}), looking only at
     * {@code a[0..hi]}, which must hold the k + 1 smallest. A percentile needs no full sort, and percentiles run
     * several times per GPU.
     */
    static double select(double[] a, int n, int hi, int k) {
        // primitive comparisons (no NaN here); only the sign of a zero result needs Double.compare's order, fixed below
        int lo = 0;
        double found = Double.NaN;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double x = a[lo], y = a[mid], z = a[hi];
            double pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else {
                found = a[k];
                break;
            }
        }
        if (Double.isNaN(found)) found = a[k];
        if (found == 0) {
            // Arrays.sort puts -0.0 before 0.0: the k-th is -0.0 exactly when fewer than k + 1 values sort after it
            int belowOrNegZero = 0;
            for (int i = 0; i < n; i++) if (a[i] < 0 || (a[i] == 0 && Double.doubleToRawLongBits(a[i]) != 0)) belowOrNegZero++;
            return k < belowOrNegZero ? -0.0 : 0.0;
        }
        return found;
    }

    /**
     * Several nearest-rank percentiles of the non-NaN values from one sort (each NaN when there is none). A plain loop
     * and one {@link Arrays#sort}: percentiles run several times per GPU, so a large fleet's analysis time is mostly
     * here (benchmark 2, BENCHMARKS.md).
     */
    public static double[] percentiles(double[] values, double... ps) {
        double[] present = new double[values.length];
        int n = 0;
        for (double v : values) if (!Double.isNaN(v)) present[n++] = v;
        return percentilesInPlace(present, n, ps);
    }

    /** As {@link #percentiles(double[], double...)} of {@code present[0..n)}, which holds no NaN and is reordered. */
    static double[] percentilesInPlace(double[] present, int n, double... ps) {
        for (double p : ps) if (!(p >= 0 && p <= 100)) throw new IllegalArgumentException("percentile must be in [0, 100]: " + p);
        double[] out = new double[ps.length];
        if (n == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        // highest rank first: after selecting rank k everything left of it is no greater, so a lower rank is selected
        // within [0, k] (a stable insertion sort of the few indexes, no boxing)
        int[] order = new int[ps.length];
        for (int i = 0; i < ps.length; i++) {
            int j = i;
            while (j > 0 && Double.compare(ps[i], ps[order[j - 1]]) > 0) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        int bound = n - 1;
        for (int i : order) {
            // the epsilon keeps 0.95 × 20 = 19.000000000000004 from becoming rank 20
            int rank = (int) Math.ceil(ps[i] / 100.0 * n - 1e-9);
            int k = Math.max(1, Math.min(n, rank)) - 1;
            out[i] = select(present, n, bound, k);
            bound = k;
        }
        return out;
    }

    /** Nearest-rank percentile of the series' hourly averages over the hours that hold data. */
    public static double percentile(UsageSeries s, double p) {
        return percentile(presentAverages(s), p);
    }

    /** Highest hourly maximum over the hours that hold data; NaN when none does. */
    public static double max(UsageSeries s) {
        double m = Double.NaN;
        for (int i = 0; i < s.length(); i++) {
            if (!s.present(i)) continue;
            double v = Double.isNaN(s.max()[i]) ? s.avg()[i] : s.max()[i];
            if (Double.isNaN(m) || v > m) m = v;
        }
        return m;
    }

    /** Highest non-NaN value; NaN when none. */
    public static double max(double[] values) {
        double m = Double.NaN;
        for (double v : values) if (!Double.isNaN(v) && (Double.isNaN(m) || v > m)) m = v;
        return m;
    }

    /** Present points / the window's points (0..1). A series longer than the window cannot exceed 1. */
    public static double coverage(UsageSeries s, Window window) {
        int points = window.points();
        if (points <= 0) return 0;
        return Math.min(1.0, (double) presentIn(aligned(s, window)) / points);
    }

    /** Number of non-NaN values. */
    public static int presentIn(double[] values) {
        int n = 0;
        for (double v : values) if (!Double.isNaN(v)) n++;
        return n;
    }

    /** The hourly averages of the hours that hold data, in time order. */
    public static double[] presentAverages(UsageSeries s) {
        double[] out = new double[s.presentPoints()];
        int j = 0;
        for (int i = 0; i < s.length(); i++) if (s.present(i)) out[j++] = s.avg()[i];
        return out;
    }

    /**
     * The series' hourly averages laid on the window's steps: index i is the step starting at
     * {@code window.start + i × step}; steps the series does not cover, or that hold no data, are NaN. A series
     * whose step differs from the window's, or that is not aligned to it, cannot be compared hour by hour and is
     * rejected (the collectors produce aligned series).
     */
    public static double[] aligned(UsageSeries s, Window window) {
        return aligned(s, window, false);
    }

    /** As {@link #aligned(UsageSeries, Window)}, taking the hourly maxima (the average where a maximum is missing). */
    public static double[] alignedMax(UsageSeries s, Window window) {
        return aligned(s, window, true);
    }

    private static double[] aligned(UsageSeries s, Window window, boolean maxima) {
        int shift = shift(s, window);
        double[] out = new double[window.points()];
        Arrays.fill(out, Double.NaN);
        for (int i = 0; i < s.length(); i++) {
            int j = i + shift;
            if (j >= 0 && j < out.length && s.present(i)) {
                out[j] = maxima && !Double.isNaN(s.max()[i]) ? s.max()[i] : s.avg()[i];
            }
        }
        return out;
    }

    /**
     * The non-NaN values of {@link #aligned(UsageSeries, Window)}, in time order, without the window-sized array:
     * what a percentile or a count of the hours with data needs.
     */
    public static double[] presentInWindow(UsageSeries s, Window window) {
        int shift = shift(s, window), points = window.points();
        double[] avg = s.avg();
        int n = 0;
        for (int i = 0; i < avg.length; i++) if (i + shift >= 0 && i + shift < points && s.present(i)) n++;
        double[] out = new double[n];
        n = 0;
        for (int i = 0; i < avg.length; i++) if (i + shift >= 0 && i + shift < points && s.present(i)) out[n++] = avg[i];
        return out;
    }

    /** {@code max(alignedMax(s, window))} without building the aligned array. */
    public static double maxInWindow(UsageSeries s, Window window) {
        int shift = shift(s, window), points = window.points();
        double[] avg = s.avg(), max = s.max();
        double m = Double.NaN;
        for (int i = 0; i < avg.length; i++) {
            int j = i + shift;
            if (j >= 0 && j < points && s.present(i)) {
                double v = !Double.isNaN(max[i]) ? max[i] : avg[i];
                if (!Double.isNaN(v) && (Double.isNaN(m) || v > m)) m = v;
            }
        }
        return m;
    }

    /** Where step 0 of the series falls on the window's steps; rejects a series that cannot be laid on them. */
    private static int shift(UsageSeries s, Window window) {
        if (!s.step().equals(window.step())) {
            throw new IllegalArgumentException("series step " + s.step() + " differs from the window step " + window.step());
        }
        // Duration.between(window.start(), s.start()).toSeconds() without building a Duration: this runs for every
        // series of every GPU, several times (benchmark 2, BENCHMARKS.md)
        long offsetSeconds = s.start().getEpochSecond() - window.start().getEpochSecond()
                - (s.start().getNano() < window.start().getNano() ? 1 : 0);
        long stepSeconds = window.step().toSeconds();
        if (offsetSeconds % stepSeconds != 0) {
            throw new IllegalArgumentException("series starts at " + s.start() + ", not on a step of the window starting " + window.start());
        }
        return (int) (offsetSeconds / stepSeconds);
    }

    /**
     * Sums aligned series hour by hour. An hour of the sum is present only when <em>every</em> series has data in
     * it: filling a tenant's gap with zero would understate the load, filling it with a guess would invent data.
     * The result says how many hours were dropped that way.
     */
    public static SummedSeries sum(List<double[]> series) {
        if (series.isEmpty()) return new SummedSeries(new double[0], 0, 0);
        int n = series.get(0).length;
        for (double[] s : series) {
            if (s.length != n) throw new IllegalArgumentException("series are not aligned: " + s.length + " vs " + n + " points");
        }
        double[] sum = new double[n];
        int present = 0;
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            double total = 0;
            int missing = 0;
            int have = 0;
            for (double[] s : series) {
                if (Double.isNaN(s[i])) missing++;
                else {
                    total += s[i];
                    have++;
                }
            }
            if (missing == 0) {
                sum[i] = total;
                present++;
            } else {
                sum[i] = Double.NaN;
                if (have > 0) dropped++;
            }
        }
        return new SummedSeries(sum, present, dropped);
    }
}
