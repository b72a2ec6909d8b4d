package dev.slicewise.pack;

import dev.slicewise.detect.SharingState;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.SeriesMemo;
import dev.slicewise.telemetry.Stats;
import dev.slicewise.telemetry.Units;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the pods of the nodes being re-packed into tenants with a demand measured on the GPU they hold.
 *
 * <p>Rules: a pod requesting {@code nvidia.com/gpu: 1} becomes a tenant whose hourly demand is the series of the GPU
 * it holds (its own per-pod series only on an unshared GPU, where dcgm-exporter can attribute it); compute demand is
 * the p95 of SM_ACTIVE when published, else of GPU_UTIL; peak memory is the highest hourly maximum of the GPU's
 * framebuffer use. A pod requesting more than one GPU keeps whole GPUs (a time-sliced replica is an access token,
 * not a share of compute, and {@code failRequestsGreaterThanOne} rejects such requests). A GPU in use by no known pod
 * stays where it is; a pod whose GPU has no usable series keeps a whole GPU. Each such case is noted.
 */
public final class TenantExtractor {
    /** A GPU counts as "in use" above this peak framebuffer share even when its utilization is ~0 (model loaded, idle). */
    static final double USED_MEMORY_FRACTION = 0.02;

    private final Window window;
    private final double idleMaxUtilPct;
    private final SeriesMemo memo;

    public TenantExtractor(Window window, double idleMaxUtilPct) {
        this(window, idleMaxUtilPct, new SeriesMemo());
    }

    /** @param memo what the analysis already derived from the GPUs' series (the detector judged the same GPUs) */
    public TenantExtractor(Window window, double idleMaxUtilPct, SeriesMemo memo) {
        this.window = window;
        this.idleMaxUtilPct = idleMaxUtilPct;
        this.memo = memo;
    }

    /**
     * @param nodes       the nodes whose work is re-packed, with how each is shared today
     * @param memCapacityMiB framebuffer of one GPU
     */
    public Extraction extract(Map<GpuNode, SharingState> nodes, List<GpuWorkload> workloads, long memCapacityMiB) {
        List<Tenant> tenants = new ArrayList<>();
        Map<String, Integer> slots = new LinkedHashMap<>();
        List<Extraction.WholeGpuWork> whole = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        List<GpuNode> ordered = nodes.keySet().stream().sorted(Comparator.comparing(GpuNode::name)).toList();
        for (GpuNode node : ordered) {
            SharingState sharing = nodes.get(node);
            List<GpuWorkload> pods = workloads.stream().filter(w -> node.name().equals(w.node()))
                    .sorted(Comparator.comparing(GpuWorkload::id)).toList();
            if (sharing.timeSliced()) {
                extractShared(node, pods, tenants, slots, whole, notes);
            } else {
                extractUnshared(node, pods, memCapacityMiB, tenants, slots, whole, notes);
            }
        }
        return new Extraction(tenants, slots, whole, notes);
    }

