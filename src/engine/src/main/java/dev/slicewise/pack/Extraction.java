package dev.slicewise.pack;

import java.util.List;
import java.util.Map;

/**
 * The workloads of a pool turned into what the packers place.
 *
 * @param tenants   one per pod requesting {@code nvidia.com/gpu: 1} with a measured demand; on a GPU that is already
 *                  time-sliced, one <em>bundle</em> per GPU holding all its pods (their demand cannot be told apart)
 * @param slots     pods behind each tenant id (1 for a pod, the pod count for a bundle): what counts against
 *                  {@code maxReplicas} and the replica count
 * @param wholeGpus work that keeps whole, unshared GPUs, each with why
 * @param notes     how ambiguous cases were resolved (never silently)
 */
public record Extraction(List<Tenant> tenants, Map<String, Integer> slots, List<WholeGpuWork> wholeGpus, List<String> notes) {
    public Extraction {
        tenants = List.copyOf(tenants);
        slots = Map.copyOf(slots);
        wholeGpus = List.copyOf(wholeGpus);
        notes = List.copyOf(notes);
    }

    public int slotsOf(String tenantId) {
        return slots.getOrDefault(tenantId, 1);
    }

    /**
     * Work that keeps whole GPUs of an unshared node.
     *
     * @param id        pod id, or {@code node/device} for a GPU used by no known pod
     * @param gpus      whole GPUs it needs on one node
     * @param movable   false when it must stay on {@code node} (a process Kubernetes does not know about)
     */
    public record WholeGpuWork(String id, String owner, String node, int gpus, int cpuMillis, long memoryMiB,
                               boolean movable, String why) {}
}
