package dev.slicewise.catalog;

/**
 * An EC2 GPU instance type.
 *
 * @param gpuModel              key into the GPU models ({@code T4}, {@code A100-40GB}, {@code H100-80GB}, …)
 * @param gpuCount              physical GPUs (0 = fractional vGPU share such as g6f, never sliced further)
 * @param gpuMemoryMiB          memory of one GPU as EC2 reports it
 * @param migMaxInstances       MIG instances per GPU, 0 when the GPU has no MIG
 * @param onDemandUsdPerHour    bundled us-east-1 on-demand Linux price, or null when none is listed
 */
public record InstanceType(String name, String gpuModel, int gpuCount, int gpuMemoryMiB, int vcpu, int memoryGiB,
                           String arch, int migMaxInstances, Double onDemandUsdPerHour) {
    public boolean migCapable() {
        return migMaxInstances > 0;
    }
}
