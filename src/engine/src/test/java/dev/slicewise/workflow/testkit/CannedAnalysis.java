package dev.slicewise.workflow.testkit;

import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.Analyzer;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.Window;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.workflow.FleetSource;
import dev.slicewise.workflow.UnknownClusterException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fleet source that records what it was asked and an analyzer that answers with the recommendations set by the test. */
public final class CannedAnalysis implements FleetSource, Analyzer {
    public final List<String> collected = new CopyOnWriteArrayList<>();
    public final List<Window> windows = new CopyOnWriteArrayList<>();
    public volatile List<Recommendation> recommendations = List.of();
    public volatile List<String> knownClusters = List.of(Samples.CLUSTER);

    public FleetSnapshot collect(String cluster, Window window) {
        if (!knownClusters.contains(cluster)) throw new UnknownClusterException("cluster " + cluster + " not found (test)");
        collected.add(cluster);
        windows.add(window);
        return Samples.CLUSTER.equals(cluster) ? Samples.snapshot(window)
                : new FleetSnapshot(FleetSnapshot.SCHEMA_VERSION, window.end(), window,
                        List.of(new ClusterSnapshot(cluster, "us-east-1", List.of(), List.of(), List.of(), null, List.of())));
    }

    public AnalysisReport analyze(FleetSnapshot snapshot, AnalysisPolicy policy, Clock clock) {
        return new AnalysisReport(clock.instant(), snapshot.window(), policy, recommendations, List.of());
    }
}
