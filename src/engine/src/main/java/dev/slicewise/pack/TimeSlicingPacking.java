package dev.slicewise.pack;

import java.util.List;

/**
 * Tenants packed onto time-sliced GPUs.
 *
 * @param gpus          the target GPUs, most loaded first
 * @param provedOptimal true when no packing with fewer GPUs exists (exhaustive search finished, or the result
 *                      meets a lower bound); false when the heuristic's answer could not be proved optimal
 * @param notes         tenants that cannot share (alone over a limit), search limits hit
 */
public record TimeSlicingPacking(List<GpuBin> gpus, boolean provedOptimal, List<String> notes) {
    public TimeSlicingPacking {
        gpus = List.copyOf(gpus);
        notes = List.copyOf(notes);
    }

    /** Most pods on any target GPU: the replica count the device plugin must advertise (never below 2). */
    public int replicas() {
        return Math.max(2, gpus.stream().mapToInt(GpuBin::slots).max().orElse(0));
    }

    /**
     * One target GPU.
     *
     * @param slots            pods on it (a bundle of an already-shared GPU counts its pods)
     * @param p95SummedUtilPct p95 of the hour-by-hour sum of its tenants' utilization
     * @param peakSummedMemMiB sum of its tenants' peak framebuffer use (peaks may not coincide: an upper bound)
     * @param summedHours      hours where every tenant had data (the sum is defined only there)
     * @param partialHours     hours dropped because some tenant had no data
     */
    public record GpuBin(List<Tenant> tenants, int slots, double p95SummedUtilPct, double peakSummedMemMiB, int summedHours,
                         int partialHours, double cpuMillis, double memoryMiB) {
        public GpuBin {
            tenants = List.copyOf(tenants);
        }

        public List<String> tenantIds() {
            return tenants.stream().map(Tenant::id).toList();
        }
    }
}
