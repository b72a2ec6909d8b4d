package dev.slicewise.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes node with NVIDIA GPUs.
 *
 * @param nodePool          {@code karpenter.sh/nodepool} or {@code eks.amazonaws.com/nodegroup}; null when neither
 * @param capacityType      {@code karpenter.sh/capacity-type} / {@code eks.amazonaws.com/capacityType}, lower-case
 *                          (on-demand, spot); null when unknown
 * @param labels            all node labels (GPU Feature Discovery's {@code nvidia.com/*} labels included)
 * @param allocatableGpus   {@code status.allocatable["nvidia.com/gpu"]} (replicas when already time-sliced)
 * @param gpus              the physical GPUs with their series
 */
public record GpuNode(String name, String nodePool, String instanceType, String capacityType, Instant createdAt,
                      Map<String, String> labels, int allocatableGpus, List<GpuDevice> gpus) {
    public GpuNode {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        gpus = List.copyOf(gpus);
    }

    public String label(String key) {
        return labels.get(key);
    }
}
