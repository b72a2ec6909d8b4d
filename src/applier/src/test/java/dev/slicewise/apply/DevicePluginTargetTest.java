package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanStep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the serverless apply writes: derived from what the collector found and what the plan names. */
class DevicePluginTargetTest {
    private static final DevicePluginSetup OPERATOR = new DevicePluginSetup(DevicePluginSetup.Mode.GPU_OPERATOR, "gpu-operator",
            "gpu-sharing-configs", "exclusive", Map.of(), "single");

    private static Plan plan(PlanStep... steps) {
        return new Plan(List.of(steps), List.of(), List.of());
    }

    @Test
    void theGpuOperatorsConfigMapAndTheClusterPolicyTheCollectorFound() {
        Plan p = plan(new PlanStep.DevicePluginConfig("slicewise-ts-4", 4, false, true, "version: v1\n", "gpu-sharing-configs", "gpu-operator"));
        assertThat(DevicePluginTarget.forPlan(OPERATOR, p, "gpu-cluster-policy")).isEqualTo(new DevicePluginTarget(
                DevicePluginSetup.Mode.GPU_OPERATOR, "gpu-operator", "gpu-sharing-configs", "gpu-cluster-policy"));
        assertThat(DevicePluginTarget.forPlan(OPERATOR, p, null).clusterPolicy()).isEqualTo("cluster-policy");
    }

    @Test
    void aConfigMapThePlanCreatesWinsOverNone() {
        DevicePluginSetup none = new DevicePluginSetup(DevicePluginSetup.Mode.GPU_OPERATOR, null, null, null, Map.of(), null);
        Plan p = plan(new PlanStep.DevicePluginConfig("slicewise-ts-2", 2, false, true, "version: v1\n",
                "slicewise-device-plugin-configs", "gpu-operator"), new PlanStep.ClusterPolicyPatch("slicewise-device-plugin-configs", null));
        assertThat(DevicePluginTarget.forPlan(none, p, "cluster-policy").configMapRef())
                .isEqualTo(ObjectRef.configMap("gpu-operator", "slicewise-device-plugin-configs"));
        // a MIG plan names no device-plugin ConfigMap: the collected one (or the engine's default name) is kept
        assertThat(DevicePluginTarget.forPlan(none, plan(new PlanStep.LabelNodes(List.of("n1"), Map.of("nvidia.com/mig.config", "all-1g.10gb"))),
                null).configMap()).isEqualTo("slicewise-device-plugin-configs");
    }

    @Test
    void theStandaloneChartHasNoClusterPolicyAndAnUnknownSetupCannotBeApplied() {
        DevicePluginSetup standalone = new DevicePluginSetup(DevicePluginSetup.Mode.STANDALONE, "kube-system", "nvidia-plugin-configs",
                null, Map.of(), null);
        assertThat(DevicePluginTarget.forPlan(standalone, plan(), "ignored")).isEqualTo(new DevicePluginTarget(
                DevicePluginSetup.Mode.STANDALONE, "kube-system", "nvidia-plugin-configs", null));
        DevicePluginSetup unknown = new DevicePluginSetup(DevicePluginSetup.Mode.UNKNOWN, null, null, null, Map.of(), null);
        assertThatThrownBy(() -> DevicePluginTarget.forPlan(unknown, plan(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("device plugin is deployed is unknown");
    }
}
