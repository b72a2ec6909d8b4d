package dev.slicewise.collect;

import dev.slicewise.progress.Progress;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.NodePoolInfo;
import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Assembles one cluster's {@link FleetSnapshot} over a window: nodes, pods, node pools and device-plugin setup from
 * Kubernetes, per-GPU series from the telemetry port, and a note for everything that is missing.
 *
 * <p>Workloads get the devices they hold from the pod-level metrics' dimensions (or, on a one-GPU node, the only
 * GPU). A pod alone on an unshared GPU gets that GPU's series from its start time on, as its own: those hours are its
 * load and nobody else's; earlier hours belonged to whatever ran there before and are masked as gaps.
 */
public final class FleetCollector {
    /** Below this share of the hours a GPU existed in the window, its coverage is reported. */
    static final double COVERAGE_NOTE_BELOW = 0.9;
    /** The resource of a whole, unshared GPU (time-sliced replicas are renamed nvidia.com/gpu.shared or counted here too). */
    static final String WHOLE_GPU = "nvidia.com/gpu";

    private final FleetReader fleet;
    private final GpuTelemetry telemetry;
    private final Clock clock;

    public FleetCollector(FleetReader fleet, GpuTelemetry telemetry, Clock clock) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The last {@code lookBack} up to the current whole hour, hourly. */
    public static Window hourlyWindow(Clock clock, Duration lookBack) {
        Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS);
        return new Window(end.minus(lookBack), end, Duration.ofHours(1));
    }

    public CollectionResult collect(String cluster, String region, Window window, Progress progress) {
        progress.step(cluster, "Kubernetes: reading GPU nodes, GPU pods, node pools and the device-plugin setup");
        KubeFleet kube = fleet.read();
        List<CollectionNote> notes = new ArrayList<>(kube.notes());

        List<GpuHost> hosts = kube.nodes().stream()
                .map(n -> new GpuHost(n.name(), n.instanceId(), n.instanceType(), n.physicalGpus())).toList();
        List<TelemetryRequest.PodPlacement> placements = kube.pods().stream().filter(p -> p.node() != null)
                .map(p -> new TelemetryRequest.PodPlacement(p.key(), p.node())).toList();
        TelemetryResult series = hosts.isEmpty()
                ? new TelemetryResult("none", Map.of(), Map.of(), Map.of(), List.of(), TelemetryCost.NONE)
                : telemetry.fetch(new TelemetryRequest(cluster, hosts, placements, window), progress);
        notes.addAll(series.notes());

        Map<String, KubeNode> nodesByName = new HashMap<>();
        kube.nodes().forEach(n -> nodesByName.put(n.name(), n));
        List<GpuNode> nodes = new ArrayList<>();
        for (KubeNode n : kube.nodes()) nodes.add(gpuNode(n, series, window, notes));

        List<GpuWorkload> workloads = workloads(kube, nodesByName, series, window, notes);
        notes.addAll(spotNotes(kube));
        kube.overlays().forEach(o -> notes.add(CollectionNote.info("nodeoverlay " + o.name(), "weight " + o.weight()
                + ", requirements " + o.requirements() + (o.capacity().isEmpty() ? "" : ", capacity " + o.capacity())
                + (o.price() == null ? "" : ", price " + o.price())
                + (o.priceAdjustment() == null ? "" : ", priceAdjustment " + o.priceAdjustment()))));

        ClusterSnapshot snapshot = new ClusterSnapshot(cluster, region, kube.nodePools(), nodes, workloads,
                kube.devicePlugin(), notes.stream().map(CollectionNote::toString).toList());
        FleetSnapshot fleetSnapshot = new FleetSnapshot(FleetSnapshot.SCHEMA_VERSION, clock.instant(), window, List.of(snapshot));
        return new CollectionResult(fleetSnapshot, notes, kube.overlays(), series.source(), series.cost());
    }

    private static GpuNode gpuNode(KubeNode n, TelemetryResult series, Window window, List<CollectionNote> notes) {
        Set<String> devices = new TreeSet<>(DeviceNames::compare);
        for (int i = 0; i < n.physicalGpus(); i++) devices.add(DeviceNames.ofIndex(i));
        series.gpus().keySet().stream().filter(k -> k.node().equals(n.name())).forEach(k -> devices.add(k.device()));
        if (n.physicalGpus() > 0 && devices.size() > n.physicalGpus()) {
            notes.add(CollectionNote.warn("node " + n.name(), "CloudWatch reports " + devices.size() + " GPU devices but the"
                    + " node has " + n.physicalGpus() + " GPUs"));
        }
        List<GpuDevice> gpus = new ArrayList<>();
        List<String> lowCoverage = new ArrayList<>();
        int expected = expectedPoints(window, n.createdAt());
        for (String d : devices) {
            GpuReading r = series.gpus().get(new GpuKey(n.name(), d));
            gpus.add(new GpuDevice(d, r == null ? null : r.uuid(), r == null ? null : r.metrics()));
            if (r != null && r.metrics().util() != null && expected > 0) {
                int present = r.metrics().util().presentPoints();
                if (present < COVERAGE_NOTE_BELOW * expected) lowCoverage.add(d + " " + present + "/" + expected);
            }
        }
        if (!lowCoverage.isEmpty()) {
            notes.add(CollectionNote.warn("node " + n.name(), "utilization covers only part of the hours the node existed"
                    + " in the window (" + String.join(", ", lowCoverage) + " hours); the gaps are left empty"));
        }
        return new GpuNode(n.name(), n.nodePool(), n.instanceType(), n.capacityType(), n.createdAt(), n.labels(),
                n.allocatableGpus(), gpus);
    }

    /** Whole steps of the window after the node appeared (all of them when the creation time is unknown). */
    static int expectedPoints(Window w, Instant createdAt) {
        if (createdAt == null || !createdAt.isAfter(w.start())) return w.points();
        if (!createdAt.isBefore(w.end())) return 0;
        long step = w.step().toSeconds();
        long firstFull = (createdAt.getEpochSecond() - w.start().getEpochSecond() + step - 1) / step;
        return (int) Math.max(0, w.points() - firstFull);
    }

    private static List<GpuWorkload> workloads(KubeFleet kube, Map<String, KubeNode> nodes, TelemetryResult series,
                                               Window window, List<CollectionNote> notes) {
        // which current pods sit on which device, to know whether a pod has its GPU to itself
        Map<GpuKey, Integer> tenants = new HashMap<>();
        Map<PodKey, List<String>> devicesOf = new HashMap<>();
        for (KubePod p : kube.pods()) {
            if (p.node() == null) continue;
            KubeNode node = nodes.get(p.node());
            List<String> devices = new ArrayList<>(series.podDevices().getOrDefault(p.key(), Set.of()));
            devices.sort(DeviceNames::compare);
            if (devices.isEmpty() && node != null && node.physicalGpus() == 1 && WHOLE_GPU.equals(p.gpuResource())) {
                devices = List.of(DeviceNames.ofIndex(0)); // a one-GPU node has only one GPU to hold
            }
            devicesOf.put(p.key(), devices);
            for (String d : devices) tenants.merge(new GpuKey(p.node(), d), 1, Integer::sum);
        }
        List<GpuWorkload> out = new ArrayList<>();
        for (KubePod p : kube.pods()) {
            if (p.node() == null) continue; // pending: noted by the reader, nothing to pack yet
            KubeNode node = nodes.get(p.node());
            List<String> devices = devicesOf.get(p.key());
            GpuMetrics metrics = series.podMetrics().get(p.key());
            if (metrics == null && node != null && !node.gpuShared() && devices.size() == 1 && p.gpuCount() == 1
                    && WHOLE_GPU.equals(p.gpuResource())) {
                GpuKey key = new GpuKey(p.node(), devices.get(0));
                GpuReading r = series.gpus().get(key);
                if (r != null && tenants.getOrDefault(key, 0) == 1) metrics = since(r.metrics(), p.startedAt());
            }
            boolean measured = metrics != null || devices.stream().anyMatch(d -> series.gpus().containsKey(new GpuKey(p.node(), d)))
                    || (devices.isEmpty() && series.gpus().keySet().stream().anyMatch(k -> k.node().equals(p.node())));
            if (!measured) {
                notes.add(CollectionNote.warn("pod " + p.key(), "no GPU metrics for its GPU(s) on node " + p.node()
                        + ": it is packed by its request (" + p.gpuCount() + " × " + p.gpuResource() + ") without utilization"));
            }
            out.add(new GpuWorkload(p.key().namespace(), p.key().name(), p.owner(), p.node(), devices, p.gpuResource(),
                    p.gpuCount(), p.cpuMillis(), p.memoryMiB(), metrics));
        }
        return out;
    }

    /** The series with every step that began before {@code start} turned into a gap. */
    static GpuMetrics since(GpuMetrics m, Instant start) {
        if (start == null) return m;
        return new GpuMetrics(mask(m.util(), start), mask(m.memUsedMiB(), start), mask(m.smActive(), start),
                mask(m.grEngineActive(), start));
    }

    static UsageSeries mask(UsageSeries s, Instant start) {
        if (s == null || !start.isAfter(s.start())) return s;
        double[] avg = s.avg().clone(), max = s.max().clone();
        long[] samples = s.samples() == null ? null : s.samples().clone();
        for (int i = 0; i < avg.length; i++) {
            Instant stepStart = s.start().plus(s.step().multipliedBy(i));
            if (!stepStart.isBefore(start)) break;
            avg[i] = Double.NaN;
            max[i] = Double.NaN;
            if (samples != null) samples[i] = 0;
        }
        return new UsageSeries(s.start(), s.step(), avg, max, samples);
    }

    private static List<CollectionNote> spotNotes(KubeFleet kube) {
        List<CollectionNote> out = new ArrayList<>();
        for (NodePoolInfo pool : kube.nodePools()) {
            if (pool.capacityTypes().contains("spot")) {
                out.add(CollectionNote.warn("nodepool " + pool.name(), "may launch spot capacity " + pool.capacityTypes()
                        + ": savings are priced at on-demand rates and overstate what freeing its nodes saves"));
            }
        }
        Set<String> spotNodesOutsidePools = new TreeSet<>();
        Set<String> poolNames = new TreeSet<>();
        kube.nodePools().forEach(p -> poolNames.add(p.name()));
        for (KubeNode n : kube.nodes()) {
            if ("spot".equals(n.capacityType()) && (n.nodePool() == null || !poolNames.contains(n.nodePool()))) {
                spotNodesOutsidePools.add(n.name());
            }
        }
        if (!spotNodesOutsidePools.isEmpty()) {
            out.add(CollectionNote.warn("spot nodes", "nodes " + spotNodesOutsidePools + " run on spot capacity: savings"
                    + " are priced at on-demand rates and overstate what freeing them saves"));
        }
        return out;
    }
}
