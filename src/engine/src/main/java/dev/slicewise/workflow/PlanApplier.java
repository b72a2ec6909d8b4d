package dev.slicewise.workflow;

/**
 * Port: applies an approved recommendation's plan to its cluster (adapter: the applier module, which re-reads the
 * cluster and refuses a stale plan before it changes anything, verifies, and rolls back on failure).
 */
public interface PlanApplier {
    ApplyOutcome apply(StoredRecommendation approved);
}