    private void extractUnshared(GpuNode node, List<GpuWorkload> pods, long capacity, List<Tenant> tenants,
                                 Map<String, Integer> slots, List<Extraction.WholeGpuWork> whole, List<String> notes) {
        Map<String, GpuDevice> free = new LinkedHashMap<>();
        for (GpuDevice d : node.gpus()) free.put(d.device(), d);
        List<GpuWorkload> unmapped = new ArrayList<>();
        List<GpuWorkload> unmappedMulti = new ArrayList<>();

        for (GpuWorkload pod : pods) {
            if (pod.gpuCount() <= 0) {
                notes.add("pod " + pod.id() + " requests no GPU (" + pod.gpuResource() + ": " + pod.gpuCount() + "): ignored");
                continue;
            }
            if (pod.gpuCount() > 1) {
                whole.add(new Extraction.WholeGpuWork(pod.id(), pod.owner(), node.name(), pod.gpuCount(), pod.cpuMillis(),
                        pod.memoryMiB(), true, "pod " + pod.id() + " requests " + pod.gpuCount() + " GPUs: it keeps "
                        + pod.gpuCount() + " whole GPUs on an unshared node (time-slicing is node-wide, a replica gives no "
                        + "extra compute, and failRequestsGreaterThanOne rejects requests above 1)"));
                if (pod.gpuDevices().isEmpty()) unmappedMulti.add(pod);
                else pod.gpuDevices().forEach(free::remove);
                continue;
            }
            List<String> held = pod.gpuDevices().stream().filter(free::containsKey).toList();
            if (held.isEmpty()) {
                unmapped.add(pod);
                continue;
            }
            GpuDevice gpu = free.remove(held.get(0));
            addPodTenant(node, pod, gpu, capacity, tenants, slots, whole, notes);
        }

        // pods without a device mapping: a one-GPU node leaves no doubt; otherwise their own (attributable) series
        // is used, and failing that they are matched to the busiest remaining GPUs, which overstates rather than
        // understates their demand
        List<GpuDevice> remaining = new ArrayList<>(free.values());
        remaining.sort(Comparator.comparingDouble((GpuDevice d) -> -busy(d)).thenComparing(GpuDevice::device));
        for (GpuWorkload pod : unmappedMulti) {
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < pod.gpuCount() && !remaining.isEmpty(); i++) taken.add(remaining.remove(0).device());
            notes.add("pod " + pod.id() + " requests " + pod.gpuCount() + " GPUs without a device mapping: assumed to hold "
                    + String.join(", ", taken) + " of " + node.name() + ", the busiest (so they are not counted as free or as unknown work)");
        }
        for (GpuWorkload pod : unmapped) {
            if (remaining.isEmpty()) {
                notes.add("pod " + pod.id() + " holds a GPU of node " + node.name() + " but every GPU there is already "
                        + "accounted for: kept on a whole GPU");
                whole.add(new Extraction.WholeGpuWork(pod.id(), pod.owner(), node.name(), 1, pod.cpuMillis(), pod.memoryMiB(),
                        true, "pod " + pod.id() + " cannot be matched to a GPU of " + node.name() + ": kept on a whole GPU"));
                continue;
            }
            GpuDevice gpu = remaining.remove(0);
            if (node.gpus().size() > 1 && !usable(pod.metrics())) {
                notes.add("pod " + pod.id() + " has no GPU device mapping and no per-pod series: assumed to hold "
                        + node.name() + "/" + gpu.device() + ", the busiest GPU not otherwise held (conservative)");
            }
            addPodTenant(node, pod, gpu, capacity, tenants, slots, whole, notes);
        }

