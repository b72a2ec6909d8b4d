package dev.slicewise.collect;

import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.NodePoolInfo;
import java.util.List;

/**
 * What Kubernetes says about a cluster's GPU fleet: nodes, GPU pods, node pools and how GPU sharing is set up.
 *
 * @param karpenter    true when the Karpenter v1 NodePool API is served
 * @param devicePlugin the device-plugin setup found (never null; {@code Mode.UNKNOWN} when nothing was found)
 */
public record KubeFleet(List<KubeNode> nodes, List<KubePod> pods, List<NodePoolInfo> nodePools,
                        List<NodeOverlayInfo> overlays, boolean karpenter, DevicePluginSetup devicePlugin,
                        List<CollectionNote> notes) {
    public KubeFleet {
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
        nodePools = List.copyOf(nodePools);
        overlays = List.copyOf(overlays);
        notes = List.copyOf(notes);
    }
}
