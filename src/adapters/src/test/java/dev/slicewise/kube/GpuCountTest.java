package dev.slicewise.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuCountTest {

    @Test
    void gfdCountWinsAndTimeSlicedCapacityIsNotMistakenForGpus() {
        // p5.48xlarge time-sliced ×4: capacity 32 replicas, 8 physical GPUs
        Map<String, String> labels = Map.of("nvidia.com/gpu.count", "8", "nvidia.com/gpu.replicas", "4",
                "nvidia.com/gpu.sharing-strategy", "time-slicing");
        assertThat(GpuCount.physical(labels, Map.of("nvidia.com/gpu", "32"))).isEqualTo(8);
        assertThat(GpuCount.shared(labels, 32, 8)).isTrue();
    }

    @Test
    void withoutGfdKarpentersInstanceLabelOrCapacityOverReplicasIsUsed() {
        assertThat(GpuCount.physical(Map.of("karpenter.k8s.aws/instance-gpu-count", "4"), Map.of("nvidia.com/gpu", "16"))).isEqualTo(4);
        assertThat(GpuCount.physical(Map.of("nvidia.com/gpu.replicas", "4"), Map.of("nvidia.com/gpu", "16"))).isEqualTo(4);
        assertThat(GpuCount.physical(Map.of(), Map.of("nvidia.com/gpu", "1"))).isEqualTo(1);
    }

    @Test
    void migSingleCountsMigDevicesSoTheInstanceLabelIsUsedInstead() {
        Map<String, String> labels = Map.of("nvidia.com/mig.strategy", "single", "nvidia.com/gpu.count", "56",
                "karpenter.k8s.aws/instance-gpu-count", "8");
        assertThat(GpuCount.physical(labels, Map.of("nvidia.com/gpu", "56"))).isEqualTo(8);
    }

    @Test
    void cpuNodesAreNotGpuNodes() {
        assertThat(GpuCount.isGpuNode(Map.of("node.kubernetes.io/instance-type", "m7i.large"), Map.of("cpu", "2"))).isFalse();
        assertThat(GpuCount.isGpuNode(Map.of(), Map.of("nvidia.com/mig-1g.10gb", "14"))).isTrue();
        assertThat(GpuCount.isGpuNode(Map.of("nvidia.com/gpu.present", "true"), Map.of())).isTrue();
        assertThat(GpuCount.shared(Map.of("nvidia.com/gpu.replicas", "1"), 1, 1)).isFalse();
    }
}
