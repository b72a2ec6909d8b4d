package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.apply.ApplyReport.Applied;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanStep;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the named configs live: a GPU Operator without a device-plugin ConfigMap yet, and the standalone chart. */
class DevicePluginTargetIT extends ApplierFixture {
    private static final DevicePluginTarget STANDALONE = new DevicePluginTarget(DevicePluginSetup.Mode.STANDALONE, "kube-system",
            "nvidia-device-plugin-configs", null);
    /** gpu-t4 runs 3 x 1 GPU x 4 replicas = 12 once sliced: its limit must say so. */
    private static final PlanStep.NodePoolUpdate LIMIT_16 = new PlanStep.NodePoolUpdate("gpu-t4", Map.of(), Map.of("nvidia.com/gpu", "16"), null);

    @BeforeEach
    void setUp() {
        start("cluster/gpu-operator.yaml", true);
    }

    private void operatorWithoutConfigMap() {
        cluster.client.genericKubernetesResources("nvidia.com/v1", "ClusterPolicy").withName("cluster-policy").edit(cp -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> dp = (Map<String, Object>) ((Map<String, Object>) cp.getAdditionalProperties().get("spec")).get("devicePlugin");
            dp.remove("config");
            return cp;
        });
        cluster.client.configMaps().inNamespace("gpu-operator").withName("gpu-sharing-configs").delete();
        resettle();
    }

    @Test
    void createsTheConfigMapAndPointsTheClusterPolicyAtIt() {
        operatorWithoutConfigMap();
        Map<String, String> before = cluster.snapshot();
        Plan plan = new Plan(List.of(Plans.ts4(), new PlanStep.ClusterPolicyPatch("gpu-sharing-configs", null),
                new PlanStep.LabelNodes(Plans.T4_NODES, Map.of(PlanCompiler.DP_LABEL, "ts-4")), LIMIT_16), List.of(), List.of());

        ApplyReport report = applier.apply(observe("p", plan), false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(Applied.class);
        assertThat(cluster.client.configMaps().inNamespace("gpu-operator").withName("gpu-sharing-configs").get().getData()).containsOnlyKeys("ts-4");
        assertThat(report.notes()).anyMatch(n -> n.contains("restart the device-plugin and GFD pods"));

        ApplyReport undone = applier.rollback(report.applyId());
        for (int i = 0; i < 5; i++) sim.tick();
        assertThat(undone.outcome()).as(undone.render()).isInstanceOf(ApplyReport.RolledBack.class);
        assertThat(undone.steps()).anyMatch(s -> "deleted (did not exist before)".equals(s.detail()));
        assertUnchanged(before);
    }

    @Test
    void refusesWhenTheClusterPolicyReferencesNoConfigMapAndThePlanDoesNotPatchIt() {
        operatorWithoutConfigMap();
        Plan plan = new Plan(List.of(Plans.ts4(), new PlanStep.LabelNodes(Plans.T4_NODES, Map.of(PlanCompiler.DP_LABEL, "ts-4"))), List.of(), List.of());

        ApplyReport report = applier.apply(observe("p", plan), false);

        assertThat(report.outcome().summary()).contains("ClusterPolicy cluster-policy references no device-plugin ConfigMap yet and the plan does not patch spec.devicePlugin.config.name");
        assertThat(cluster.writes()).isEmpty();
    }

    private void standalone(Map<String, String> configs) {
        cluster.client.genericKubernetesResources("nvidia.com/v1", "ClusterPolicy").withName("cluster-policy").delete();
        cluster.client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("nvidia-device-plugin-configs").withNamespace("kube-system").endMetadata().withData(configs).build()).create();
        resettle();
        sim.standaloneConfigMap = "kube-system/nvidia-device-plugin-configs";
    }

    @Test
    void addsANamedConfigToTheStandaloneChartsConfigMap() {
        standalone(Map.of("default", "version: v1\n"));
        sim.settle();
        Plan plan = new Plan(List.of(Plans.ts4(), new PlanStep.LabelNodes(Plans.T4_NODES, Map.of(PlanCompiler.DP_LABEL, "ts-4")), LIMIT_16),
                List.of(), List.of());

        ApplyReport report = applier.apply(observe("p", plan, STANDALONE), false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(Applied.class);
        assertThat(cluster.client.configMaps().inNamespace("kube-system").withName("nvidia-device-plugin-configs").get().getData())
                .containsOnlyKeys("default", "ts-4");
        assertThat(cluster.applierCalls()).noneMatch(c -> "clusterpolicies".equals(c.resource()));
    }

    @Test
    void refusesToBreakTheStandaloneFallbackForUnlabelledNodes() {
        standalone(Map.of("t4", "version: v1\n"));
        Plan plan = new Plan(List.of(Plans.ts4(), new PlanStep.LabelNodes(Plans.T4_NODES, Map.of(PlanCompiler.DP_LABEL, "ts-4"))), List.of(), List.of());

        ApplyReport report = applier.apply(observe("p", plan, STANDALONE), false);

        assertThat(report.outcome().summary()).contains("holds a single config 't4' used as the fallback for unlabelled nodes");
        assertThat(cluster.writes()).isEmpty();
    }
}
