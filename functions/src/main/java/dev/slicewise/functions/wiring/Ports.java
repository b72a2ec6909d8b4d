package dev.slicewise.functions.wiring;

import dev.slicewise.approve.ReviewPage;
import dev.slicewise.engine.Analyzer;
import dev.slicewise.functions.web.ReportReviewPage;
import dev.slicewise.report.ReportSlice;
import dev.slicewise.workflow.AnalysisContext;
import dev.slicewise.workflow.ContextSlicer;
import java.time.Clock;
import dev.slicewise.workflow.FleetSource;
import dev.slicewise.workflow.PlanApplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The engine, page and Kubernetes-side ports, wired to the modules that implement them. Until a module is merged, its port
 * answers with an explicit "not wired" error naming what is missing (never a made-up result); tests replace these
 * with recording fakes.
 */
@ApplicationScoped
public class Ports {

    /** The fleet collector (CloudWatch GPU metrics + EKS/Kubernetes); module src/adapters, package dev.slicewise.collect. */
    @Produces
    @Singleton
    FleetSource fleetSource() {
        return (cluster, window) -> {
            throw new IllegalStateException("FleetSource is not wired: the collectors (dev.slicewise.collect FleetCollector) are not in this build");
        };
    }

    /** The engine's analyzer (dev.slicewise.engine.DefaultAnalyzer). */
    @Produces
    @Singleton
    Analyzer analyzer() {
        return (snapshot, policy, clock) -> {
            throw new IllegalStateException("Analyzer is not wired: dev.slicewise.engine.DefaultAnalyzer is not in this build");
        };
    }

    /** The applier (module src/applier). */
    @Produces
    @Singleton
    PlanApplier planApplier() {
        return approved -> {
            throw new IllegalStateException("PlanApplier is not wired: the applier module (dev.slicewise.apply) is not in this build");
        };
    }

    /** The review page: the report module's renderer. */
    @Produces
    @Singleton
    ReviewPage reviewPage(Clock clock) {
        return new ReportReviewPage(clock);
    }

    /** What is kept with each recommendation for its page: the report module's slice (the pool's nodes and series). */
    @Produces
    @Singleton
    ContextSlicer slicer() {
        return (report, snapshot, id) -> {
            ReportSlice s = ReportSlice.of(report, snapshot, id);
            return new AnalysisContext(s.report(), s.snapshot());
        };
    }
}
