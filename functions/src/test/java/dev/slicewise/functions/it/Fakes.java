package dev.slicewise.functions.it;

import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.Analyzer;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.Window;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.workflow.ApplyOutcome;
import dev.slicewise.workflow.ClusterObserver;
import dev.slicewise.workflow.FleetSource;
import dev.slicewise.workflow.PlanApplier;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.testkit.CannedAnalysis;
import dev.slicewise.workflow.testkit.Recorders;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/**
 * Recording fakes of the cluster-side ports (collector, analyzer, observation, applier) for the handler ITs, which
 * are about each handler's events, security and failures. Enabled only by those tests' profiles ({@link Profiles});
 * the whole-loop test runs the real parts.
 */
public final class Fakes {
    private Fakes() {}

    @Alternative
    @Singleton
    public static class Fleet implements FleetSource, Analyzer, ClusterObserver {
        public final CannedAnalysis canned = new CannedAnalysis();

        @Override
        public FleetSnapshot collect(String cluster, Window window) {
            return canned.collect(cluster, window);
        }

        @Override
        public AnalysisReport analyze(FleetSnapshot snapshot, AnalysisPolicy policy, Clock clock) {
            return canned.analyze(snapshot, policy, clock);
        }

        @Override
        public String observe(Recommendation recommendation, DevicePluginSetup devicePlugin, Instant now, Instant expiresAt) {
            return null;
        }
    }

    @Alternative
    @Singleton
    public static class Applier implements PlanApplier {
        public final Recorders.Applier recorder = new Recorders.Applier();

        @Override
        public ApplyOutcome apply(StoredRecommendation approved) {
            return recorder.apply(approved);
        }

        @Override
        public ApplyOutcome rollback(StoredRecommendation applied) {
            return recorder.rollback(applied);
        }
    }
}
