package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.apply.ApplyReport.Applied;
import dev.slicewise.apply.ApplyReport.Refused;
import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanStep;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NodePool labels/limits/budgets and the NodeOverlay: the two traps, and a Karpenter without NodeOverlay. */
class KarpenterIT extends ApplierFixture {

    private ApplyReport refusedWith(Plan plan, String... reasons) {
        Map<String, String> before = cluster.snapshot();
        ApplyReport report = applier.apply(observe("p", plan), false);
        assertThat(report.outcome()).as(report.render()).isInstanceOf(Refused.class);
        for (String r : reasons) assertThat(((Refused) report.outcome()).reasons()).as(report.render()).anyMatch(x -> x.contains(r));
        assertThat(cluster.writes()).isEmpty();
        assertUnchanged(before);
        return report;
    }

    @Test
    void withoutTheNodeOverlayCrdTheRestIsAppliedAndTheGapIsReported() {
        start("cluster/gpu-operator.yaml", false);

        ApplyReport report = applier.apply(observe("p", Plans.timeSlicingT4()), false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(Applied.class);
        assertThat(report.steps()).anyMatch(s -> s.action().equals("NodeOverlay") && s.status() == ApplyReport.Status.INFO
                && s.detail().contains("Karpenter >= 1.7 with --feature-gates NodeOverlay=true (not EKS Auto Mode)"));
        assertThat(report.notes()).anyMatch(n -> n.contains("NodeOverlay 'gpu-t4-ts-4' not created: CRD absent"));
        assertThat(cluster.writes()).noneMatch(c -> "nodeoverlays".equals(c.resource()));
        assertMatchesDesired(ObjectRef.nodePool("gpu-t4"), "timeslicing/nodepool-gpu-t4-desired.yaml");
    }

    @Test
    void anOverlayKarpenterNeverReconcilesIsAWarningNotAFailure() {
        start("cluster/gpu-operator.yaml", true);
        sim.overlayFeatureGate = false;

        ApplyReport report = applier.apply(observe("p", Plans.timeSlicingT4()), false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(Applied.class);
        assertThat(report.steps()).anyMatch(s -> s.status() == ApplyReport.Status.WARNING
                && s.detail().contains("is the NodeOverlay feature gate on (--feature-gates NodeOverlay=true)?"));
    }

    @Test
    void anOverlayKarpenterRejectsRollsEverythingBack() {
        start("cluster/gpu-operator.yaml", true);
        sim.overlayRejection = "conflicts with NodeOverlay other-ts (same weight 100, capacity nvidia.com/gpu)";
        Map<String, String> before = cluster.snapshot();

        ApplyReport report = applier.apply(observe("p", Plans.timeSlicingT4()), false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(ApplyReport.RolledBack.class);
        assertThat(report.outcome().summary()).contains("Karpenter rejected NodeOverlay gpu-t4-ts-4 (Ready=False: conflicts with NodeOverlay other-ts");
        for (int i = 0; i < 5; i++) sim.tick();
        assertUnchanged(before);
    }

    @Test
    void aTemplateLabelChangeWithoutADriftBudgetIsRefused() {
        start("cluster/gpu-operator.yaml", true);
        Plan plan = new Plan(List.of(Plans.ts4(),
                new PlanStep.LabelNodes(Plans.T4_NODES, Map.of(PlanCompiler.DP_LABEL, "ts-4")),
                new PlanStep.NodePoolUpdate("gpu-t4", Map.of(PlanCompiler.DP_LABEL, "ts-4"), Map.of("nvidia.com/gpu", "16"), null)),
                List.of(), List.of());

        refusedWith(plan, "NodePool 'gpu-t4': changing template labels {nvidia.com/device-plugin.config=ts-4} drifts the pool and "
                + "Karpenter replaces its 3 node(s); the plan must throttle that with a drift budget");
    }

    @Test
    void limitsLeftInPhysicalGpusWouldStopThePoolFromScaling() {
        start("cluster/gpu-operator.yaml", true);

        // 3 nodes x 1 GPU x 4 replicas = 12 in use once sliced, against a limit of 4
        refusedWith(Plans.timeSlicingT4LabelsOnly(4),
                "NodePool 'gpu-t4': limits.nvidia.com/gpu=4 but its 3 node(s) will report 12 once sliced",
                "set the limit in sliced units (>= 12)");
    }

    @Test
    void anOverlayDeclaringOtherCapacityThanTheConfigGives() {
        start("cluster/gpu-operator.yaml", true);
        Plan plan = new Plan(List.of(Plans.ts4(),
                new PlanStep.LabelNodes(Plans.T4_NODES, Map.of(PlanCompiler.DP_LABEL, "ts-4")),
                new PlanStep.NodePoolUpdate("gpu-t4", Map.of(PlanCompiler.DP_LABEL, "ts-4"), Map.of("nvidia.com/gpu", "16"), "1"),
                Plans.t4Overlay("8")), List.of(), List.of());

        refusedWith(plan, "NodeOverlay 'gpu-t4-ts-4' declares nvidia.com/gpu=8 for 1-GPU instances of NodePool 'gpu-t4', but its config gives 1 x 4 = 4");
    }

    @Test
    void anOverlayNotScopedToANodePool() {
        start("cluster/gpu-operator.yaml", true);
        Plan plan = new Plan(List.of(Plans.ts4(),
                new PlanStep.LabelNodes(Plans.T4_NODES, Map.of(PlanCompiler.DP_LABEL, "ts-4")),
                new PlanStep.NodeOverlay("all-1gpu-x4", List.of(new PlanStep.Requirement("karpenter.k8s.aws/instance-gpu-count", "In", List.of("1"))),
                        Map.of("nvidia.com/gpu", "4"), 100)), List.of(), List.of());

        refusedWith(plan, "NodeOverlay 'all-1gpu-x4' is not scoped to a NodePool");
    }

    @Test
    void aLimitThatIsNotAQuantityNeverReachesTheServer() {
        start("cluster/gpu-operator.yaml", true);
        Plan plan = new Plan(List.of(new PlanStep.NodePoolUpdate("gpu-t4", Map.of(), Map.of("nvidia.com/gpu", "lots"), null)), List.of(), List.of());

        refusedWith(plan, "'lots' for NodePool 'gpu-t4' limits.nvidia.com/gpu is not a Kubernetes quantity");
    }

    @Test
    void theApiServerRejectsANodePoolWithABadLimitLikeTheRealOne() {
        start("cluster/gpu-operator.yaml", true);
        var kube = new Kube(cluster.client, "slicewise");
        var bad = Json.object();
        bad.putObject("spec").putObject("limits").put("nvidia.com/gpu", "lots");

        assertThatThrownBy(() -> kube.apply(ObjectRef.nodePool("gpu-t4"), bad, null, false))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("/spec/limits/nvidia.com~1gpu");
                });
        var unknown = Json.object();
        unknown.putObject("spec").put("limitz", "typo");
        assertThatThrownBy(() -> kube.apply(ObjectRef.nodePool("gpu-t4"), unknown, null, true))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getMessage()).contains("limitz"));
        var integer = Json.object();
        integer.putObject("spec").putObject("limits").put("nvidia.com/gpu", 16); // int-or-string: a bare integer is fine
        assertThat(kube.apply(ObjectRef.nodePool("gpu-t4"), integer, null, true).path("spec").path("limits").path("nvidia.com/gpu").asInt()).isEqualTo(16);
    }
}
