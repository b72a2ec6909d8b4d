package dev.slicewise.detect;

import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.SeriesMemo;
import dev.slicewise.telemetry.Units;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@link DetectionPolicy} to each GPU and each node.
 *
 * <p>Order of the GPU rule: node too young → {@code TooYoung}; no usable series, too few hours or too little
 * coverage → {@code InsufficientData}; p95 utilization or peak memory at/above its threshold → {@code Busy} (the
 * reason names the threshold crossed); highest hourly maximum at/below the idle threshold → {@code Idle}; else
 * {@code Underused}. Utilization is DCGM_FI_DEV_GPU_UTIL, a time-busy share (not SM occupancy); on a
 * MIG-partitioned GPU, which has no GPU_UTIL per instance, DCGM_FI_PROF_GR_ENGINE_ACTIVE is used instead.
 *
 * <p>A node is underused when all its GPUs are underused or idle, idle when all are idle, has insufficient data
 * when any GPU has, is busy when any GPU is.
 */
public final class Detector {
    private final DetectionPolicy policy;
    private final Clock clock;
    private final SeriesMemo memo;

    public Detector(DetectionPolicy policy, Clock clock) {
        this(policy, clock, new SeriesMemo());
    }

    /** @param memo what the analysis already derived from the GPUs' series (shared with validation and packing) */
    public Detector(DetectionPolicy policy, Clock clock, SeriesMemo memo) {
        this.policy = policy;
        this.clock = clock;
        this.memo = memo;
    }

    public DetectionPolicy policy() {
        return policy;
    }

    /**
     * The verdict of one physical GPU.
     *
     * @param memCapacityMiB framebuffer of the GPU (the instance type's, as EC2 reports it)
     * @param sharing        how the node is shared today (decides which utilization series is used, and is said)
     */
    public Verdict gpu(GpuNode node, GpuDevice gpu, long memCapacityMiB, Window window, SharingState sharing) {
        GpuMetrics m = gpu.metrics();
        boolean mig = sharing.migPartitioned();
        UsageSeries utilSeries = m == null ? null : mig ? m.grEngineActive() : m.util();
        String utilName = mig ? "GR_ENGINE_ACTIVE" : "GPU utilization";
        Evidence ev = evidence(utilSeries, m == null ? null : m.memUsedMiB(), memCapacityMiB, window);
        String shared = sharing.timeSliced()
                ? "; GPU already " + sharing.describe() + ": judged on its per-GPU series, per-pod series are not attributable"
                : "";

        Duration age = node.createdAt() == null ? null : Duration.between(node.createdAt(), clock.instant());
        if (age != null && age.compareTo(policy.minNodeAge()) < 0) {
            return new Verdict.TooYoung(ev, "node is " + hours(age) + " old (created " + node.createdAt()
                    + "), younger than the minimum age of " + hours(policy.minNodeAge()) + ": its window is not representative yet");
        }
        if (m == null || (m.util() == null && m.memUsedMiB() == null && m.grEngineActive() == null)) {
            return new Verdict.InsufficientData(ev, "no samples for this GPU in the window");
        }
        List<String> broken = memo.problems(m);
        if (!broken.isEmpty()) {
            return new Verdict.InsufficientData(ev, "unusable samples, GPU not analysed: " + String.join("; ", broken));
        }
        if (mig && m.grEngineActive() == null) {
            return new Verdict.InsufficientData(ev, "GPU is " + sharing.describe() + " and DCGM_FI_PROF_GR_ENGINE_ACTIVE is not "
                    + "published; GPU_UTIL is not reported per MIG instance, so its use cannot be judged (enable the profiling "
                    + "metric in dcgm-exporter's metrics CSV)");
        }
        if (utilSeries == null || !utilSeries.anyPresent()) {
            return new Verdict.InsufficientData(ev, "no " + (mig ? "GR_ENGINE_ACTIVE" : "GPU_UTIL") + " samples for this GPU in the window");
        }
        if (m.memUsedMiB() == null || !m.memUsedMiB().anyPresent()) {
            return new Verdict.InsufficientData(ev, "no framebuffer (FB_USED) samples: peak memory unknown, so sharing cannot be sized");
        }
        if (ev.coverage() < policy.minCoverage() || ev.points() < policy.minPoints()) {
            return new Verdict.InsufficientData(ev, "only " + ev.points() + " of " + window.points() + " hours hold data ("
                    + share(ev.coverage()) + " coverage; the rule needs " + share(policy.minCoverage())
                    + " and at least " + policy.minPoints() + " hours)" + shared);
        }

        String over = " over " + Units.duration(window.length()) + " (" + share(ev.coverage()) + " coverage)";
        double memFraction = ev.peakMemMiB() / ev.memCapacityMiB();
        String mem = "peak memory " + gib(ev.peakMemMiB()) + " = " + share(memFraction) + " of "
                + gib(ev.memCapacityMiB());
        List<String> crossed = new ArrayList<>();
        if (ev.p95UtilPct() >= policy.maxP95UtilPct()) {
            crossed.add("p95 " + utilName + " " + pct(ev.p95UtilPct()) + " ≥ " + pct(policy.maxP95UtilPct()) + " threshold");
        }
        if (memFraction >= policy.maxPeakMemFraction()) {
            crossed.add(mem + " ≥ " + share(policy.maxPeakMemFraction()) + " threshold");
        }
        if (!crossed.isEmpty()) {
            return new Verdict.Busy(ev, "busy: " + String.join(" and ", crossed) + over + shared);
        }
        if (ev.maxUtilPct() <= policy.idleMaxUtilPct()) {
            return new Verdict.Idle(ev, "idle: highest hourly " + utilName + " " + pct(ev.maxUtilPct()) + " ≤ "
                    + pct(policy.idleMaxUtilPct()) + " and " + mem + over + shared);
        }
        return new Verdict.Underused(ev, "p95 " + utilName + " " + pct(ev.p95UtilPct()) + " < "
                + pct(policy.maxP95UtilPct()) + " and " + mem + over + shared);
    }

