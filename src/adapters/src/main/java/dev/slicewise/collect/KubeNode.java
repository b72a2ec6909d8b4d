package dev.slicewise.collect;

import java.time.Instant;
import java.util.Map;

/**
 * A GPU node as Kubernetes describes it, before telemetry is attached.
 *
 * @param instanceId      EC2 instance id from {@code spec.providerID} ({@code aws:///us-east-1a/i-0abc…}), or null
 * @param allocatableGpus {@code status.allocatable["nvidia.com/gpu"]}: replicas when time-sliced, 0 under MIG mixed
 * @param physicalGpus    physical GPUs (GFD's nvidia.com/gpu.count, Karpenter's instance-gpu-count, or capacity ÷ replicas)
 * @param gpuShared       true when the device plugin shares each GPU (time-slicing/MPS replicas &gt; 1), so several pods
 *                        can sit on one device
 */
public record KubeNode(String name, String instanceId, String instanceType, String nodePool, String capacityType,
                       Instant createdAt, Map<String, String> labels, int allocatableGpus, int physicalGpus,
                       boolean gpuShared) {
    public KubeNode {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
