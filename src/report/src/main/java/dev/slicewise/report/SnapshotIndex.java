package dev.slicewise.report;

import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.UsageSeries;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Finds, in the snapshot the report was computed from, the series behind a GPU and a tenant. */
final class SnapshotIndex {
    private final Map<String, GpuDevice> devices = new HashMap<>();
    private final Map<String, GpuNode> nodes = new HashMap<>();
    private final Map<String, GpuWorkload> workloads = new HashMap<>();
    private final Map<String, List<GpuWorkload>> workloadsByNode = new HashMap<>();

    SnapshotIndex(FleetSnapshot snapshot) {
        if (snapshot == null) return;
        for (ClusterSnapshot c : snapshot.clusters()) {
            for (GpuNode node : c.nodes()) {
                nodes.put(key(c.name(), node.name()), node);
                for (GpuDevice d : node.gpus()) devices.put(key(c.name(), node.name(), d.device()), d);
            }
            for (GpuWorkload w : c.workloads()) {
                workloads.put(key(c.name(), w.id()), w);
                workloads.putIfAbsent(key(c.name(), w.pod()), w);
                workloadsByNode.computeIfAbsent(key(c.name(), w.node()), k -> new java.util.ArrayList<>()).add(w);
            }
        }
    }

    Optional<GpuMetrics> gpu(String cluster, String node, String device) {
        GpuDevice d = devices.get(key(cluster, node, device));
        return d == null ? Optional.empty() : Optional.ofNullable(d.metrics());
    }

    Optional<GpuNode> node(String cluster, String node) {
        return Optional.ofNullable(nodes.get(key(cluster, node)));
    }

    /** The workload a packing tenant stands for ({@code namespace/pod}, or a bare pod name). */
    Optional<GpuWorkload> workload(String cluster, String tenant) {
        return Optional.ofNullable(workloads.get(key(cluster, tenant)));
    }

    /**
     * A tenant's own peak framebuffer use: its per-pod series when attributable, else the series of the GPUs it held
     * alone (the same sources the engine packs with). Empty when it cannot be attributed honestly, e.g. it shared its
     * GPU with another pod already.
     */
    OptionalDouble tenantPeakMemMiB(String cluster, String tenant) {
        GpuWorkload w = workloads.get(key(cluster, tenant));
        if (w == null) return OptionalDouble.empty();
        if (w.metrics() != null && w.metrics().memUsedMiB() != null) return peak(w.metrics().memUsedMiB());
        GpuNode node = nodes.get(key(cluster, w.node()));
        if (node == null) return OptionalDouble.empty();
        List<GpuWorkload> neighbours = workloadsByNode.getOrDefault(key(cluster, w.node()), List.of());
        List<String> held = w.gpuDevices();
        if (held.isEmpty()) {
            // no device mapping: attributable only when it is the node's single GPU pod on a single-GPU node
            if (node.gpus().size() != 1 || neighbours.size() != 1) return OptionalDouble.empty();
            held = List.of(node.gpus().getFirst().device());
        } else {
            for (GpuWorkload other : neighbours) {
                if (other != w && other.gpuDevices().stream().anyMatch(held::contains)) return OptionalDouble.empty();
            }
        }
        double sum = 0;
        for (String device : held) {
            GpuDevice d = devices.get(key(cluster, node.name(), device));
            if (d == null || d.metrics() == null || d.metrics().memUsedMiB() == null) return OptionalDouble.empty();
            OptionalDouble p = peak(d.metrics().memUsedMiB());
            if (p.isEmpty()) return OptionalDouble.empty();
            sum += p.getAsDouble();
        }
        return OptionalDouble.of(sum);
    }

    static OptionalDouble peak(UsageSeries s) {
        double best = Double.NaN;
        for (int i = 0; i < s.length(); i++) {
            if (!s.present(i)) continue;
            double v = Double.isNaN(s.max()[i]) ? s.avg()[i] : s.max()[i];
            if (Double.isNaN(best) || v > best) best = v;
        }
        return Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best);
    }

    private static String key(String... parts) {
        return String.join("\u0000", parts);
    }
}
