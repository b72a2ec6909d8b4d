package dev.slicewise.detect;

/** The detection outcome for one GPU or node; every verdict carries its evidence and a one-line reason. */
public sealed interface Verdict {
    Evidence evidence();

    String reason();

    /** Below the thresholds with enough data: a candidate for sharing. */
    record Underused(Evidence evidence, String reason) implements Verdict {}

    /** Practically unused (below the idle threshold) — the node could go altogether. */
    record Idle(Evidence evidence, String reason) implements Verdict {}

    /** At or above a threshold: leave it alone. */
    record Busy(Evidence evidence, String reason) implements Verdict {}

    /** Too few hours of data (or none): no recommendation. */
    record InsufficientData(Evidence evidence, String reason) implements Verdict {}

    /** Node younger than the minimum age: its window is not representative yet. */
    record TooYoung(Evidence evidence, String reason) implements Verdict {}
}
