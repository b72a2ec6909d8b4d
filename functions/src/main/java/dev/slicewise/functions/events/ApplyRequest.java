package dev.slicewise.functions.events;

/** What the apply function is asked to do: apply an approved recommendation, or undo an applied one. */
public sealed interface ApplyRequest {
    String recordId();

    /** "Recommendation Approved". */
    record Apply(String recordId) implements ApplyRequest {}

    /** "Rollback Requested" (from the approval page's Roll back button). */
    record Rollback(String recordId) implements ApplyRequest {}
}
