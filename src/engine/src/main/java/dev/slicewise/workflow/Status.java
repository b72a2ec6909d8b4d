package dev.slicewise.workflow;

/**
 * Life cycle of a stored recommendation. Every move is a conditional write in the store, so two actors can never both
 * make the same move (two approvals, two applies).
 *
 * <pre>
 * PENDING ──approve──▶ APPROVED ──claim──▶ APPLYING ──▶ APPLIED | ROLLED_BACK | FAILED
 *    └──────reject───▶ REJECTED
 * </pre>
 */
public enum Status {
    PENDING, APPROVED, REJECTED, APPLYING, APPLIED, ROLLED_BACK, FAILED;

    /** No further move is possible. */
    public boolean terminal() {
        return this == REJECTED || this == APPLIED || this == ROLLED_BACK || this == FAILED;
    }
}
