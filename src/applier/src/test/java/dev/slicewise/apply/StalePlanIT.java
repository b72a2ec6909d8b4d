package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.apply.ApplyReport.Refused;
import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input: the cluster moved since the analysis, the plan expired, or the plan asks for the impossible. Each must
 * be refused with a clear reason, before anything is written: the cluster stays byte-identical.
 */
class StalePlanIT extends ApplierFixture {
    private Map<String, String> before;

    @BeforeEach
    void setUp() {
        start("cluster/gpu-operator.yaml", true);
    }

    /** Applies, expects a refusal containing {@code reason}, no write at all, and an unchanged cluster. */
    private ApplyReport refused(ApprovedPlan plan, String reason) {
        before = cluster.snapshot();
        cluster.calls.clear();
        ApplyReport report = applier.apply(plan, false);
        assertThat(report.outcome()).as(report.render()).isInstanceOf(Refused.class);
        assertThat(((Refused) report.outcome()).reasons()).as(report.render()).anyMatch(r -> r.contains(reason));
        assertThat(cluster.writes()).isEmpty();
        assertThat(cluster.applierCalls()).noneMatch(TestCluster.Call::dryRun);
        assertThat(report.applyId()).isNull();
        assertUnchanged(before);
        return report;
    }

    @Test
    void aNodeThatNoLongerExists() {
        ApprovedPlan plan = observe("p", Plans.timeSlicingT4());
        cluster.client.nodes().withName("ip-10-0-1-13.ec2.internal").delete(); // Karpenter consolidated it

        refused(plan, "node ip-10-0-1-13.ec2.internal no longer exists (replaced or scaled in since the analysis at 2026-11-24T09:00:00Z)");
    }

    @Test
    void aNodeReplacedUnderTheSameName() {
        ApprovedPlan plan = observe("p", Plans.timeSlicingT4());
        var node = cluster.client.nodes().withName("ip-10-0-1-12.ec2.internal").get();
        cluster.client.nodes().withName("ip-10-0-1-12.ec2.internal").delete();
        node.getMetadata().setUid(null);
        node.getMetadata().setResourceVersion(null);
        cluster.client.nodes().resource(node).create();

        refused(plan, "node ip-10-0-1-12.ec2.internal was re-created since the analysis");
    }

    @Test
    void aNodePoolRenamedSinceTheAnalysis() {
        ApprovedPlan plan = observe("p", Plans.timeSlicingT4());
        var kube = new Kube(cluster.client, "someone");
        var pool = kube.get(ObjectRef.nodePool("gpu-t4")).orElseThrow();
        cluster.client.genericKubernetesResources("karpenter.sh/v1", "NodePool").withName("gpu-t4").delete();
        var renamed = Json.withoutServerFields(pool);
        renamed.with("metadata").put("name", "gpu-t4-v2").remove(List.of("uid", "creationTimestamp"));
        cluster.client.resource(Json.toResource(renamed)).create();

        refused(plan, "NodePool 'gpu-t4' not found (renamed or deleted since the analysis); NodePools now: [gpu-h100, gpu-t4-v2]");
    }

    @Test
    void aConfigMapEditedBySomeoneElseSinceTheAnalysisIsNeverOverwritten() {
        ApprovedPlan plan = observe("p", Plans.timeSlicingT4());
        cluster.client.configMaps().inNamespace("gpu-operator").withName("gpu-sharing-configs").edit(cm -> {
            cm.getData().put("ts-2", "version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 2\n");
            return cm;
        });

        refused(plan, "ConfigMap gpu-operator/gpu-sharing-configs was changed by someone else since the analysis at 2026-11-24T09:00:00Z (its data differs); stopping rather than overwriting");
    }

