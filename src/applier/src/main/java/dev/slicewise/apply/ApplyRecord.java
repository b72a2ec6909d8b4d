package dev.slicewise.apply;

import java.time.Instant;
import java.util.List;

/**
 * The journal entry of one apply: written before the first mutation (with every before-image) and updated after
 * each write, so an apply interrupted half-way can still be rolled back.
 *
 * @param state   IN_PROGRESS, APPLIED, ROLLED_BACK, FAILED (something could not be restored), RESTORED (rolled
 *                back on request)
 * @param touched in write order; a rollback walks it backwards
 * @param report  the last report of this apply (or of its rollback)
 */
public record ApplyRecord(String applyId, String planId, String cluster, Instant startedAt, Instant finishedAt,
                          State state, List<TouchedObject> touched, ApplyReport report) {
    public ApplyRecord {
        touched = List.copyOf(touched);
    }

    public enum State { IN_PROGRESS, APPLIED, ROLLED_BACK, FAILED, RESTORED }

    ApplyRecord with(State newState, Instant finished, List<TouchedObject> newTouched, ApplyReport newReport) {
        return new ApplyRecord(applyId, planId, cluster, startedAt, finished, newState, newTouched, newReport);
    }
}
