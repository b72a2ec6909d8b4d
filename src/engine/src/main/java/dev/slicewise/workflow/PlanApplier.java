package dev.slicewise.workflow;

/**
 * Port: applies an approved recommendation's plan to its cluster, and undoes it on request (adapter: the applier
 * module, which re-reads the cluster and refuses a stale plan before it changes anything, verifies, rolls back on
 * failure, and journals before-images so a finished apply can be undone later).
 */
public interface PlanApplier {
    ApplyOutcome apply(StoredRecommendation approved);

    /**
     * Restores what the last apply of {@code applied} changed. {@link ApplyOutcome.RolledBack} when everything is back
     * as it was; {@link ApplyOutcome.Applied} when the rollback was refused and nothing was changed (someone edited a
     * touched object since, so restoring would overwrite their change); {@link ApplyOutcome.Failed} when it stopped
     * half-way.
     */
    ApplyOutcome rollback(StoredRecommendation applied);
}
