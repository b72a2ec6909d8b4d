package dev.slicewise.collect;

import dev.slicewise.fleet.Window;
import java.util.List;

/**
 * What to fetch: the series of every GPU of {@code hosts} over {@code window}, at {@code window.step()}.
 *
 * @param pods the GPU pods and their nodes, so per-pod metrics can be tied to GPUs
 */
public record TelemetryRequest(String cluster, List<GpuHost> hosts, List<PodPlacement> pods, Window window) {
    public TelemetryRequest {
        hosts = List.copyOf(hosts);
        pods = List.copyOf(pods);
    }

    /** A running GPU pod and the node it runs on. */
    public record PodPlacement(PodKey pod, String node) {}
}