    @Test
    void aNodePoolWhoseSpecChangedSinceTheAnalysis() {
        ApprovedPlan plan = observe("p", Plans.timeSlicingT4());
        cluster.client.genericKubernetesResources("karpenter.sh/v1", "NodePool").withName("gpu-t4").edit(p -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) p.getAdditionalProperties().get("spec");
            spec.put("weight", 50);
            return p;
        });

        refused(plan, "NodePool gpu-t4 was changed by someone else since the analysis");
    }

    @Test
    void aPlanOlderThanItsExpiry() {
        ApprovedPlan plan = observe("p", Plans.timeSlicingT4());
        clock.advance(Duration.ofHours(24).plusSeconds(1));

        refused(plan, "plan p expired at 2026-11-25T09:00:00Z (now 2026-11-25T09:00:01Z); re-run the analysis");
    }

    @Test
    void migOnAGpuThatDoesNotSupportIt() {
        Plan plan = new Plan(List.of(new PlanStep.ClusterPolicyPatch(null, "mixed"),
                new PlanStep.MigConfig("all-balanced", true, Map.of("1g.10gb", 2, "2g.20gb", 1, "3g.40gb", 1), List.of(), null),
                new PlanStep.DrainNodes(List.of(Plans.T4_NODES.get(0)), false, "idle GPUs"),
                new PlanStep.LabelNodes(List.of(Plans.T4_NODES.get(0)), Map.of(PlanCompiler.MIG_LABEL, "all-balanced"))), List.of(), List.of());

        refused(observe("p", plan), "MIG on node ip-10-0-1-11.ec2.internal: its GPU (T4) does not support MIG; use time-slicing for it");
    }

    @Test
    void aMigLayoutThatDoesNotFitTheGpu() {
        String yaml = "- devices: all\n  mig-enabled: true\n  mig-devices:\n    \"7g.80gb\": 1\n    \"1g.10gb\": 1\n";
        Plan plan = new Plan(List.of(new PlanStep.ClusterPolicyPatch(null, "mixed"),
                new PlanStep.MigConfig("too-much", false, Map.of("7g.80gb", 1, "1g.10gb", 1), List.of(), yaml),
                new PlanStep.DrainNodes(List.of(Plans.H100_NODE), false, "idle GPUs"),
                new PlanStep.LabelNodes(List.of(Plans.H100_NODE), Map.of(PlanCompiler.MIG_LABEL, "too-much"))), List.of(), List.of());

        refused(observe("p", plan), "{1g.10gb=1, 7g.80gb=1} does not fit a H100-80GB");
    }

    @Test
    void aStockConfigThatGivesThisGpuAnotherLayoutThanThePlanSays() {
        // all-1g.10gb is 7 instances on an H100-80GB (4 on an A100-40GB): a plan expecting 4 was computed for another GPU
        Plan plan = new Plan(List.of(new PlanStep.ClusterPolicyPatch(null, "single"),
                new PlanStep.MigConfig("all-1g.10gb", true, Map.of("1g.10gb", 4), List.of(), null),
                new PlanStep.DrainNodes(List.of(Plans.H100_NODE), false, "idle GPUs"),
                new PlanStep.LabelNodes(List.of(Plans.H100_NODE), Map.of(PlanCompiler.MIG_LABEL, "all-1g.10gb"))), List.of(), List.of());

        refused(observe("p", plan), "MIG config 'all-1g.10gb' gives GPU 0 of node ip-10-0-2-21.ec2.internal (H100-80GB) {1g.10gb=7}, the plan expects {1g.10gb=4}");
    }

    @Test
    void replicasBelowTwoAndKeysThePluginWouldSilentlyDrop() {
        String yaml = "version: v1\nflags:\n  renameByDefault: true\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 1\n";
        Plan plan = new Plan(List.of(new PlanStep.DevicePluginConfig("ts-1", 1, false, false, yaml),
                new PlanStep.LabelNodes(Plans.T4_NODES, Map.of(PlanCompiler.DP_LABEL, "ts-1"))), List.of(), List.of());

        ApplyReport report = refused(observe("p", plan), "replicas must be >= 2 (the plugin rejects 1)");
        assertThat(((Refused) report.outcome()).reasons()).anyMatch(r -> r.contains("unknown key 'flags.renameByDefault' (the plugin would silently ignore it)"));
    }

    @Test
    void labellingNodesWithAConfigThePlanWritesOnlyAfterwards() {
        Plan plan = new Plan(List.of(new PlanStep.LabelNodes(Plans.T4_NODES, Map.of(PlanCompiler.DP_LABEL, "ts-4")), Plans.ts4()),
                List.of(), List.of());

        refused(observe("p", plan), "with nvidia.com/device-plugin.config=ts-4 but writes that config only afterwards");
    }

    @Test
    void editingANamedConfigThatNodesAlreadyUse() {
        cluster.client.configMaps().inNamespace("gpu-operator").withName("gpu-sharing-configs").edit(cm -> {
            cm.getData().put("ts-4", "version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 2\n");
            return cm;
        });

        refused(observe("p", Plans.timeSlicingT4()), "already has a config 'ts-4' with other content; the plugin only re-reads a config when the node label changes");
    }

    @Test
    void aPlanWithoutAnalysisTimeObservations() {
        ApprovedPlan observed = observe("p", Plans.timeSlicingT4());
        ApprovedPlan blind = new ApprovedPlan(observed.planId(), observed.recommendationId(), observed.cluster(), observed.createdAt(),
                observed.expiresAt(), observed.approvedBy(), observed.devicePlugin(), observed.nodes(), List.of(), observed.plan());

        refused(blind, "the approved plan does not record how the analysis saw ConfigMap gpu-operator/gpu-sharing-configs");
    }
}
