package dev.slicewise.apply;

import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanStep;
import java.util.List;
import java.util.Map;

/** The plans the tests apply, as the engine's PlanBuilder would emit them for the fixture cluster. */
final class Plans {
    static final List<String> T4_NODES = List.of("ip-10-0-1-11.ec2.internal", "ip-10-0-1-12.ec2.internal", "ip-10-0-1-13.ec2.internal");
    static final String H100_NODE = "ip-10-0-2-21.ec2.internal";

    private Plans() {}

    static PlanStep.DevicePluginConfig ts4() {
        return new PlanStep.DevicePluginConfig("ts-4", 4, false, true, null);
    }

    static PlanStep.NodeOverlay t4Overlay(String perInstance) {
        return new PlanStep.NodeOverlay("gpu-t4-ts-4", List.of(
                new PlanStep.Requirement("karpenter.sh/nodepool", "In", List.of("gpu-t4")),
                new PlanStep.Requirement("karpenter.k8s.aws/instance-gpu-count", "In", List.of("1"))),
                Map.of("nvidia.com/gpu", perInstance), 100);
    }

    /** Time-slice the three T4 nodes 4 ways, live (label switch), and make new gpu-t4 nodes boot the same way. */
    static Plan timeSlicingT4() {
        return new Plan(List.of(
                ts4(),
                new PlanStep.LabelNodes(T4_NODES, Map.of(PlanCompiler.DP_LABEL, "ts-4")),
                new PlanStep.NodePoolUpdate("gpu-t4", Map.of(PlanCompiler.DP_LABEL, "ts-4"), Map.of("nvidia.com/gpu", "16"), "1"),
                t4Overlay("4")),
                List.of("remove config ts-4, relabel nodes, restore the NodePool, delete the overlay"),
                List.of("the NodePool template label drifts gpu-t4: Karpenter replaces its 3 nodes, one at a time"));
    }

    /** Same, without touching Karpenter. */
    static Plan timeSlicingT4LabelsOnly(int limit) {
        return new Plan(List.of(ts4(),
                new PlanStep.LabelNodes(T4_NODES, Map.of(PlanCompiler.DP_LABEL, "ts-4")),
                new PlanStep.NodePoolUpdate("gpu-t4", Map.of(), Map.of("nvidia.com/gpu", String.valueOf(limit)), null)),
                List.of(), List.of());
    }

    static PlanStep.MigConfig allBalanced() {
        return new PlanStep.MigConfig("all-balanced", true, Map.of("1g.10gb", 2, "2g.20gb", 1, "3g.40gb", 1), List.of(), null);
    }

    /** MIG all-balanced (mixed) on the H100 node: drain without eviction, label, wait, uncordon. */
    static Plan migBalanced(boolean evict) {
        return new Plan(List.of(
                new PlanStep.ClusterPolicyPatch(null, "mixed"),
                allBalanced(),
                new PlanStep.DrainNodes(List.of(H100_NODE), evict, "the MIG manager needs idle GPUs"),
                new PlanStep.LabelNodes(List.of(H100_NODE), Map.of(PlanCompiler.MIG_LABEL, "all-balanced"))),
                List.of("relabel all-disabled"), List.of("GPU pods on the node are interrupted"));
    }

    static final String CUSTOM_MIG = """
            version: v1
            mig-configs:
              slicewise-3g-4x1g:
                - device-filter: ["0x233010DE"]
                  devices: all
                  mig-enabled: true
                  mig-devices:
                    "3g.40gb": 1
                    "1g.10gb": 4
            """;

    /** A custom mixed layout (one 3g.40gb and four 1g.10gb per GPU) that no stock config offers. */
    static Plan migCustom() {
        return new Plan(List.of(
                new PlanStep.ClusterPolicyPatch(null, "mixed"),
                new PlanStep.MigConfig("slicewise-3g-4x1g", false, Map.of("3g.40gb", 1, "1g.10gb", 4), List.of("0x233010DE"), CUSTOM_MIG),
                new PlanStep.DrainNodes(List.of(H100_NODE), false, "the MIG manager needs idle GPUs"),
                new PlanStep.LabelNodes(List.of(H100_NODE), Map.of(PlanCompiler.MIG_LABEL, "slicewise-3g-4x1g"))),
                List.of(), List.of());
    }
}
