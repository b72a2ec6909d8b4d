package dev.slicewise.cli;

import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Duration;
import java.util.Arrays;

/**
 * Narrows a snapshot to its most recent part: the window ends where it ended and every series keeps only its last
 * steps. Series read by {@code SnapshotJson} are aligned with the window, which is what makes this a plain cut.
 */
final class Lookback {
    private Lookback() {}

    /** The snapshot with only the last {@code lookback} of its window; unchanged when the window is not longer. */
    static FleetSnapshot lastPart(FleetSnapshot s, Duration lookback) {
        Window w = s.window();
        if (lookback.compareTo(w.length()) >= 0) return s;
        long steps = lookback.toSeconds() / w.step().toSeconds();
        if (steps < 1 || lookback.toSeconds() % w.step().toSeconds() != 0) {
            throw new IllegalArgumentException("the lookback " + lookback + " is not a whole number of the snapshot's "
                    + w.step().toSeconds() + " s steps");
        }
        Window cut = new Window(w.end().minus(w.step().multipliedBy(steps)), w.end(), w.step());
        return new FleetSnapshot(s.schemaVersion(), s.collectedAt(), cut, s.clusters().stream().map(c -> new ClusterSnapshot(
                c.name(), c.region(), c.nodePools(),
                c.nodes().stream().map(n -> new GpuNode(n.name(), n.nodePool(), n.instanceType(), n.capacityType(), n.createdAt(),
                        n.labels(), n.allocatableGpus(), n.gpus().stream()
                        .map(g -> new GpuDevice(g.device(), g.uuid(), metrics(g.metrics(), cut))).toList())).toList(),
                c.workloads().stream().map(x -> new GpuWorkload(x.namespace(), x.pod(), x.owner(), x.node(), x.gpuDevices(),
                        x.gpuResource(), x.gpuCount(), x.cpuMillis(), x.memoryMiB(), metrics(x.metrics(), cut))).toList(),
                c.devicePlugin(), c.notes())).toList());
    }

    private static GpuMetrics metrics(GpuMetrics m, Window cut) {
        if (m == null) return null;
        return new GpuMetrics(series(m.util(), cut), series(m.memUsedMiB(), cut), series(m.smActive(), cut),
                series(m.grEngineActive(), cut));
    }

    private static UsageSeries series(UsageSeries s, Window cut) {
        if (s == null) return null;
        int from = s.length() - cut.points();
        return new UsageSeries(cut.start(), s.step(), Arrays.copyOfRange(s.avg(), from, s.length()),
                Arrays.copyOfRange(s.max(), from, s.length()),
                s.samples() == null ? null : Arrays.copyOfRange(s.samples(), from, s.length()));
    }
}
