package dev.slicewise.json;

import dev.slicewise.detect.DetectionPolicy;
import dev.slicewise.detect.Evidence;
import dev.slicewise.detect.Verdict;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.InputProblem;
import dev.slicewise.fleet.Window;
import dev.slicewise.pack.PackingPolicy;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Hand-built reports for format and CLI tests: every Sharing strategy, every PlanStep kind and every Verdict, with
 * money worked out by hand (g4dn.2xlarge $0.752/h and p5.48xlarge $55.04/h, 730 h/month).
 */
public final class SampleReports {
    public static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    public static final Window WINDOW = new Window(Instant.parse("2026-11-09T10:00:00Z"), NOW, Duration.ofHours(1));
    private static final PriceSource BUNDLED = new PriceSource(PriceSource.Kind.BUNDLED_TABLE, "us-east-1 list price 2026-07-20");

    private SampleReports() {}

    /** Two actionable recommendations (4 → 2 g4dn.2xlarge: $1,097.92/month; 2 → 1 p5.48xlarge: $40,179.20) and one left alone. */
    public static AnalysisReport withSavings() {
        return report(List.of(timeSlicedG4dn(), migP5(), unchangedTraining()), List.of());
    }

    /** Only "leave as is". */
    public static AnalysisReport nothingToRecommend() {
        return report(List.of(unchangedTraining()), List.of());
    }

    public static AnalysisReport report(List<Recommendation> recs, List<InputProblem> problems) {
        return new AnalysisReport(NOW, WINDOW, AnalysisPolicy.DEFAULT, recs, problems);
    }

    public static Evidence evidence(double p95, double peakMiB, long capacity) {
        return new Evidence(p95 * 0.7, p95, Math.min(100, p95 * 1.6), peakMiB, capacity, 0.99, 333);
    }

    public static Recommendation timeSlicedG4dn() {
        Price price = new Price(0.752, BUNDLED);
        Savings savings = Savings.of(price, 730, 4, 2, null);
        var latency = new LatencyEstimate(1.12, 1.35, "queueing model calibrated on H100 probe T1-T7",
                "median abs. error 6 % on 9 scenarios");
        Sharing sharing = new Sharing.TimeSlicing(2, List.of(
                new Sharing.SharedGpu("ip-10-0-1-11.ec2.internal", 0, List.of("ml-serving/text-embedder-a", "ml-serving/sentiment-api-b"), 46.5, 4200, 15360),
                new Sharing.SharedGpu("ip-10-0-2-12.ec2.internal", 0, List.of("ml-serving/text-embedder-c", "ml-serving/intent-classifier-d"), 49.0, 4400, 15360)),
                latency);
        Plan plan = new Plan(List.of(
                new PlanStep.DevicePluginConfig("slicewise-ts-2", 2, false, true, "version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 2\n"),
                new PlanStep.ClusterPolicyPatch("slicewise-device-plugin", null),
                new PlanStep.NodePoolUpdate("inference-g4dn", Map.of("nvidia.com/device-plugin.config", "slicewise-ts-2"), Map.of("nvidia.com/gpu", "8"), "1"),
                new PlanStep.NodeOverlay("inference-g4dn-ts-2", List.of(new PlanStep.Requirement("karpenter.sh/nodepool", "In", List.of("inference-g4dn"))),
                        Map.of("nvidia.com/gpu", "2"), 10),
                new PlanStep.LabelNodes(List.of("ip-10-0-1-11.ec2.internal", "ip-10-0-2-12.ec2.internal"), Map.of("nvidia.com/device-plugin.config", "slicewise-ts-2")),
                new PlanStep.DrainNodes(List.of("ip-10-0-3-13.ec2.internal", "ip-10-0-1-14.ec2.internal"), true, "their pods move to the shared GPUs"),
                new PlanStep.RemoveNodes(List.of("ip-10-0-3-13.ec2.internal", "ip-10-0-1-14.ec2.internal"), "Karpenter consolidation (WhenEmpty)")),
                List.of("remove the NodePool label and the device-plugin config"), List.of("pods get no memory isolation"));
        return new Recommendation("rec-g4dn-ts2", "demo-eks", "us-east-1", "inference-g4dn", "g4dn.2xlarge", "T4", 1, "on-demand",
                sharing, new Footprint(4, 4), new Footprint(2, 2), savings,
                List.of("4 of 4 GPUs are underused: p95 utilization 21-26 % < 50 %, peak memory 2.3 GiB < 60 % of 15 GiB"),
                List.of(new Risk(Risk.Kind.NO_MEMORY_ISOLATION, Risk.Severity.MEDIUM, "time-sliced pods share 15 GiB without isolation"),
                        new Risk(Risk.Kind.LATENCY, Risk.Severity.LOW, "p50 latency about +12 %")),
                List.of(new GpuEvidence("ip-10-0-1-11.ec2.internal", "nvidia0", new Verdict.Underused(evidence(24, 2150, 15360), "p95 24 % < 50 %")),
                        new GpuEvidence("ip-10-0-2-12.ec2.internal", "nvidia0", new Verdict.Idle(evidence(0.4, 900, 15360), "p95 0.4 % <= 1 %"))),
                List.of(new Alternative("mig", 0, 0, 0, "T4 has no MIG")), plan);
    }

