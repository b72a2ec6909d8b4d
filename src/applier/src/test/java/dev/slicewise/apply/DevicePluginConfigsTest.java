package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.plan.PlanStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevicePluginConfigsTest {

    private static List<String> problems(String yaml) {
        List<String> problems = new ArrayList<>();
        DevicePluginConfigs.parse(yaml, problems);
        return problems;
    }

    @Test
    void rendersTheTimeSlicingConfigTheStepDescribesAndReadsItBack() {
        PlanStep.DevicePluginConfig step = new PlanStep.DevicePluginConfig("ts-4-shared", 4, true, true, null);

        String yaml = DevicePluginConfigs.render(step);
        DevicePluginConfigs.Parsed parsed = DevicePluginConfigs.parse(yaml, new ArrayList<>());

        assertThat(yaml).isEqualTo("""
                version: v1
                sharing:
                  timeSlicing:
                    renameByDefault: true
                    failRequestsGreaterThanOne: true
                    resources:
                    - name: nvidia.com/gpu
                      replicas: 4
                """);
        assertThat(parsed.timeSlicing()).isEqualTo(new DevicePluginConfigs.Sharing(true, true, Map.of("nvidia.com/gpu", 4)));
        assertThat(DevicePluginConfigs.problems(step)).isEmpty();
        assertThat(DevicePluginConfigs.Parsed.advertised("nvidia.com/gpu", true)).isEqualTo("nvidia.com/gpu.shared");
    }

    @Test
    void enforcesWhatThePluginEnforcesAtParseTime() {
        assertThat(problems("version: v2\n")).containsExactly("version must be v1 (was v2)");
        assertThat(problems("version: v1\nsharing:\n  timeSlicing:\n    resources: []\n"))
                .containsExactly("sharing.timeSlicing.resources must list at least one resource (the plugin fails with 'no resources specified')");
        assertThat(problems("version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: gpu\n      replicas: 1\n"))
                .containsExactly("sharing.timeSlicing.resources[gpu]: replicas must be >= 2 (was 1)");
        assertThat(problems("version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: four\n"))
                .containsExactly("sharing.timeSlicing.resources[nvidia.com/gpu]: replicas must be an integer (was \"four\")");
        assertThat(problems("version: v1\nsharing:\n  mps:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 49\n"))
                .containsExactly("sharing.mps.resources[nvidia.com/gpu]: MPS allows at most 48 replicas (was 49)");
    }

    @Test
    void rejectsWhatThePluginWouldSilentlyIgnore() {
        // k8s-device-plugin#1433: renameByDefault under flags does nothing
        assertThat(problems("version: v1\nflags:\n  renameByDefault: true\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 2\n"))
                .containsExactly("unknown key 'flags.renameByDefault' (the plugin would silently ignore it)");
        assertThat(problems("version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 2\n      rename: my-gpu\n      devices: [0]\n"))
                .containsExactly("sharing.timeSlicing.resources[nvidia.com/gpu]: 'rename' is ignored by the plugin; use renameByDefault",
                        "sharing.timeSlicing.resources[nvidia.com/gpu]: devices other than 'all' are ignored (no per-GPU sharing)");
        assertThat(problems("version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 2\n  mps:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 2\n"))
                .containsExactly("both sharing.timeSlicing and sharing.mps are set: MPS silently wins, time-slicing would be ignored");
        assertThat(problems("version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: amd.com/gpu\n      replicas: 2\n"))
                .containsExactly("sharing.timeSlicing.resources: 'amd.com/gpu' is not nvidia.com/gpu or an nvidia.com/mig-<profile> resource");
        assertThat(problems("version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/mig-1g.10gb\n      replicas: 2\n")).isEmpty();
    }

    @Test
    void theStepsYamlMustSayWhatItsFieldsSay() {
        String yaml = "version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 8\n";
        PlanStep.DevicePluginConfig step = new PlanStep.DevicePluginConfig("ts-4", 4, false, true, yaml);

        assertThat(DevicePluginConfigs.problems(step)).containsExactly(
                "device-plugin config 'ts-4': the YAML says nvidia.com/gpu replicas 8 but the plan says 4",
                "device-plugin config 'ts-4': the YAML says failRequestsGreaterThanOne false but the plan says true");
    }

    @Test
    void theConfigNameMustWorkAsAConfigMapKeyAndAsALabelValue() {
        PlanStep.DevicePluginConfig step = new PlanStep.DevicePluginConfig("ts 4/x", 4, false, true, null);

        assertThat(DevicePluginConfigs.problems(step)).anyMatch(p -> p.contains("not a valid ConfigMap key"))
                .anyMatch(p -> p.contains("cannot be a node label value"));
    }
}
