package dev.slicewise.kube;

import java.util.Map;

/**
 * How many physical GPUs a node has and whether the device plugin shares them, from what the node says about itself.
 *
 * <p>Order of trust: GPU Feature Discovery's {@code nvidia.com/gpu.count} (physical GPUs — except under the MIG
 * {@code single} strategy, where it counts MIG devices); Karpenter's {@code karpenter.k8s.aws/instance-gpu-count}
 * (EC2's count for the instance type); the node's {@code nvidia.com/gpu} capacity divided by GFD's
 * {@code nvidia.com/gpu.replicas} (capacity counts replicas when time-sliced). Source: nvidia-k8s reference §1.7, §5.3.
 */
public final class GpuCount {
    public static final String GPU_RESOURCE = "nvidia.com/gpu";

    private GpuCount() {}

    public static int physical(Map<String, String> labels, Map<String, String> capacity) {
        boolean migSingle = "single".equals(labels.get("nvidia.com/mig.strategy"));
        Integer gfd = migSingle ? null : positive(labels.get("nvidia.com/gpu.count"));
        if (gfd != null) return gfd;
        Integer karpenter = positive(labels.get("karpenter.k8s.aws/instance-gpu-count"));
        if (karpenter != null) return karpenter;
        Integer cap = positive(capacity.get(GPU_RESOURCE));
        if (cap != null && !migSingle) {
            int replicas = replicas(labels);
            return cap % replicas == 0 ? cap / replicas : cap;
        }
        return 0;
    }

    /** Replicas per GPU the device plugin advertises (GFD's per-device value; 1 when not shared or unknown). */
    public static int replicas(Map<String, String> labels) {
        Integer r = positive(labels.get("nvidia.com/gpu.replicas"));
        return r == null ? 1 : r;
    }

    /** True when one GPU can hold several pods: time-slicing/MPS replicas, or more allocatable GPUs than physical ones. */
    public static boolean shared(Map<String, String> labels, int allocatable, int physical) {
        String strategy = labels.get("nvidia.com/gpu.sharing-strategy");
        return replicas(labels) > 1 || "time-slicing".equals(strategy) || "mps".equals(strategy)
                || (physical > 0 && allocatable > physical);
    }

    /** True when the node looks like an NVIDIA GPU node at all. */
    public static boolean isGpuNode(Map<String, String> labels, Map<String, String> capacity) {
        if (positive(capacity.get(GPU_RESOURCE)) != null) return true;
        if (capacity.keySet().stream().anyMatch(k -> k.startsWith("nvidia.com/mig-") && positive(capacity.get(k)) != null)) return true;
        return "true".equals(labels.get("nvidia.com/gpu.present")) || positive(labels.get("nvidia.com/gpu.count")) != null
                || ("nvidia".equals(labels.get("karpenter.k8s.aws/instance-gpu-manufacturer"))
                    && positive(labels.get("karpenter.k8s.aws/instance-gpu-count")) != null);
    }

    static Integer positive(String v) {
        if (v == null) return null;
        try {
            int n = Integer.parseInt(v.trim());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
