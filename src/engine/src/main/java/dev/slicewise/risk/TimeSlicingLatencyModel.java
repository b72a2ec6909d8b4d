package dev.slicewise.risk;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Latency impact of time-slicing one GPU, calibrated on the H100 sharing probe ({@code data/h100-sharing-probe},
 * explained in {@code docs/latency-model.md}).
 *
 * <p>Time-slicing does not overlap contexts: the GPU serves the contexts that have work one time slice at a time, so
 * while a tenant's request is on the GPU it also waits for every other tenant that is active at that moment, plus
 * the cost of switching contexts. Each tenant is modelled as one request in flight that alternates between the GPU
 * and idle time in the proportion of its measured GPU-time (approximate mean-value analysis of a closed queueing
 * network, Bard-Schweitzer): a tenant's GPU work is stretched by {@code s_i = 1 + c * sum_{j != i} Q_j}, where
 * {@code Q_j = s_j u_j / (s_j u_j + 1 - u_j)} is the probability that tenant {@code j} (GPU-time {@code u_j} alone)
 * is active, itself stretched by the sharing. The equations are solved together; as the summed GPU-time approaches
 * and exceeds 100 % every {@code Q_j} tends to 1 and the stretch grows towards {@code 1 + c (n - 1)}, so overload
 * raises the factor without making it infinite (closed loops slow down instead of queueing forever).
 *
 * <p>Only the GPU part of a request is stretched: {@code p50 factor = 1 + g (s - 1)} with {@code g} the GPU share of
 * the request's service time. DCGM's GPU_UTIL cannot tell {@code g}, so the default is 1 (GPU-bound requests), an
 * upper bound for CPU-launch-bound servers. The p95 factor replaces the mean number of co-active tenants
 * {@code m = sum Q_j} by its 95th percentile under a Poisson count, {@code m + 1.645 sqrt(m)}, capped at
 * {@code n - 1}. The reported factors are those of the most affected tenant in the busy hour ({@link BusyHour}).
 */
public final class TimeSlicingLatencyModel implements LatencyModel {

    /**
     * {@code c}: GPU time one co-active tenant costs per unit of the tenant's own GPU time (1 = pure round-robin,
     * the excess is context-switch overhead). Fitted as the minimax of the absolute relative p50 error over the 7
     * time-sliced probe scenarios A2, A4, A7, N4, T2, T4, T7 (grid 1.00..1.60 step 0.01; see ProbeCalibrationTest),
     * where A2 under- and A4 over-predict by 33 % each. The saturated scenarios bracket it on their own: A7 alone
     * implies 1.16, N4 alone 1.30, i.e. the GPU loses 14-23 % of its time to context switches when contexts alternate.
     */
    public static final double CONTEXT_COST = 1.25;

    /** One-sided 95 % standard normal quantile, for the p95 count of co-active tenants (Poisson, variance = mean). */
    public static final double P95_Z = 1.645;

    /** Share of a request's service time spent on the GPU when nothing better is known: all of it (conservative). */
    public static final double GPU_BOUND = 1.0;

    /** One line naming the model as calibrated, for {@link LatencyEstimate#model()}. */
    public static final String MODEL = "time-slicing round-robin (approx. mean-value analysis) fitted on the H100 probe:"
            + " each co-active tenant costs 1.25x its GPU time; busy hour = p95 hour of summed GPU-time;"
            + " requests assumed GPU-bound";

    /** The calibration result recomputed by ProbeCalibrationTest, for {@link LatencyEstimate#calibrationError()}. */
    public static final String CALIBRATION_ERROR = "p50 on 7 time-sliced H100 probe scenarios: median abs. error 9 %,"
            + " max 33 % (A2 -33 %, A4 +33 %: tenants in lock-step); assuming GPU-bound requests it over-predicts"
            + " CPU-launch-bound inference (T7) by 85 %";

    private static final int MAX_ITERATIONS = 100_000;
    private static final double TOLERANCE = 1e-12;

    private final double contextCost;
    private final double gpuShare;
    private final String model;

    /** The calibrated model, assuming GPU-bound requests. */
    public TimeSlicingLatencyModel() {
        this(CONTEXT_COST, GPU_BOUND);
    }

    /**
     * @param contextCost {@code c}, at least 1
     * @param gpuShare    {@code g}, share of a request's service time spent on the GPU, in (0, 1]
     */
    TimeSlicingLatencyModel(double contextCost, double gpuShare) {
        if (!(contextCost >= 1)) throw new IllegalArgumentException("context cost must be >= 1: " + contextCost);
        if (!(gpuShare > 0 && gpuShare <= 1)) throw new IllegalArgumentException("GPU share must be in (0, 1]: " + gpuShare);
        this.contextCost = contextCost;
        this.gpuShare = gpuShare;
        this.model = contextCost == CONTEXT_COST && gpuShare == GPU_BOUND ? MODEL
                : String.format(Locale.ROOT, "time-slicing round-robin (approx. mean-value analysis): each"
                        + " co-active tenant costs %.2fx its GPU time; busy hour = p95 hour of summed GPU-time;"
                        + " GPU share of service time %.2f", contextCost, gpuShare);
    }

    /**
     * The calibrated model for requests that spend only {@code gpuShare} of their service time on the GPU (e.g.
     * 0.21 for the probe's CPU-launch-bound inference server), when that is known from outside DCGM.
     */
    public static TimeSlicingLatencyModel withGpuShare(double gpuShare) {
        return new TimeSlicingLatencyModel(CONTEXT_COST, gpuShare);
    }

    @Override
    public LatencyEstimate estimate(List<double[]> tenantUtil) {
        return at(BusyHour.of(tenantUtil).tenantPct());
    }

    /** The estimate for tenants demanding {@code tenantPct} (percent of one GPU each, 0..100) at the same time. */
    LatencyEstimate at(double[] tenantPct) {
        int n = tenantPct.length;
        double[] u = new double[n];
        for (int i = 0; i < n; i++) u[i] = tenantPct[i] / 100.0;

        // Monotone fixed-point iteration from s = 1: the map is increasing and bounded by 1 + c (n - 1), so the
        // iterates rise to its least fixed point.
        double[] s = new double[n];
        Arrays.fill(s, 1.0);
        double[] q = new double[n];
        for (int it = 0; ; it++) {
            double total = 0;
            for (int j = 0; j < n; j++) total += q[j] = active(u[j], s[j]);
            double change = 0;
            for (int i = 0; i < n; i++) {
                double next = 1 + contextCost * Math.max(0, total - q[i]);
                change = Math.max(change, Math.abs(next - s[i]));
                s[i] = next;
            }
            if (change < TOLERANCE) break;
            if (it == MAX_ITERATIONS) throw new IllegalStateException("latency model did not converge for " + n + " tenants");
        }

        double total = 0;
        for (int j = 0; j < n; j++) total += q[j] = active(u[j], s[j]);
        double p50 = 1, p95 = 1;
        for (int i = 0; i < n; i++) {
            double others = Math.max(0, total - q[i]);
            double others95 = Math.min(n - 1, others + P95_Z * Math.sqrt(others));
            p50 = Math.max(p50, 1 + gpuShare * (s[i] - 1));
            p95 = Math.max(p95, 1 + gpuShare * contextCost * others95);
        }
        return new LatencyEstimate(p50, Math.max(p50, p95), model, CALIBRATION_ERROR);
    }

    /** Probability that a tenant with GPU-time {@code u} alone, stretched by {@code s}, has work on the GPU. */
    private static double active(double u, double s) {
        if (u >= 1) return 1;
        if (u <= 0) return 0;
        return s * u / (s * u + 1 - u);
    }
}
