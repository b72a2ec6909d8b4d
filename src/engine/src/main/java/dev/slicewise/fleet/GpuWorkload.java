package dev.slicewise.fleet;

import dev.slicewise.telemetry.GpuMetrics;
import java.util.List;

/**
 * A pod holding GPUs: the unit that gets packed.
 *
 * @param owner        the controller that owns it ({@code Deployment/llm-api}); pods of one owner are shown together
 * @param node         the node it runs on
 * @param gpuDevices   the devices it holds ({@code nvidia0}) when known (dcgm-exporter's pod mapping), else empty
 * @param gpuResource  the extended resource it requests ({@code nvidia.com/gpu}, {@code nvidia.com/mig-1g.10gb}, …)
 * @param gpuCount     how many of that resource it requests
 * @param cpuMillis    CPU request in millicores (0 when none)
 * @param memoryMiB    memory request in MiB (0 when none)
 * @param metrics      per-pod series when attributable (unshared GPUs only), else null: the engine then uses the
 *                     series of the GPUs it holds
 */
public record GpuWorkload(String namespace, String pod, String owner, String node, List<String> gpuDevices,
                          String gpuResource, int gpuCount, int cpuMillis, long memoryMiB, GpuMetrics metrics) {
    public GpuWorkload {
        gpuDevices = gpuDevices == null ? List.of() : List.copyOf(gpuDevices);
    }

    public String id() {
        return namespace + "/" + pod;
    }
}
