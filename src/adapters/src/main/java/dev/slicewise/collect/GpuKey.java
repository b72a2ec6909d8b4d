package dev.slicewise.collect;

import java.util.Objects;

/**
 * One physical GPU in a cluster: the node it sits in and the device name the exporters use ({@code nvidia0}).
 * Container Insights calls these NodeName and GpuDevice; dcgm-exporter calls them Hostname and device.
 */
public record GpuKey(String node, String device) implements Comparable<GpuKey> {
    public GpuKey {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(device, "device");
    }

    @Override
    public int compareTo(GpuKey o) {
        int c = node.compareTo(o.node);
        return c != 0 ? c : DeviceNames.compare(device, o.device);
    }

    @Override
    public String toString() {
        return node + "/" + device;
    }
}
