package dev.slicewise.workflow;

/** The result of asking the store for a conditional status move. */
public sealed interface Transition {
    /** The move happened; this caller owns it. */
    record Moved(StoredRecommendation after) implements Transition {}

    /** Someone else moved it first (or it was never in a state that allows the move). */
    record Refused(Status current) implements Transition {}

    /** No such record (never existed, or expired and deleted by the table's TTL). */
    record Missing() implements Transition {}
}
