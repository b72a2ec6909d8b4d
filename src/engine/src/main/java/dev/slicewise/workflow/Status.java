package dev.slicewise.workflow;

/**
 * Life cycle of a stored recommendation. Every move is a conditional write in the store, so two actors can never both
 * make the same move (two approvals, two applies).
 *
 * <pre>
 * PENDING ──approve──▶ APPROVED ──claim──▶ APPLYING ──▶ APPLIED | ROLLED_BACK | FAILED
 *    └──────reject───▶ REJECTED
 * APPLIED ──rollback link──▶ ROLLBACK_REQUESTED ──claim──▶ ROLLING_BACK ──▶ ROLLED_BACK | FAILED
 *                                                                     └──(refused, nothing changed)──▶ APPLIED
 * </pre>
 */
public enum Status {
    PENDING, APPROVED, REJECTED, APPLYING, APPLIED, ROLLED_BACK, FAILED, ROLLBACK_REQUESTED, ROLLING_BACK;

    /**
     * An apply (or rollback) cycle ended here with an outcome worth recording. Only APPLIED moves on afterwards, and
     * only when someone asks for a rollback.
     */
    public boolean terminal() {
        return this == REJECTED || this == APPLIED || this == ROLLED_BACK || this == FAILED;
    }
}