    /** The verdict of a node from its GPUs' verdicts (in device order). */
    public Verdict node(GpuNode node, List<String> devices, List<Verdict> gpus) {
        if (gpus.isEmpty()) {
            Evidence none = new Evidence(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0);
            return new Verdict.InsufficientData(none, "the node reports no GPU device");
        }
        Evidence ev = worst(gpus);
        boolean single = gpus.size() == 1;
        for (int i = 0; i < gpus.size(); i++) {
            if (gpus.get(i) instanceof Verdict.TooYoung v) return new Verdict.TooYoung(ev, v.reason());
        }
        for (int i = 0; i < gpus.size(); i++) {
            if (gpus.get(i) instanceof Verdict.InsufficientData v) {
                return new Verdict.InsufficientData(ev, prefix(single, devices.get(i)) + "insufficient data: " + v.reason());
            }
        }
        for (int i = 0; i < gpus.size(); i++) {
            if (gpus.get(i) instanceof Verdict.Busy v) return new Verdict.Busy(ev, prefix(single, devices.get(i)) + v.reason());
        }
        if (gpus.stream().allMatch(v -> v instanceof Verdict.Idle)) {
            return new Verdict.Idle(ev, single ? gpus.get(0).reason() : "all " + gpus.size() + " GPUs idle; " + busiest(devices, gpus));
        }
        return new Verdict.Underused(ev, single ? gpus.get(0).reason()
                : "all " + gpus.size() + " GPUs underused or idle; " + busiest(devices, gpus));
    }

    private static String busiest(List<String> devices, List<Verdict> gpus) {
        int b = 0;
        for (int i = 1; i < gpus.size(); i++) {
            if (gpus.get(i).evidence().p95UtilPct() > gpus.get(b).evidence().p95UtilPct()) b = i;
        }
        return "busiest " + devices.get(b) + ": " + gpus.get(b).reason();
    }

    private static String prefix(boolean single, String device) {
        return single ? "" : device + ": ";
    }

    /** The node's numbers: the worst GPU in each dimension (highest use, lowest coverage). */
    static Evidence worst(List<Verdict> gpus) {
        double p50 = Double.NaN, p95 = Double.NaN, max = Double.NaN, mem = Double.NaN, cov = Double.NaN;
        long cap = 0;
        int points = Integer.MAX_VALUE;
        for (Verdict v : gpus) {
            Evidence e = v.evidence();
            p50 = hi(p50, e.p50UtilPct());
            p95 = hi(p95, e.p95UtilPct());
            max = hi(max, e.maxUtilPct());
            mem = hi(mem, e.peakMemMiB());
            cap = Math.max(cap, e.memCapacityMiB());
            cov = Double.isNaN(cov) ? e.coverage() : Math.min(cov, e.coverage());
            points = Math.min(points, e.points());
        }
        return new Evidence(p50, p95, max, mem, cap, Double.isNaN(cov) ? 0 : cov, points == Integer.MAX_VALUE ? 0 : points);
    }

    private static double hi(double a, double b) {
        if (Double.isNaN(a)) return b;
        if (Double.isNaN(b)) return a;
        return Math.max(a, b);
    }

    /** The numbers of one GPU: NaN where a series is missing or unusable. */
    Evidence evidence(UsageSeries util, UsageSeries mem, long capacityMiB, Window window) {
        double p50 = Double.NaN, p95 = Double.NaN, max = Double.NaN, peakMem = Double.NaN, coverage = 0;
        int points = 0;
        try {
            if (util != null) {
                SeriesMemo.Summary u = memo.summary(util, window);
                points = u.points();
                coverage = window.points() == 0 ? 0 : (double) points / window.points();
                p50 = u.p50();
                p95 = u.p95();
                max = u.peak();
            }
            if (mem != null) peakMem = memo.peak(mem, window);
        } catch (IllegalArgumentException e) {
            // a series not aligned to the window: reported by the analyzer, treated as no data here
            return new Evidence(Double.NaN, Double.NaN, Double.NaN, Double.NaN, capacityMiB, 0, 0);
        }
        return new Evidence(p50, p95, max, peakMem, capacityMiB, coverage, points);
    }

    // Every GPU's reason repeats the pool's thresholds, capacity and coverage, and String.format is most of what a
    // reason costs: each distinct number is written once per detector (Double keys tell -0.0 from 0.0, as the format does)
    private final Map<Double, String> pcts = new HashMap<>(), shares = new HashMap<>(), gibs = new HashMap<>();

    private String pct(double v) {
        return pcts.computeIfAbsent(v, Units::pct);
    }

    private String share(double fraction) {
        return shares.computeIfAbsent(fraction, Units::share);
    }

    private String gib(double mib) {
        return gibs.computeIfAbsent(mib, Units::gib);
    }

    private static String hours(Duration d) {
        return Units.duration(d.truncatedTo(java.time.temporal.ChronoUnit.HOURS));
    }

    /** When the node is old enough to be judged, for the report. */
    public Instant oldEnoughAt(GpuNode node) {
        return node.createdAt() == null ? null : node.createdAt().plus(policy.minNodeAge());
    }
}
