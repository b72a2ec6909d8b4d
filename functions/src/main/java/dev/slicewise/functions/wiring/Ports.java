package dev.slicewise.functions.wiring;

import dev.slicewise.approve.ReviewPage;
import dev.slicewise.engine.Analyzer;
import dev.slicewise.functions.web.BasicReviewPage;
import dev.slicewise.workflow.FleetSource;
import dev.slicewise.workflow.PlanApplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The engine and Kubernetes-side ports, wired to the modules that implement them. Until a module is merged, its port
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

    /** The review page; the report module's renderer replaces this plain page when merged. */
    @Produces
    @Singleton
    ReviewPage reviewPage() {
        return new BasicReviewPage();
    }
}
