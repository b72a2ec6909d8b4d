package dev.slicewise.recommend;

import dev.slicewise.risk.LatencyEstimate;
import java.util.List;
import java.util.Map;

/** The sharing decision for a pool: exhaustive, so a switch over it cannot fall through. */
public sealed interface Sharing {

    /**
     * Time-slicing: the device plugin advertises {@code replicas} per physical GPU. No memory isolation.
     *
     * @param gpus the target GPUs with their tenants
     */
    record TimeSlicing(int replicas, List<SharedGpu> gpus, LatencyEstimate latency) implements Sharing {}

    /**
     * MIG partitions.
     *
     * @param strategy          {@code single} (one profile everywhere; pods keep requesting {@code nvidia.com/gpu}) or
     *                          {@code mixed} (pods request {@code nvidia.com/mig-<profile>})
     * @param migConfigName     the mig-parted config name the nodes get in {@code nvidia.com/mig.config}
     * @param gpus              the target GPUs with their slices
     * @param workloadsToChange owners whose resource requests must change (mixed strategy), with the new request
     */
    record Mig(String strategy, String migConfigName, List<MigGpu> gpus, List<WorkloadChange> workloadsToChange) implements Sharing {}

    /** Leave the pool as it is. */
    record Unchanged(String why) implements Sharing {}

    /** One target GPU under time-slicing. */
    record SharedGpu(String node, int gpuIndex, List<String> tenants, double p95SummedUtilPct, double peakSummedMemMiB,
                     long memCapacityMiB) {}

    /** One target GPU under MIG: its slices in placement order. */
    record MigGpu(String node, int gpuIndex, List<MigSlice> slices) {}

    /** A MIG instance at memory-slice {@code start}, holding {@code tenant} (null = spare). */
    record MigSlice(String profile, int start, int memorySlices, String tenant) {}

    /** A workload whose pods must request a different resource. */
    record WorkloadChange(String owner, String fromResource, String toResource, Map<String, Integer> podCount) {}
}
