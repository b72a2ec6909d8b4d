package dev.slicewise.fleet;

import java.time.Duration;
import java.time.Instant;

/** The look-back window the series cover, and their step (hourly by default). */
public record Window(Instant start, Instant end, Duration step) {
    public Window {
        if (!end.isAfter(start)) throw new IllegalArgumentException("window end " + end + " is not after start " + start);
        if (step.isZero() || step.isNegative()) throw new IllegalArgumentException("step must be positive");
    }

    /** Number of whole steps in the window. */
    public int points() {
        return (int) (Duration.between(start, end).toSeconds() / step.toSeconds());
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
