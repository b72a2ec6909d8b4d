package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.apply.ApplyReport.Applied;
import dev.slicewise.apply.ApplyReport.RolledBack;
import dev.slicewise.apply.ApplyReport.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MIG on the p5.48xlarge node: cordon, let GPU pods finish (or evict where the plan says so), label, poll, uncordon. */
class MigApplyIT extends ApplierFixture {
    private static final String NODE = Plans.H100_NODE;

    @BeforeEach
    void setUp() {
        start("cluster/gpu-operator.yaml", true);
    }

    private List<String> trail(ApplyReport report) {
        List<String> out = new ArrayList<>();
        for (StepResult s : report.steps()) {
            if (s.status() != ApplyReport.Status.DRY_RUN_OK) out.add(s.status() + " " + s.action());
        }
        return out;
    }

    @Test
    void stockAllBalancedWaitsForTheTrainingJobThenReconfiguresAndVerifiesTheSlices() {
        cluster.load("mig/training-job-finishing.yaml");

        ApplyReport report = applier.apply(observe("plan-mig", Plans.migBalanced(false)), false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(Applied.class);
        assertThat(trail(report)).containsExactly(
                "OK patch ClusterPolicy",
                "OK cordon",
                "INFO wait for GPU pods to finish",
                "OK wait for GPU pods to finish",
                "OK label",
                "OK MIG state",
                "OK uncordon",
                "OK verify", "OK verify", "OK verify");
        // all-balanced on an H100-80GB: 2x 1g.10gb + 1x 2g.20gb + 1x 3g.40gb per GPU, 8 GPUs, mixed strategy
        assertThat(((Applied) report.outcome()).verified()).containsExactlyInAnyOrder(
                NODE + " allocatable nvidia.com/mig-1g.10gb=16",
                NODE + " allocatable nvidia.com/mig-2g.20gb=8",
                NODE + " allocatable nvidia.com/mig-3g.40gb=8");
        assertThat(label(NODE, PlanCompiler.MIG_LABEL)).isEqualTo("all-balanced");
        assertThat(label(NODE, PlanCompiler.MIG_STATE_LABEL)).isEqualTo("success");
        assertThat(cluster.client.nodes().withName(NODE).get().getSpec().getUnschedulable()).isNull();
        assertThat(cluster.client.pods().inNamespace("research").withName("train-llm-0").get()).isNull(); // finished, not evicted
        assertThat(cluster.applierCalls()).noneMatch(c -> c.resource().equals("pods/eviction"));
        JsonNode cp = new Kube(cluster.client, "t").get(ObjectRef.clusterPolicy("cluster-policy")).orElseThrow();
        assertThat(Json.text(cp, "spec", "mig", "strategy")).isEqualTo("mixed");
    }

    @Test
    void worksWithTheEnginesBundledCatalog() {
        applier.close();
        applier = new Applier(cluster.applierClient, dev.slicewise.catalog.BundledCatalog.get(), journal, sim, clock, sim, FAST);

        ApplyReport report = applier.apply(observe("plan-mig", Plans.migBalanced(false)), false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(Applied.class);
    }

    @Test
    void waitsThroughAMigModeChangeThatRebootsTheNode() {
        sim.migFault = SimCluster.MigFault.REBOOT;

        ApplyReport report = applier.apply(observe("plan-mig", Plans.migBalanced(false)), false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(Applied.class);
    }

    @Test
    void evictsThroughTheEvictionApiWhereThePlanSaysSo() {
        cluster.load("mig/inference-evictable.yaml");

        ApplyReport report = applier.apply(observe("plan-mig", Plans.migBalanced(true)), false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(Applied.class);
        assertThat(cluster.applierCalls()).anyMatch(c -> c.resource().equals("pods/eviction") && c.verb().equals("create") && c.code() == 201);
        assertThat(cluster.client.pods().inNamespace("serving").withName("llm-api-7d9f-abcde").get()).isNull();
    }

    @Test
    void aPodDisruptionBudgetThatAllowsNoEvictionStopsTheApplyAndItIsRolledBack() {
        cluster.load("mig/inference-protected.yaml");
        Map<String, String> before = cluster.snapshot();

        ApplyReport report = applier.apply(observe("plan-mig", Plans.migBalanced(true)), false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(RolledBack.class);
        assertThat(report.outcome().summary()).contains("GPU pods still on node " + NODE + " after PT10M: [serving/llm-api-7d9f-abcde]",
                "eviction refused by a PodDisruptionBudget");
        assertThat(cluster.applierCalls()).anyMatch(c -> c.resource().equals("pods/eviction") && c.code() == 429);
        assertUnchanged(before);
    }

    @Test
    void withoutPermissionToEvictABusyNodeIsNeverReconfigured() {
        cluster.load("mig/inference-protected.yaml");
        Map<String, String> before = cluster.snapshot();

        ApplyReport report = applier.apply(observe("plan-mig", Plans.migBalanced(false)), false);

        assertThat(report.outcome().summary()).contains("(the plan does not allow evicting them)");
        assertThat(cluster.applierCalls()).noneMatch(c -> c.resource().equals("pods/eviction"));
        assertThat(report.steps()).noneMatch(s -> s.action().equals("label") && s.status() == ApplyReport.Status.OK);
        assertUnchanged(before);
    }

    @Test
    void aCustomMixedLayoutGoesIntoItsOwnMigPartedConfigMap() throws Exception {
        ApplyReport report = applier.apply(observe("plan-mig-custom", Plans.migCustom()), false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(Applied.class);
        // 8 GPUs x (1x 3g.40gb + 4x 1g.10gb)
        assertThat(((Applied) report.outcome()).verified()).containsExactlyInAnyOrder(
                NODE + " allocatable nvidia.com/mig-1g.10gb=32", NODE + " allocatable nvidia.com/mig-3g.40gb=8");
        JsonNode cp = new Kube(cluster.client, "t").get(ObjectRef.clusterPolicy("cluster-policy")).orElseThrow();
        assertThat(Json.text(cp, "spec", "migManager", "config", "name")).isEqualTo(PlanScope.CUSTOM_MIG_CONFIG_MAP);
        // every stock config is carried over unchanged, plus ours
        String stock = cluster.client.configMaps().inNamespace("gpu-operator").withName("default-mig-parted-config").get().getData().get("config.yaml");
        String ours = cluster.client.configMaps().inNamespace("gpu-operator").withName(PlanScope.CUSTOM_MIG_CONFIG_MAP).get().getData().get("config.yaml");
        JsonNode stockConfigs = MigPartedConfigs.YAML.readTree(stock).path("mig-configs");
        JsonNode ourConfigs = MigPartedConfigs.YAML.readTree(ours).path("mig-configs");
        assertThat(ourConfigs.size()).isEqualTo(stockConfigs.size() + 1);
        stockConfigs.fields().forEachRemaining(e -> assertThat(MigPartedConfigs.canonical(ourConfigs.get(e.getKey())))
                .as(e.getKey()).isEqualTo(MigPartedConfigs.canonical(e.getValue())));
        assertThat(MigPartedConfigs.canonical(ourConfigs.get("slicewise-3g-4x1g")))
                .isEqualTo(MigPartedConfigs.canonical(MigPartedConfigs.YAML.readTree(Plans.CUSTOM_MIG).path("mig-configs").get("slicewise-3g-4x1g")));
        assertThat(report.notes()).anyMatch(n -> n.contains("instead of per-node generated configs"));
    }

    @Test
    void applyingTheSameMigPlanTwiceWritesNothingTheSecondTime() {
        ApprovedPlan plan = observe("plan-mig-custom", Plans.migCustom());
        assertThat(applier.apply(plan, false).outcome()).isInstanceOf(Applied.class);
        Map<String, String> afterFirst = cluster.snapshot();
        cluster.calls.clear();

        ApplyReport second = applier.apply(plan, false);

        assertThat(second.outcome()).as(second.render()).isInstanceOf(ApplyReport.NothingToDo.class);
        assertThat(cluster.writes()).isEmpty();
        assertUnchanged(afterFirst);
    }

    @Test
    void rollingBackAMigApplyRestoresTheOldLayoutTheSameCarefulWay() {
        Map<String, String> before = cluster.snapshot();
        ApplyReport applied = applier.apply(observe("plan-mig-custom", Plans.migCustom()), false);
        assertThat(applied.outcome()).as(applied.render()).isInstanceOf(Applied.class);

        ApplyReport rolledBack = applier.rollback(applied.applyId());

        assertThat(rolledBack.outcome()).as(rolledBack.render()).isInstanceOf(RolledBack.class);
        assertThat(rolledBack.steps()).extracting(StepResult::action).containsSubsequence(
                "wait for GPU pods", "restore labels", "restore MIG layout", "restore");
        for (int i = 0; i < 5; i++) sim.tick();
        assertUnchanged(before); // the ConfigMap Slicewise created is gone again, the ClusterPolicy as it was
    }
}
