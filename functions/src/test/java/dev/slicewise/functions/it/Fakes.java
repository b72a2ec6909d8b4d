package dev.slicewise.functions.it;

import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.Analyzer;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.Window;
import dev.slicewise.workflow.ApplyOutcome;
import dev.slicewise.workflow.FleetSource;
import dev.slicewise.workflow.PlanApplier;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.testkit.CannedAnalysis;
import dev.slicewise.workflow.testkit.Recorders;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Recording fakes for the ports whose real modules are not in this build yet (collector, analyzer, applier). They
 * replace the "not wired" producers in every @QuarkusTest.
 */
public final class Fakes {
    private Fakes() {}

    @Alternative
    @Priority(1)
    @Singleton
    public static class Fleet implements FleetSource, Analyzer {
        public final CannedAnalysis canned = new CannedAnalysis();

        @Override
        public FleetSnapshot collect(String cluster, Window window) {
            return canned.collect(cluster, window);
        }

        @Override
        public AnalysisReport analyze(FleetSnapshot snapshot, AnalysisPolicy policy, Clock clock) {
            return canned.analyze(snapshot, policy, clock);
        }
    }

    @Alternative
    @Priority(1)
    @Singleton
    public static class Applier implements PlanApplier {
        public final Recorders.Applier recorder = new Recorders.Applier();

        @Override
        public ApplyOutcome apply(StoredRecommendation approved) {
            return recorder.apply(approved);
        }
    }
}