        for (GpuDevice gpu : remaining) {
            if (!inUse(gpu, capacity)) continue;
            String id = node.name() + "/" + gpu.device();
            whole.add(new Extraction.WholeGpuWork(id, null, node.name(), 1, 0, 0, false,
                    "GPU " + id + " is in use (p95 " + Units.pct(p95(gpu.metrics())) + ", peak memory "
                            + Units.gib(peakMem(gpu.metrics())) + ") but no pod holds it: a process outside Kubernetes' "
                            + "view cannot be moved, so its node stays"));
        }
    }

    private void addPodTenant(GpuNode node, GpuWorkload pod, GpuDevice gpu, long capacity, List<Tenant> tenants,
                              Map<String, Integer> slots, List<Extraction.WholeGpuWork> whole, List<String> notes) {
        // on an unshared GPU the per-pod series is the GPU's; prefer the GPU's own series (always collected)
        GpuMetrics m = usable(gpu.metrics()) ? gpu.metrics() : usable(pod.metrics()) ? pod.metrics() : null;
        if (m == null) {
            whole.add(new Extraction.WholeGpuWork(pod.id(), pod.owner(), node.name(), 1, pod.cpuMillis(), pod.memoryMiB(), true,
                    "pod " + pod.id() + " has no usable GPU metrics (neither " + node.name() + "/" + gpu.device()
                            + " nor the pod publishes valid GPU_UTIL and FB_USED): its demand is unknown, so it keeps a whole GPU"));
            return;
        }
        tenants.add(tenant(pod.id(), pod.owner(), m, pod.cpuMillis(), pod.memoryMiB(), node.name()));
        slots.put(pod.id(), 1);
    }

    private void extractShared(GpuNode node, List<GpuWorkload> pods, List<Tenant> tenants, Map<String, Integer> slots,
                               List<Extraction.WholeGpuWork> whole, List<String> notes) {
        Map<String, List<GpuWorkload>> byDevice = new LinkedHashMap<>();
        List<GpuWorkload> unmapped = new ArrayList<>();
        Set<String> devices = new HashSet<>();
        node.gpus().forEach(g -> devices.add(g.device()));
        for (GpuWorkload pod : pods) {
            String d = pod.gpuDevices().stream().filter(devices::contains).findFirst().orElse(null);
            if (d == null) unmapped.add(pod);
            else byDevice.computeIfAbsent(d, k -> new ArrayList<>()).add(pod);
        }
        if (node.gpus().size() == 1 && !unmapped.isEmpty()) {
            byDevice.computeIfAbsent(node.gpus().get(0).device(), k -> new ArrayList<>()).addAll(unmapped);
            unmapped.clear();
        }
        if (!unmapped.isEmpty()) {
            int cpu = unmapped.stream().mapToInt(GpuWorkload::cpuMillis).sum();
            long mem = unmapped.stream().mapToLong(GpuWorkload::memoryMiB).sum();
            whole.add(new Extraction.WholeGpuWork(node.name() + " (" + unmapped.size() + " pods)", null, node.name(),
                    node.gpus().size(), cpu, mem, false, "node " + node.name() + " is already time-sliced and "
                    + unmapped.size() + " pod(s) have no GPU device mapping: their GPUs cannot be told apart, so the node stays as it is"));
            return;
        }
        for (GpuDevice gpu : node.gpus()) {
            List<GpuWorkload> held = byDevice.getOrDefault(gpu.device(), List.of());
            String id = node.name() + "/" + gpu.device();
            if (held.isEmpty()) {
                if (inUse(gpu, 0)) {
                    whole.add(new Extraction.WholeGpuWork(id, null, node.name(), 1, 0, 0, false,
                            "GPU " + id + " is in use but no pod holds it: its node stays"));
                }
                continue;
            }
            int cpu = held.stream().mapToInt(GpuWorkload::cpuMillis).sum();
            long mem = held.stream().mapToLong(GpuWorkload::memoryMiB).sum();
            if (!usable(gpu.metrics())) {
                whole.add(new Extraction.WholeGpuWork(id, null, node.name(), 1, cpu, mem, true,
                        "GPU " + id + " (already time-sliced, " + held.size() + " pods) has no usable metrics: kept as it is"));
                continue;
            }
            String owners = String.join(",", held.stream().map(GpuWorkload::owner).distinct().sorted().toList());
            tenants.add(tenant(id, owners, gpu.metrics(), cpu, mem, node.name()));
            slots.put(id, held.size());
            notes.add("GPU " + id + " is already time-sliced: its " + held.size() + " pod(s) ("
                    + String.join(", ", held.stream().map(GpuWorkload::id).toList()) + ") move together as one tenant, "
                    + "sized by the GPU's own series (per-pod GPU metrics are not attributable on a shared GPU)");
        }
    }

    private Tenant tenant(String id, String owner, GpuMetrics m, int cpu, long mem, String node) {
        double[] util = Stats.aligned(m.util(), window);
        // the p95 and peak the detector computed for the same series (Stats.percentile(util, 95) and the highest
        // aligned maximum)
        double p95 = memo.summary(m.util(), window).p95();
        double compute = m.smActive() != null && m.smActive().anyPresent()
                ? memo.summary(m.smActive(), window).p95() : p95;
        double peak = memo.peak(m.memUsedMiB(), window);
        return new Tenant(id, owner, util, p95, compute, peak, cpu, mem, node);
    }

    private boolean usable(GpuMetrics m) {
        return m != null && m.util() != null && m.memUsedMiB() != null && m.util().anyPresent()
                && m.memUsedMiB().anyPresent() && memo.problems(m).isEmpty();
    }

    private boolean inUse(GpuDevice gpu, long capacity) {
        GpuMetrics m = gpu.metrics();
        if (!usable(m)) return false;
        double maxUtil = Stats.max(m.util());
        double mem = Stats.max(m.memUsedMiB());
        return maxUtil > idleMaxUtilPct || (capacity > 0 && mem > USED_MEMORY_FRACTION * capacity);
    }

    private static double busy(GpuDevice d) {
        double p = p95(d.metrics());
        return Double.isNaN(p) ? -1 : p;
    }

    private static double p95(GpuMetrics m) {
        return m == null || m.util() == null ? Double.NaN : Stats.percentile(m.util(), 95);
    }

    private static double peakMem(GpuMetrics m) {
        return m == null || m.memUsedMiB() == null ? Double.NaN : Stats.max(m.memUsedMiB());
    }
}
