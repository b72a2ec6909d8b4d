package dev.slicewise.report;

import dev.slicewise.detect.DetectionPolicy;
import dev.slicewise.detect.Evidence;
import dev.slicewise.detect.Verdict;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.InputProblem;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.NodePoolInfo;
import dev.slicewise.fleet.Window;
import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanStep;
import dev.slicewise.pricing.Price;
import dev.slicewise.pricing.PriceSource;
import dev.slicewise.pricing.Savings;
import dev.slicewise.recommend.Alternative;
import dev.slicewise.recommend.Footprint;
import dev.slicewise.recommend.GpuEvidence;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Risk;
import dev.slicewise.recommend.Sharing;
import dev.slicewise.risk.LatencyEstimate;
import dev.slicewise.risk.TimeSlicingLatencyModel;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A realistic analysis built by hand (the engine's analyzer and demo fleet are written concurrently): one cluster,
 * seven days of hourly telemetry, three pools —
 * <ul>
 *   <li>{@code inference-t4}: 4 × g4dn.2xlarge (T4) → 2, time-slicing 2 replicas; $0.752/h → saves 2 × 0.752 × 730 = $1,097.92</li>
 *   <li>{@code training-h100}: 5 × p5.4xlarge (H100) → 2, MIG mixed (2g+1g+1g+3g and 4g+2g+1g.20gb with two spares);
 *       $6.88/h → saves 3 × 6.88 × 730 = $15,067.20</li>
 *   <li>{@code batch-a10g}: 3 × g5.2xlarge, busy: leave as is</li>
 * </ul>
 * plus two input problems and a collection note. Total savings $16,165.12. Series are generated from a fixed seed, and
 * the evidence and packing numbers are computed from them, so charts and numbers agree.
 */
final class DemoReportFixture {
    static final Instant START = Instant.parse("2026-11-17T00:00:00Z");
    static final Instant END = Instant.parse("2026-11-24T00:00:00Z");
    static final Duration STEP = Duration.ofHours(1);
    static final int HOURS = 168;
    static final Window WINDOW = new Window(START, END, STEP);
    static final String CLUSTER = "demo-east";
    static final long T4_MIB = 15360;
    static final long H100_MIB = 81559;
    static final long A10G_MIB = 22888;
    static final DetectionPolicy DETECTION = DetectionPolicy.DEFAULT;

    /** Names a test may replace with hostile ones (XSS tests). */
    record Names(String notebookPod, String t4Pool) {
        static final Names DEMO = new Names("jupyter-alice-0", "inference-t4");
    }

    private final Names names;
    private final List<GpuNode> nodes = new ArrayList<>();
    private final List<GpuWorkload> workloads = new ArrayList<>();
    private final Map<String, GpuMetrics> tenantSeries = new LinkedHashMap<>();

    private DemoReportFixture(Names names) {
        this.names = names;
    }

    static ReportInputs build() {
        return build(Names.DEMO);
    }

    static ReportInputs build(Names names) {
        return new DemoReportFixture(names).make();
    }

    private ReportInputs make() {
        List<Recommendation> recs = List.of(t4Pool(), h100Pool(), a10gPool());
        ClusterSnapshot cluster = new ClusterSnapshot(CLUSTER, "us-east-1",
                List.of(pool(names.t4Pool(), "g4dn.2xlarge"), pool("training-h100", "p5.4xlarge"), pool("batch-a10g", "g5.2xlarge")),
                nodes, workloads,
                new DevicePluginSetup(DevicePluginSetup.Mode.GPU_OPERATOR, "gpu-operator", null, null, Map.of(), "single"),
                List.of("NodeOverlay CRD found but the NodeOverlay feature gate is off: Karpenter will over-count sliced capacity until it is enabled"));
        FleetSnapshot snapshot = new FleetSnapshot(FleetSnapshot.SCHEMA_VERSION, END.plusSeconds(120), WINDOW, List.of(cluster));
        AnalysisReport report = new AnalysisReport(END.plusSeconds(300), WINDOW, AnalysisPolicy.DEFAULT, recs, List.of(
                new InputProblem(CLUSTER + "/node ip-10-0-9-9", "instance type g9.xlarge is not in the catalog; its GPUs were left out"),
                new InputProblem(CLUSTER + "/node ip-10-0-3-34/nvidia0", "CloudWatch returned no DCGM_FI_DEV_GPU_UTIL series for this GPU in the window")));
        return new ReportInputs(report, snapshot);
    }

    // ------------------------------------------------------------------------------------------ inference-t4

    private Recommendation t4Pool() {
        String pool = names.t4Pool();
        String n1 = "ip-10-0-1-11", n2 = "ip-10-0-1-12", n3 = "ip-10-0-1-13", n4 = "ip-10-0-1-14";
        // business-hours API, night-time batch embedder, steady OCR, a spiky notebook with a 6-hour telemetry gap
        GpuMetrics llm = series(11, 13, 21, 4, 26, 4800, 5400, -1, 0);
        GpuMetrics embed = series(12, 1, 6, 3, 24, 2900, 3200, -1, 0);
        GpuMetrics ocr = series(13, 9, 17, 6, 14, 3600, 4100, -1, 0);
        GpuMetrics notebook = series(14, 14, 18, 1, 9, 1800, 2700, 60, 6);
        String llmId = "inference/llm-api-7d9f-0", embedId = "inference/embedder-5c4b-0", ocrId = "inference/ocr-6f8d-0";
        String nbId = "notebooks/" + names.notebookPod();
        node(n1, pool, "g4dn.2xlarge", llm);
        node(n2, pool, "g4dn.2xlarge", embed);
        node(n3, pool, "g4dn.2xlarge", ocr);
        node(n4, pool, "g4dn.2xlarge", notebook);
        workload(llmId, "Deployment/llm-api", n1);
        workload(embedId, "Deployment/embedder", n2);
        workload(ocrId, "Deployment/ocr", n3);
        workload(nbId, "StatefulSet/jupyter-alice", n4);

        Sharing.SharedGpu g1 = shared(n1, List.of(llmId, embedId), llm, embed);
        Sharing.SharedGpu g2 = shared(n3, List.of(ocrId, nbId), ocr, notebook);
        // the engine's calibrated model on the tenants' hourly GPU time; the page shows the most affected GPU's estimate
        TimeSlicingLatencyModel model = new TimeSlicingLatencyModel();
        LatencyEstimate latency = java.util.stream.Stream.of(
                        model.estimate(List.of(llm.util().avg(), embed.util().avg())),
                        model.estimate(List.of(ocr.util().avg(), notebook.util().avg())))
                .max(java.util.Comparator.comparingDouble(LatencyEstimate::p95Factor)).orElseThrow();
        Savings savings = Savings.of(new Price(0.752, new PriceSource(PriceSource.Kind.BUNDLED_TABLE, "us-east-1 on-demand, 2026-07-20")),
                730, 4, 2, null);
        Plan plan = new Plan(List.of(
                new PlanStep.DevicePluginConfig("ts-2", 2, false, true, """
                        version: v1
                        flags:
                          migStrategy: none
                        sharing:
                          timeSlicing:
                            failRequestsGreaterThanOne: true
                            resources:
                            - name: nvidia.com/gpu
                              replicas: 2
                        """),
                new PlanStep.ClusterPolicyPatch("slicewise-device-plugin", null),
                new PlanStep.NodePoolUpdate(pool, Map.of("nvidia.com/device-plugin.config", "ts-2", "slicewise.dev/sharing", "ts-2"),
                        Map.of("nvidia.com/gpu", "8"), "1"),
                new PlanStep.NodeOverlay("slicewise-" + pool + "-ts-2",
                        List.of(new PlanStep.Requirement("slicewise.dev/sharing", "In", List.of("ts-2")),
                                new PlanStep.Requirement("karpenter.k8s.aws/instance-gpu-count", "In", List.of("1"))),
                        Map.of("nvidia.com/gpu", "2"), 100),
                new PlanStep.RemoveNodes(List.of(n2, n4), "Karpenter consolidation once their pods moved")),
                List.of("Restore NodePool " + pool + " template labels and limits from the before-image (drift brings back whole GPUs)",
                        "Delete NodeOverlay slicewise-" + pool + "-ts-2",
                        "Remove config 'ts-2' from ConfigMap gpu-operator/slicewise-device-plugin and restore ClusterPolicy devicePlugin.config"),
                List.of("Changing the NodePool template drifts and replaces all 4 nodes, 1 at a time: each pod restarts once."));
        return new Recommendation("rec-t4-7f3a9c", CLUSTER, "us-east-1", pool, "g4dn.2xlarge", "T4", 1, "on-demand",
                new Sharing.TimeSlicing(2, List.of(g1, g2), latency), new Footprint(4, 4), new Footprint(2, 2), savings,
                List.of("All 4 GPUs are underused: p95 utilization below 50 % and peak memory below 60 % over 7 days.",
                        "Paired by complementary busy hours, two tenants per GPU keep the p95 of their summed GPU time below 70 % and fit in memory with 10 % to spare."),
                List.of(new Risk(Risk.Kind.NO_MEMORY_ISOLATION, Risk.Severity.MEDIUM,
                                "Time-slicing does not isolate memory: a tenant that grows past its measured peak can make its neighbour fail with out-of-memory."),
                        new Risk(Risk.Kind.LATENCY, Risk.Severity.LOW, "When busy hours overlap, requests wait for the other tenant's time slice."),
                        new Risk(Risk.Kind.NODE_REPLACEMENT, Risk.Severity.MEDIUM, "Drift replaces the pool's nodes one at a time.")),
                List.of(evidence(n1, llm), evidence(n2, embed), evidence(n3, ocr), evidence(n4, notebook)),
                List.of(new Alternative("time-slicing ×4", 1, 1, 3 * 0.752 * 730, "the p95 of the summed GPU time would exceed the 70 % target")),
                plan);
    }

    // ------------------------------------------------------------------------------------------ training-h100

    private Recommendation h100Pool() {
        String pool = "training-h100";
        String[] n = {"ip-10-0-2-21", "ip-10-0-2-22", "ip-10-0-2-23", "ip-10-0-2-24", "ip-10-0-2-25"};
        GpuMetrics vision = series(21, 13, 22, 5, 18, 12800, 14100, -1, 0);
        GpuMetrics tokenizer = series(22, 8, 20, 2, 9, 5200, 6100, -1, 0);
        GpuMetrics reranker = series(23, 12, 20, 3, 11, 6300, 7000, -1, 0);
        GpuMetrics trainer = series(24, 0, 24, 18, 22, 28000, 30500, -1, 0);
        GpuMetrics eval = series(25, 2, 7, 4, 35, 30000, 34200, -1, 0);
        String[] ids = {"ml/vision-api-0", "ml/tokenizer-0", "ml/reranker-0", "ml/finetune-small-0", "ml/llm-eval-0"};
        String[] owners = {"Deployment/vision-api", "Deployment/tokenizer", "Deployment/reranker", "Deployment/finetune-small", "Job/llm-eval"};
        GpuMetrics[] m = {vision, tokenizer, reranker, trainer, eval};
        for (int i = 0; i < 5; i++) {
            node(n[i], pool, "p5.4xlarge", m[i]);
            workload(ids[i], owners[i], n[i]);
        }
        // 3g + 2g + 1g + 1g fits only with the 3g at slice 4 (nvidia-k8s reference §3.1)
        Sharing.MigGpu a = new Sharing.MigGpu(n[0], 0, List.of(
                new Sharing.MigSlice("2g.20gb", 0, 2, ids[0]),
                new Sharing.MigSlice("1g.10gb", 2, 1, ids[1]),
                new Sharing.MigSlice("1g.10gb", 3, 1, ids[2]),
                new Sharing.MigSlice("3g.40gb", 4, 4, ids[3])));
        Sharing.MigGpu b = new Sharing.MigGpu(n[1], 0, List.of(
                new Sharing.MigSlice("4g.40gb", 0, 4, ids[4]),
                new Sharing.MigSlice("2g.20gb", 4, 2, null),
                new Sharing.MigSlice("1g.20gb", 6, 2, null)));
        List<Sharing.WorkloadChange> changes = List.of(
                new Sharing.WorkloadChange(owners[0], "nvidia.com/gpu", "nvidia.com/mig-2g.20gb", Map.of("pods", 1)),
                new Sharing.WorkloadChange(owners[1], "nvidia.com/gpu", "nvidia.com/mig-1g.10gb", Map.of("pods", 1)),
                new Sharing.WorkloadChange(owners[2], "nvidia.com/gpu", "nvidia.com/mig-1g.10gb", Map.of("pods", 1)),
                new Sharing.WorkloadChange(owners[3], "nvidia.com/gpu", "nvidia.com/mig-3g.40gb", Map.of("pods", 1)),
                new Sharing.WorkloadChange(owners[4], "nvidia.com/gpu", "nvidia.com/mig-4g.40gb", Map.of("pods", 1)));
        Savings savings = Savings.of(new Price(6.88, new PriceSource(PriceSource.Kind.PRICING_API, "us-east-1, read 2026-11-24")),
                730, 5, 2, null);
        Plan plan = new Plan(List.of(
                new PlanStep.ClusterPolicyPatch(null, "mixed"),
                new PlanStep.MigConfig("slicewise-h100-a", false, Map.of("2g.20gb", 1, "1g.10gb", 2, "3g.40gb", 1), List.of("0x233010DE"), """
                        version: v1
                        mig-configs:
                          slicewise-h100-a:
                          - devices: all
                            mig-enabled: true
                            mig-devices:
                              "1g.10gb": 2
                              "2g.20gb": 1
                              "3g.40gb": 1
                        """),
                new PlanStep.MigConfig("slicewise-h100-b", false, Map.of("4g.40gb", 1, "2g.20gb", 1, "1g.20gb", 1), List.of("0x233010DE"), null),
                new PlanStep.DrainNodes(List.of(n[0], n[1]), true, "MIG reconfiguration needs the GPU free of processes"),
                new PlanStep.LabelNodes(List.of(n[0]), Map.of("nvidia.com/mig.config", "slicewise-h100-a")),
                new PlanStep.LabelNodes(List.of(n[1]), Map.of("nvidia.com/mig.config", "slicewise-h100-b")),
                new PlanStep.NodePoolUpdate(pool, Map.of(), Map.of("nodes", "2"), null),
                new PlanStep.RemoveNodes(List.of(n[2], n[3], n[4]), "Karpenter consolidation once their pods moved")),
                List.of("Set nvidia.com/mig.config back to all-disabled on " + n[0] + " and " + n[1] + " (the MIG manager restores whole GPUs)",
                        "Restore the ClusterPolicy MIG strategy and NodePool limits from the before-image",
                        "Revert the workloads' resource requests to nvidia.com/gpu"),
                List.of("5 workloads must change their resource requests before their pods can schedule again.",
                        "Draining evicts the GPU pods on 2 nodes, respecting PodDisruptionBudgets."));
        List<GpuEvidence> ev = new ArrayList<>();
        for (int i = 0; i < 5; i++) ev.add(evidence(n[i], m[i], H100_MIB));
        return new Recommendation("rec-h100-19be02", CLUSTER, "us-east-1", pool, "p5.4xlarge", "H100-80GB", 1, "on-demand",
                new Sharing.Mig("mixed", "slicewise-h100-a", List.of(a, b), changes), new Footprint(5, 5), new Footprint(2, 2), savings,
                List.of("All 5 GPUs are underused: the busiest has a p95 of 35 % and peaks at 34 GiB of 80.",
                        "Each workload fits the smallest MIG instance holding its peak memory with 10 % to spare and its compute at most 70 % of the instance's SMs."),
                List.of(new Risk(Risk.Kind.REQUEST_CHANGES, Risk.Severity.HIGH,
                                "Pods must request nvidia.com/mig-<profile> (mixed strategy); a pod still asking for nvidia.com/gpu will not schedule."),
                        new Risk(Risk.Kind.MIG_RECONFIGURATION, Risk.Severity.MEDIUM, "Re-partitioning needs the GPUs drained; the MIG manager reboots nothing but restarts GPU pods."),
                        new Risk(Risk.Kind.LATENCY, Risk.Severity.LOW, "finetune-small gets 60 of 132 SMs on its 3g.40gb slice; steps may take longer when it used more.")),
                ev, List.of(new Alternative("time-slicing ×3", 2, 2, 3 * 6.88 * 730, "no memory isolation for 30+ GiB tenants; MIG gives the same node count with isolation")),
                plan);
    }

    // ------------------------------------------------------------------------------------------ batch-a10g

    private Recommendation a10gPool() {
        String pool = "batch-a10g";
        String n1 = "ip-10-0-3-31", n2 = "ip-10-0-3-32", n3 = "ip-10-0-3-33";
        GpuMetrics busy1 = series(31, 0, 24, 70, 15, 17000, 19500, -1, 0);
        GpuMetrics busy2 = series(32, 6, 23, 55, 30, 15000, 18000, -1, 0);
        GpuMetrics young = series(33, 0, 24, 30, 10, 9000, 10000, 0, 128); // only the last 40 hours hold data
        node(n1, pool, "g5.2xlarge", busy1);
        node(n2, pool, "g5.2xlarge", busy2);
        node(n3, pool, "g5.2xlarge", young);
        workload("batch/render-0", "Job/render", n1);
        workload("batch/render-1", "Job/render", n2);
        workload("batch/render-2", "Job/render", n3);
        Evidence e1 = evidenceOf(busy1, A10G_MIB);
        Evidence e2 = evidenceOf(busy2, A10G_MIB);
        Evidence e3 = evidenceOf(young, A10G_MIB);
        return new Recommendation("rec-a10g-00c411", CLUSTER, "us-east-1", pool, "g5.2xlarge", "A10G", 1, "spot",
                new Sharing.Unchanged("GPUs are busy: p95 utilization " + Fmt.pct(e1.p95UtilPct()) + " and " + Fmt.pct(e2.p95UtilPct())
                        + " are above the 50 % threshold."),
                new Footprint(3, 3), new Footprint(3, 3),
                Savings.of(new Price(1.212, new PriceSource(PriceSource.Kind.BUNDLED_TABLE, "us-east-1 on-demand, 2026-07-20")), 730, 3, 3,
                        "spot pool: on-demand prices overstate any savings"),
                List.of("2 of 3 GPUs are busy; the third has too little data to judge."),
                List.of(),
                List.of(new GpuEvidence(n1, "nvidia0", new Verdict.Busy(e1, "p95 utilization " + Fmt.pct(e1.p95UtilPct()) + " ≥ 50 %")),
                        new GpuEvidence(n2, "nvidia0", new Verdict.Busy(e2, "p95 utilization " + Fmt.pct(e2.p95UtilPct()) + " ≥ 50 %")),
                        new GpuEvidence(n3, "nvidia0", new Verdict.InsufficientData(e3, "only " + e3.points() + " of 168 hours hold data (need 75 % and 72 h)"))),
                List.of(), Plan.NONE);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static NodePoolInfo pool(String name, String instanceType) {
        return new NodePoolInfo(name, NodePoolInfo.PoolKind.KARPENTER, Map.of(), Map.of("nvidia.com/gpu", "16"),
                List.of(instanceType), List.of("on-demand"));
    }

    private void node(String name, String pool, String instanceType, GpuMetrics metrics) {
        nodes.add(new GpuNode(name, pool, instanceType, "on-demand", START.minus(Duration.ofDays(30)),
                Map.of("karpenter.sh/nodepool", pool, "node.kubernetes.io/instance-type", instanceType), 1,
                List.of(new GpuDevice("nvidia0", "GPU-" + name, metrics))));
    }

    private void workload(String id, String owner, String node) {
        String[] parts = id.split("/", 2);
        workloads.add(new GpuWorkload(parts[0], parts[1], owner, node, List.of("nvidia0"), "nvidia.com/gpu", 1, 2000, 8192, null));
    }

    /**
     * Hourly GPU series from a fixed seed: utilization {@code base}% plus {@code busy}% during UTC hours
     * [{@code from}, {@code to}), hourly maxima a few points higher; framebuffer between {@code memLow} and
     * {@code memPeak} MiB (the peak reached once a day). {@code gapAt}/{@code gapHours} blank hours (no data).
     */
    static GpuMetrics series(long seed, int from, int to, double base, double busy, double memLow, double memPeak, int gapAt, int gapHours) {
        Random r = new Random(seed);
        double[] avg = new double[HOURS];
        double[] max = new double[HOURS];
        double[] memAvg = new double[HOURS];
        double[] memMax = new double[HOURS];
        long[] samples = new long[HOURS];
        for (int h = 0; h < HOURS; h++) {
            int hod = h % 24;
            boolean inBusy = from <= to ? hod >= from && hod < to : hod >= from || hod < to;
            boolean weekend = (h / 24) == 5 || (h / 24) == 6; // Nov 22-23 2026 are Sat/Sun
            double u = base + (inBusy ? busy * (weekend ? 0.4 : 1.0) * (0.75 + 0.5 * r.nextDouble()) : 0) + r.nextDouble() * 2;
            avg[h] = round1(Math.min(100, u));
            max[h] = round1(Math.min(100, u + 3 + r.nextDouble() * 12));
            double mem = memLow + (inBusy ? (memPeak - memLow) * (0.5 + 0.45 * r.nextDouble()) : (memPeak - memLow) * 0.1 * r.nextDouble());
            if (hod == (from + 1) % 24 && !weekend) mem = memPeak;
            memAvg[h] = Math.round(mem * 0.97);
            memMax[h] = Math.round(mem);
            samples[h] = 60;
        }
        int g0 = gapAt;
        if (gapAt >= 0) {
            for (int h = g0; h < Math.min(HOURS, g0 + gapHours); h++) {
                avg[h] = max[h] = memAvg[h] = memMax[h] = Double.NaN;
                samples[h] = 0;
            }
        }
        return new GpuMetrics(new UsageSeries(START, STEP, avg, max, samples),
                new UsageSeries(START, STEP, memAvg, memMax, samples.clone()));
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static GpuEvidence evidence(String node, GpuMetrics m) {
        return evidence(node, m, T4_MIB);
    }

    private static GpuEvidence evidence(String node, GpuMetrics m, long cap) {
        Evidence e = evidenceOf(m, cap);
        return new GpuEvidence(node, "nvidia0", new Verdict.Underused(e, "p95 " + Fmt.pct(e.p95UtilPct()) + " < 50 % and peak memory "
                + Fmt.pct(100 * e.peakMemMiB() / cap) + " < 60 %"));
    }

    static Evidence evidenceOf(GpuMetrics m, long cap) {
        UsageSeries u = m.util();
        double[] present = values(u.avg());
        double maxUtil = Arrays.stream(u.max()).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        double peakMem = Arrays.stream(m.memUsedMiB().max()).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        return new Evidence(percentile(present, 50), percentile(present, 95), maxUtil, peakMem, cap,
                (double) present.length / HOURS, present.length);
    }

    /** Nearest-rank percentile of the hours with data. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) return Double.NaN;
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100 * s.length);
        return s[Math.max(0, rank - 1)];
    }

    private static double[] values(double[] v) {
        return Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
    }

    /** The time-sliced GPU of two tenants: p95 of their summed hourly util, peak of their summed hourly memory. */
    private static Sharing.SharedGpu shared(String node, List<String> tenants, GpuMetrics a, GpuMetrics b) {
        List<Double> sums = new ArrayList<>();
        double peak = 0;
        for (int h = 0; h < HOURS; h++) {
            double ua = a.util().avg()[h], ub = b.util().avg()[h];
            if (!Double.isNaN(ua) && !Double.isNaN(ub)) sums.add(ua + ub);
            double ma = nz(a.memUsedMiB().max()[h]), mb = nz(b.memUsedMiB().max()[h]);
            peak = Math.max(peak, ma + mb);
        }
        double p95 = percentile(sums.stream().mapToDouble(Double::doubleValue).toArray(), 95);
        return new Sharing.SharedGpu(node, 0, tenants, round1(p95), peak, T4_MIB);
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
