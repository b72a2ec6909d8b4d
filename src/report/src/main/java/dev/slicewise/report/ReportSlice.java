package dev.slicewise.report;

import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.recommend.GpuEvidence;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Sharing;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Just what the approval page of one recommendation needs: the report with that recommendation only, and the
 * snapshot cut down to its cluster's nodes and workloads that the page draws (evidence GPUs, target GPUs, tenants).
 * Store this with the recommendation when notifying, so the page can be rendered later without the whole fleet
 * (a fleet's hourly series can exceed a DynamoDB item; one pool's usually does not — for very large pools put it in S3).
 */
public record ReportSlice(AnalysisReport report, FleetSnapshot snapshot) {

    /** @throws IllegalArgumentException when the report holds no recommendation {@code recommendationId} */
    public static ReportSlice of(AnalysisReport report, FleetSnapshot snapshot, String recommendationId) {
        Recommendation rec = report.recommendations().stream().filter(r -> r.id().equals(recommendationId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("recommendation " + recommendationId + " is not in this report"));
        AnalysisReport one = new AnalysisReport(report.generatedAt(), report.window(), report.policy(), List.of(rec), List.of());
        if (snapshot == null) return new ReportSlice(one, null);

        Set<String> nodes = new HashSet<>();
        Set<String> tenants = new HashSet<>();
        for (GpuEvidence e : rec.evidence()) nodes.add(e.node());
        switch (rec.sharing()) {
            case Sharing.TimeSlicing ts -> ts.gpus().forEach(g -> {
                nodes.add(g.node());
                tenants.addAll(g.tenants());
            });
            case Sharing.Mig mig -> mig.gpus().forEach(g -> {
                nodes.add(g.node());
                g.slices().forEach(s -> {
                    if (s.tenant() != null) tenants.add(s.tenant());
                });
            });
            case Sharing.Unchanged u -> {}
        }
        List<ClusterSnapshot> clusters = snapshot.clusters().stream().filter(c -> c.name().equals(rec.cluster())).map(c -> {
            List<GpuWorkload> workloads = c.workloads().stream()
                    .filter(w -> tenants.contains(w.id()) || tenants.contains(w.pod()) || nodes.contains(w.node())).toList();
            // a tenant's memory may come from the GPU it held alone, so keep the nodes its pods run on too
            Set<String> keep = new HashSet<>(nodes);
            workloads.forEach(w -> keep.add(w.node()));
            List<GpuNode> kept = c.nodes().stream().filter(n -> keep.contains(n.name())).toList();
            List<GpuWorkload> onKept = c.workloads().stream().filter(w -> keep.contains(w.node())).toList();
            return new ClusterSnapshot(c.name(), c.region(), c.nodePools().stream().filter(p -> p.name().equals(rec.nodePool())).toList(),
                    kept, onKept, c.devicePlugin(), c.notes());
        }).toList();
        return new ReportSlice(one, new FleetSnapshot(snapshot.schemaVersion(), snapshot.collectedAt(), snapshot.window(), clusters));
    }
}
