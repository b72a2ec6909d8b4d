package dev.slicewise.workflow.testkit;

import dev.slicewise.detect.Evidence;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.NodePoolInfo;
import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Duration;
import java.util.ArrayList;
import dev.slicewise.detect.Verdict;
import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanStep;
import dev.slicewise.pricing.Price;
import dev.slicewise.pricing.PriceSource;
import dev.slicewise.pricing.Savings;
import dev.slicewise.recommend.Footprint;
import dev.slicewise.recommend.GpuEvidence;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Risk;
import dev.slicewise.recommend.Sharing;
import dev.slicewise.risk.LatencyEstimate;
import java.util.List;
import java.util.Map;

/**
 * Hand-built recommendations for the workflow tests. The numbers are the README's g4dn.xlarge example: 4 nodes at the
 * bundled $0.526/h become 2, so 2 × 0.526 × 730 = $767.96 a month is saved (before $1,535.92, after $767.96).
 */
public final class Samples {
    public static final String CLUSTER = "prod-eks";
    public static final String POOL = "gpu-inference";

    private Samples() {}

    public static Recommendation timeSlicing() {
        return timeSlicing("ts-2x-gpu-inference-9f1c", POOL);
    }

    public static Recommendation timeSlicing(String id, String pool) {
        Savings savings = Savings.of(new Price(0.526, new PriceSource(PriceSource.Kind.BUNDLED_TABLE, "us-east-1 list price, 2026-07-20")),
                730, 4, 2, null);
        Sharing sharing = new Sharing.TimeSlicing(2, List.of(
                new Sharing.SharedGpu("ip-10-0-1-10", 0, List.of("ml/embed-0", "ml/rerank-0"), 41.0, 9000, 15360),
                new Sharing.SharedGpu("ip-10-0-1-11", 0, List.of("ml/embed-1", "ml/rerank-1"), 38.5, 8200, 15360)),
                new LatencyEstimate(1.25, 1.8, "time-share queueing model", "median abs. error 6 % on 9 H100 scenarios"));
        Plan plan = new Plan(List.of(
                new PlanStep.DevicePluginConfig("slicewise-ts-2", 2, false, false,
                        "version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 2\n"),
                new PlanStep.NodePoolUpdate(pool, Map.of("nvidia.com/device-plugin.config", "slicewise-ts-2"),
                        Map.of("nvidia.com/gpu", "8"), "1")),
                List.of("restore NodePool " + pool + " labels and limits", "remove device-plugin config 'slicewise-ts-2'"),
                List.of("Karpenter drift replaces the 4 nodes, one at a time"));
        return new Recommendation(id, CLUSTER, "us-east-1", pool, "g4dn.xlarge", "NVIDIA T4", 1, "on-demand", sharing,
                new Footprint(4, 4), new Footprint(2, 2), savings,
                List.of("4 of 4 GPUs are underused: p95 of hourly GPU utilization 18-24 % (threshold 50 %) over 168 h",
                        "Two tenants per GPU keep the summed p95 at 41 % (target 70 %) and peak memory at 9,000 of 15,360 MiB"),
                List.of(new Risk(Risk.Kind.NO_MEMORY_ISOLATION, Risk.Severity.MEDIUM,
                                "Time-slicing has no memory isolation: a tenant growing past 6 GiB can run its neighbour out of memory."),
                        new Risk(Risk.Kind.LATENCY, Risk.Severity.LOW, "p95 latency of the busiest tenant may grow 1.8x.")),
                List.of(new GpuEvidence("ip-10-0-1-10", "nvidia0",
                                new Verdict.Underused(new Evidence(12, 24, 61, 4500, 15360, 1.0, 168), "p95 24 % < 50 %")),
                        new GpuEvidence("ip-10-0-1-12", "nvidia0",
                                new Verdict.Underused(new Evidence(9, Double.NaN, 40, 4100, 15360, 0.8, 134), "p95 n/a"))),
                List.of(), plan);
    }

    /**
     * The fleet behind {@link #timeSlicing()}: four g4dn.xlarge nodes of NodePool gpu-inference, one T4 each, with
     * hourly utilization over {@code window} (a daily wave between 2 % and 22 %, three hours missing on one GPU) and
     * framebuffer use around 4,000–4,500 MiB, one workload per GPU.
     */
    public static FleetSnapshot snapshot(Window window) {
        int n = window.points();
        List<GpuNode> nodes = new ArrayList<>();
        List<GpuWorkload> workloads = new ArrayList<>();
        String[] tenants = {"ml/embed-0", "ml/rerank-0", "ml/embed-1", "ml/rerank-1"};
        for (int i = 0; i < 4; i++) {
            double[] util = new double[n];
            double[] mem = new double[n];
            for (int h = 0; h < n; h++) {
                util[h] = Math.round((12 + 10 * Math.sin(2 * Math.PI * (h + 3 * i) / 24.0)) * 10) / 10.0;
                mem[h] = 4000 + 100 * i + (h % 6) * 20;
                if (i == 2 && h >= 5 && h < 8) util[h] = mem[h] = Double.NaN;
            }
            String node = "ip-10-0-1-1" + i;
            nodes.add(new GpuNode(node, POOL, "g4dn.xlarge", "on-demand", window.start().minus(Duration.ofDays(30)),
                    Map.of("karpenter.sh/nodepool", POOL, "node.kubernetes.io/instance-type", "g4dn.xlarge"), 1,
                    List.of(new GpuDevice("nvidia0", "GPU-0000000" + i, new GpuMetrics(UsageSeries.of(window.start(), window.step(), util),
                            UsageSeries.of(window.start(), window.step(), mem))))));
            String[] ns = tenants[i].split("/");
            workloads.add(new GpuWorkload(ns[0], ns[1], "Deployment/" + ns[1].replaceAll("-[0-9]+$", ""), node, List.of("nvidia0"),
                    "nvidia.com/gpu", 1, 500, 2048, null));
        }
        NodePoolInfo pool = new NodePoolInfo(POOL, NodePoolInfo.PoolKind.KARPENTER, Map.of(), Map.of("nvidia.com/gpu", "4"),
                List.of("g4dn.xlarge"), List.of("on-demand"));
        return new FleetSnapshot(FleetSnapshot.SCHEMA_VERSION, window.end(), window, List.of(new ClusterSnapshot(CLUSTER, "us-east-1",
                List.of(pool), nodes, workloads, new DevicePluginSetup(DevicePluginSetup.Mode.GPU_OPERATOR, "gpu-operator", null, null,
                Map.of(), null), List.of())));
    }

    /** An analysis report holding {@code recs}, computed at the end of {@code window}. */
    public static AnalysisReport report(Window window, List<Recommendation> recs) {
        return new AnalysisReport(window.end(), window, AnalysisPolicy.DEFAULT, recs, List.of());
    }

    /** A pool that stays as it is. */
    public static Recommendation unchanged(String pool) {
        return new Recommendation("keep-" + pool, CLUSTER, "us-east-1", pool, "p5.48xlarge", "NVIDIA H100", 8, "on-demand",
                new Sharing.Unchanged("GPUs are busy: p95 utilization 78 % (threshold 50 %)"), new Footprint(2, 16),
                new Footprint(2, 16), null, List.of("2 of 2 nodes are busy"), List.of(), List.of(), List.of(), Plan.NONE);
    }
}
