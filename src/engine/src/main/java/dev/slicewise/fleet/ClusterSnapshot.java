package dev.slicewise.fleet;

import java.util.List;

/**
 * One EKS cluster's GPU fleet.
 *
 * @param devicePlugin how the NVIDIA device plugin is configured today (null when unknown), so a second
 *                     recommendation starts from what is there
 * @param notes        collection remarks to show the user (e.g. "no Karpenter CRDs found")
 */
public record ClusterSnapshot(String name, String region, List<NodePoolInfo> nodePools, List<GpuNode> nodes,
                              List<GpuWorkload> workloads, DevicePluginSetup devicePlugin, List<String> notes) {
    public ClusterSnapshot {
        nodePools = List.copyOf(nodePools);
        nodes = List.copyOf(nodes);
        workloads = List.copyOf(workloads);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
