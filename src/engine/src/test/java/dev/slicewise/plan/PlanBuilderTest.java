package dev.slicewise.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.slicewise.fixtures.TestCatalog;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.NodePoolInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanBuilderTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    final PlanBuilder builder = new PlanBuilder();

    static final NodePoolInfo KARPENTER = new NodePoolInfo("gpu", NodePoolInfo.PoolKind.KARPENTER, Map.of("team", "ml"),
            Map.of("nvidia.com/gpu", "16", "cpu", "1000"), List.of("g4dn.2xlarge"), List.of("on-demand"));
    static final DevicePluginSetup OPERATOR_NO_MAP = new DevicePluginSetup(DevicePluginSetup.Mode.GPU_OPERATOR, "gpu-operator", null, null, Map.of(), "single");
    static final DevicePluginSetup OPERATOR_WITH_MAP = new DevicePluginSetup(DevicePluginSetup.Mode.GPU_OPERATOR, "gpu-operator", "sharing",
            "exclusive", Map.of("exclusive", "version: v1\n"), "single");

    static String fixture(String name) throws IOException {
        try (InputStream in = PlanBuilderTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    PlanBuilder.TimeSlicingInput ts(NodePoolInfo pool, DevicePluginSetup dp, int replicas) {
        return new PlanBuilder.TimeSlicingInput("prod", pool, "g4dn.2xlarge", 1, dp, replicas, List.of("gpu-1"), List.of("gpu-2", "gpu-3", "gpu-4"),
                List.of(), List.of());
    }

    @Test
    void timeSlicingOnAKarpenterPoolWithTheGpuOperatorAndNoConfigMapYet() throws IOException {
        Plan plan = builder.timeSlicing(ts(KARPENTER, OPERATOR_NO_MAP, 4));
        assertThat(plan.steps()).extracting(s -> s.getClass().getSimpleName()).containsExactly("DevicePluginConfig", "ClusterPolicyPatch",
                "NodeOverlay", "NodePoolUpdate", "LabelNodes", "DrainNodes", "RemoveNodes");

        PlanStep.DevicePluginConfig cfg = (PlanStep.DevicePluginConfig) plan.steps().get(0);
        assertThat(cfg.configName()).isEqualTo("slicewise-ts-4");
        assertThat(cfg.failRequestsGreaterThanOne()).isTrue();
        assertThat(cfg.renameByDefault()).isFalse();
        assertThat(cfg.configMap()).isEqualTo("slicewise-device-plugin-configs");
        assertThat(cfg.namespace()).isEqualTo("gpu-operator");
        assertThat(cfg.yaml()).isEqualTo(fixture("slicewise-ts-4-desired.yaml"));
        // structure as the plugin reads it: keys in the right place (the plugin silently drops misplaced ones)
        JsonNode y = YAML.readTree(cfg.yaml());
        assertThat(y.path("version").asText()).isEqualTo("v1");
        assertThat(y.at("/sharing/timeSlicing/failRequestsGreaterThanOne").asBoolean()).isTrue();
        assertThat(y.at("/sharing/timeSlicing/resources/0/name").asText()).isEqualTo("nvidia.com/gpu");
        assertThat(y.at("/sharing/timeSlicing/resources/0/replicas").asInt()).isEqualTo(4);

        assertThat(plan.steps().get(1)).isEqualTo(new PlanStep.ClusterPolicyPatch("slicewise-device-plugin-configs", null));
        assertThat(plan.steps().get(2)).isEqualTo(new PlanStep.NodeOverlay("slicewise-gpu-ts4-1gpu", List.of(
                new PlanStep.Requirement("karpenter.sh/nodepool", "In", List.of("gpu")),
                new PlanStep.Requirement("nvidia.com/device-plugin.config", "In", List.of("slicewise-ts-4")),
                new PlanStep.Requirement("karpenter.k8s.aws/instance-gpu-count", "In", List.of("1"))),
                Map.of("nvidia.com/gpu", "4"), 100));
        // template label added (existing labels kept), GPU limit counted in replicas (16 physical × 4), other limits kept
        assertThat(plan.steps().get(3)).isEqualTo(new PlanStep.NodePoolUpdate("gpu",
                Map.of("team", "ml", "nvidia.com/device-plugin.config", "slicewise-ts-4"),
                Map.of("nvidia.com/gpu", "64", "cpu", "1000"), "1"));
        assertThat(plan.steps().get(4)).isEqualTo(new PlanStep.LabelNodes(List.of("gpu-1"), Map.of("nvidia.com/device-plugin.config", "slicewise-ts-4")));
        assertThat(((PlanStep.DrainNodes) plan.steps().get(5)).nodes()).containsExactly("gpu-2", "gpu-3", "gpu-4");
        assertThat(((PlanStep.RemoveNodes) plan.steps().get(6)).how()).contains("Karpenter consolidation");

        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).startsWith("changing the NodePool template label drifts: Karpenter replaces every node of gpu"))
                .anySatisfy(w -> assertThat(w).contains("no memory isolation"))
                .anySatisfy(w -> assertThat(w).contains("NodeOverlay feature gate"))
                .anySatisfy(w -> assertThat(w).contains("-SHARED"));
        assertThat(plan.rollback()).anySatisfy(r -> assertThat(r).contains("remove label nvidia.com/device-plugin.config from gpu-1"))
                .anySatisfy(r -> assertThat(r).contains("delete NodeOverlay slicewise-gpu-ts4-1gpu"))
                .anySatisfy(r -> assertThat(r).contains("unset spec.devicePlugin.config.name"));
    }

    @Test
    void anExistingConfigMapIsReusedWithoutTouchingTheClusterPolicy() {
        Plan plan = builder.timeSlicing(ts(KARPENTER, OPERATOR_WITH_MAP, 2));
        assertThat(plan.steps()).noneMatch(s -> s instanceof PlanStep.ClusterPolicyPatch);
        PlanStep.DevicePluginConfig cfg = (PlanStep.DevicePluginConfig) plan.steps().get(0);
        assertThat(cfg.configMap()).isEqualTo("sharing");
        assertThat(cfg.describe()).isEqualTo("add device-plugin config 'slicewise-ts-2' (time-slicing, 2 replicas per GPU) to ConfigMap gpu-operator/sharing");
    }

    @Test
    void managedNodeGroupsGetANoteInsteadOfKarpenterSteps() {
        NodePoolInfo ng = new NodePoolInfo("gpu-ng", NodePoolInfo.PoolKind.MANAGED_NODEGROUP, Map.of(), Map.of(), List.of(), List.of());
        Plan plan = builder.timeSlicing(ts(ng, OPERATOR_NO_MAP, 4));
        assertThat(plan.steps()).noneMatch(s -> s instanceof PlanStep.NodePoolUpdate || s instanceof PlanStep.NodeOverlay);
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).startsWith("managed node group gpu-ng: add the Kubernetes label "
                + "nvidia.com/device-plugin.config=slicewise-ts-4"));
        assertThat(plan.steps()).filteredOn(s -> s instanceof PlanStep.RemoveNodes).singleElement()
                .satisfies(s -> assertThat(((PlanStep.RemoveNodes) s).how()).isEqualTo("lower the desired size of node group gpu-ng by 3, terminating these drained instances"));
    }

    @Test
    void standaloneOrUnknownDevicePluginsAreWarnedAbout() {
        DevicePluginSetup standalone = new DevicePluginSetup(DevicePluginSetup.Mode.STANDALONE, "kube-system", null, null, Map.of(), null);
        assertThat(builder.timeSlicing(ts(KARPENTER, standalone, 2)).warnings()).anySatisfy(w -> assertThat(w).contains("config.name=slicewise-device-plugin-configs"));
        assertThat(builder.timeSlicing(ts(KARPENTER, null, 2)).warnings()).anySatisfy(w -> assertThat(w).startsWith("how the NVIDIA device plugin is deployed is unknown"));
    }

    @Test
    void multiGpuPodsAndOtherInstanceTypesAreWarnedAbout() {
        Plan plan = builder.timeSlicing(new PlanBuilder.TimeSlicingInput("prod", KARPENTER, "g4dn.2xlarge", 1, OPERATOR_NO_MAP, 2,
                List.of("gpu-1"), List.of("gpu-2"), List.of("Job/train"), List.of("g4dn.12xlarge")));
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).startsWith("pods requesting more than one GPU (Job/train) are rejected"))
                .anySatisfy(w -> assertThat(w).contains("may also launch g4dn.12xlarge"));
    }

    @Test
    void fewerThanTwoReplicasIsRefused() {
        assertThatThrownBy(() -> builder.timeSlicing(ts(KARPENTER, OPERATOR_NO_MAP, 1))).hasMessageContaining("fewer than 2 replicas");
    }

    @Test
    void migConfigNamesAreStockWhereTheGpuOperatorsDefaultConfigHasTheLayout() throws IOException {
        var h100 = TestCatalog.H100;
        assertThat(PlanBuilder.migConfig(h100, List.of(Map.of("1g.10gb", 7), Map.of("1g.10gb", 7))).name()).isEqualTo("all-1g.10gb");
        assertThat(PlanBuilder.migConfig(h100, List.of(Map.of("3g.40gb", 2))).name()).isEqualTo("all-3g.40gb");
        PlanBuilder.MigConfigChoice balanced = PlanBuilder.migConfig(h100, List.of(Map.of("1g.10gb", 2, "2g.20gb", 1, "3g.40gb", 1)));
        assertThat(balanced.name()).isEqualTo("all-balanced");
        assertThat(balanced.stock()).isTrue();
        assertThat(balanced.yaml()).isNull();
        // not a preset: a custom config, written by the strict mig-parted writer after the placer accepted it
        PlanBuilder.MigConfigChoice custom = PlanBuilder.migConfig(h100, List.of(Map.of("1g.10gb", 1, "3g.40gb", 1)));
        assertThat(custom.stock()).isFalse();
        assertThat(custom.name()).isEqualTo("slicewise-1x1g.10gb-1x3g.40gb");
        assertThat(custom.yaml()).isEqualTo(fixture("mig-custom-desired.yaml"));
        JsonNode y = YAML.readTree(custom.yaml());
        assertThat(y.at("/mig-configs/slicewise-1x1g.10gb-1x3g.40gb/0/mig-devices/3g.40gb").asInt()).isEqualTo(1);
        assertThat(y.at("/mig-configs/slicewise-1x1g.10gb-1x3g.40gb/0/device-filter/0").asText()).isEqualToIgnoringCase("0x233010DE");
        // GPUs of one node with different layouts get per-device entries
        PlanBuilder.MigConfigChoice perDevice = PlanBuilder.migConfig(h100, List.of(Map.of("7g.80gb", 1), Map.of("1g.10gb", 7)));
        JsonNode entries = YAML.readTree(perDevice.yaml()).path("mig-configs").elements().next();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).path("devices").get(0).asInt()).isEqualTo(1);
        assertThat(entries.get(1).at("/mig-devices/1g.10gb").asInt()).isEqualTo(7);
    }

    @Test
    void aLayoutThatDoesNotFitOneGpuIsRefused() {
        assertThatThrownBy(() -> PlanBuilder.migConfig(TestCatalog.H100, List.of(Map.of("7g.80gb", 1, "1g.10gb", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> PlanBuilder.migConfig(TestCatalog.H100, List.of(Map.of("9g.99gb", 1))))
                .hasMessageContaining("no MIG profile 9g.99gb");
    }

    @Test
    void profilesAreSpelledAsTheNodeReportsThem() {
        // an A100-80GB on a 535 driver reports 3g.39gb where the catalog says 3g.40gb (mig-parted#31): no stock
        // config spells it that way, so a custom config is written with the node's spelling
        var a100 = new TestCatalog().gpuModel("A100-80GB").orElseThrow();
        var names = dev.slicewise.catalog.mig.MigProfileNames.resolve(a100, Map.of("nvidia.com/mig.strategy", "mixed",
                "nvidia.com/mig-3g.39gb.count", "2", "nvidia.com/mig-3g.39gb.memory", "40192"));
        PlanBuilder.MigConfigChoice c = PlanBuilder.migConfig(a100, List.of(Map.of("3g.40gb", 2)), names);
        assertThat(c.firstLayout()).isEqualTo(Map.of("3g.39gb", 2));
        assertThat(c.yaml()).contains("\"3g.39gb\": 2");
    }

    @Test
    void migPlanDrainsBeforeLabellingAndSetsTheStrategy() {
        var h100 = TestCatalog.H100;
        PlanBuilder.MigConfigChoice c = PlanBuilder.migConfig(h100, List.of(Map.of("1g.10gb", 7)));
        NodePoolInfo pool = new NodePoolInfo("h100", NodePoolInfo.PoolKind.KARPENTER, Map.of(), Map.of("nvidia.com/gpu", "16"), List.of(), List.of());
        Plan plan = builder.mig(new PlanBuilder.MigInput("prod", pool, "p5.48xlarge", 8, h100,
                new DevicePluginSetup(DevicePluginSetup.Mode.GPU_OPERATOR, "gpu-operator", null, null, Map.of(), null),
                "single", Map.of("h100-1", c), c, List.of("h100-2"), List.of()));
        assertThat(plan.steps()).extracting(s -> s.getClass().getSimpleName()).containsExactly("MigConfig", "ClusterPolicyPatch",
                "NodeOverlay", "NodePoolUpdate", "DrainNodes", "LabelNodes", "DrainNodes", "RemoveNodes");
        assertThat(plan.steps().get(1)).isEqualTo(new PlanStep.ClusterPolicyPatch(null, "single"));
        // single: nvidia.com/gpu counts MIG devices: 8 GPUs × 7, and the limit 16 GPUs × 7
        assertThat(((PlanStep.NodeOverlay) plan.steps().get(2)).capacity()).isEqualTo(Map.of("nvidia.com/gpu", "56"));
        assertThat(((PlanStep.NodePoolUpdate) plan.steps().get(3)).limits()).isEqualTo(Map.of("nvidia.com/gpu", "112"));
        assertThat(((PlanStep.NodePoolUpdate) plan.steps().get(3)).templateLabels()).isEqualTo(Map.of("nvidia.com/mig.config", "all-1g.10gb"));
        assertThat(((PlanStep.DrainNodes) plan.steps().get(4)).why()).contains("MIG manager does not drain");
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("selectors on the exact product name stop matching"))
                .anySatisfy(w -> assertThat(w).startsWith("MIG reconfiguration needs idle GPUs"));
        assertThat(plan.rollback()).anySatisfy(r -> assertThat(r).contains("nvidia.com/mig.config=all-disabled"));
    }
}
