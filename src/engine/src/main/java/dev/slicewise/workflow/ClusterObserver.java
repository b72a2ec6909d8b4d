package dev.slicewise.workflow;

import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.recommend.Recommendation;
import java.time.Instant;

/**
 * Port: captures, when a recommendation is computed, how the cluster looks for every object its plan touches — stored
 * with the recommendation, so the apply can refuse a plan whose inputs someone changed between analysis and approval
 * (adapter: the applier's PlanObserver; the text is its own format, opaque to the workflow).
 */
@FunctionalInterface
public interface ClusterObserver {
    /**
     * @param devicePlugin how the analysed cluster's device plugin is set up (where its configs live), or null
     * @return the observation, or null when nothing is observed (the apply then has nothing to re-check against)
     */
    String observe(Recommendation recommendation, DevicePluginSetup devicePlugin, Instant now, Instant expiresAt);

    /** Observes nothing (tests of other concerns; an installation that never applies). */
    ClusterObserver NONE = (r, setup, now, expiresAt) -> null;
}