    public static Recommendation migP5() {
        Price price = new Price(55.04, BUNDLED);
        Savings savings = Savings.of(price, 730, 2, 1, null);
        Sharing sharing = new Sharing.Mig("mixed", "slicewise-h100-mixed", List.of(
                new Sharing.MigGpu("ip-10-0-4-21.ec2.internal", 0, List.of(
                        new Sharing.MigSlice("3g.40gb", 0, 4, "llm-serving/summarizer-13b-x"),
                        new Sharing.MigSlice("2g.20gb", 4, 2, "llm-serving/chat-7b-y"),
                        new Sharing.MigSlice("1g.10gb", 6, 1, "llm-serving/embed-small-z"),
                        new Sharing.MigSlice("1g.10gb", 7, 1, null)))),
                List.of(new Sharing.WorkloadChange("Deployment/chat-7b", "nvidia.com/gpu", "nvidia.com/mig-2g.20gb", Map.of("nvidia.com/mig-2g.20gb", 1))));
        Plan plan = new Plan(List.of(
                new PlanStep.MigConfig("slicewise-h100-mixed", false, Map.of("3g.40gb", 1, "2g.20gb", 1, "1g.10gb", 2), List.of("0x233010DE"),
                        "version: v1\nmig-configs:\n  slicewise-h100-mixed: []\n"),
                new PlanStep.ClusterPolicyPatch(null, "mixed")),
                List.of("set nvidia.com/mig.config back to all-disabled"), List.of());
        return new Recommendation("rec-p5-mig", "demo-eks", "us-east-1", "llm-p5", "p5.48xlarge", "H100-80GB", 8, "on-demand",
                sharing, new Footprint(2, 16), new Footprint(1, 8), savings,
                List.of("16 of 16 GPUs are underused: p95 utilization 6-24 %"),
                List.of(new Risk(Risk.Kind.MIG_RECONFIGURATION, Risk.Severity.HIGH, "MIG reconfiguration drains each node")),
                List.of(new GpuEvidence("ip-10-0-4-21.ec2.internal", "nvidia0", new Verdict.Underused(evidence(8, 1903, 81559), "p95 8 % < 50 %")),
                        new GpuEvidence("ip-10-0-4-22.ec2.internal", "nvidia3", new Verdict.InsufficientData(
                                new Evidence(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 81559, 0.0, 0), "no data in the window")),
                        new GpuEvidence("ip-10-0-4-23.ec2.internal", "nvidia0", new Verdict.TooYoung(evidence(9, 1903, 81559), "node is 30 h old < 72 h"))),
                List.of(), plan);
    }

    public static Recommendation unchangedTraining() {
        Price price = new Price(21.9576, BUNDLED);
        Savings savings = Savings.of(price, 730, 2, 2, null);
        return new Recommendation("rec-p4d-none", "demo-eks", "us-east-1", "training-p4d", "p4d.24xlarge", "A100-40GB", 8, "on-demand",
                new Sharing.Unchanged("all 16 GPUs are busy"), new Footprint(2, 16), new Footprint(2, 16), savings,
                List.of("16 of 16 GPUs are busy: p95 utilization 93 % >= 50 %"), List.of(),
                List.of(new GpuEvidence("ip-10-0-5-31.ec2.internal", "nvidia0", new Verdict.Busy(evidence(93, 36500, 40960), "p95 93 % >= 50 %"))),
                List.of(), Plan.NONE);
    }

    /** A policy with every knob away from its default, to check that options reach the engine. */
    public static AnalysisPolicy customPolicy() {
        return new AnalysisPolicy(new DetectionPolicy(40, 0.5, 0.8, 100, Duration.ofHours(48), 2.0),
                new PackingPolicy(60, 0.2, 4, 65), 720, 0.752);
    }
}
