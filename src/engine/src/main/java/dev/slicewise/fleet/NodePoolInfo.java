package dev.slicewise.fleet;

import java.util.List;
import java.util.Map;

/**
 * A group of GPU nodes that scale together: a Karpenter NodePool (v1) or an EKS managed node group.
 *
 * @param templateLabels labels new nodes get ({@code spec.template.metadata.labels})
 * @param limits         {@code spec.limits} as Kubernetes quantities (e.g. {@code nvidia.com/gpu: "64"})
 * @param instanceTypes  instance types the pool may launch, when its requirements name them (may be empty)
 * @param capacityTypes  {@code karpenter.sh/capacity-type} values allowed (on-demand, spot, reserved)
 */
public record NodePoolInfo(String name, PoolKind kind, Map<String, String> templateLabels, Map<String, String> limits,
                           List<String> instanceTypes, List<String> capacityTypes) {
    public NodePoolInfo {
        templateLabels = templateLabels == null ? Map.of() : Map.copyOf(templateLabels);
        limits = limits == null ? Map.of() : Map.copyOf(limits);
        instanceTypes = instanceTypes == null ? List.of() : List.copyOf(instanceTypes);
        capacityTypes = capacityTypes == null ? List.of() : List.copyOf(capacityTypes);
    }

    public enum PoolKind { KARPENTER, MANAGED_NODEGROUP, UNMANAGED }
}
