package dev.slicewise.fleet;

import java.time.Duration;
import java.time.Instant;

/** The look-back window the series cover, and their step (hourly by default). */
public record Window(Instant start, Instant end, Duration step) {
    public Window {
        if (!end.isAfter(start)) throw new IllegalArgumentException("window end " + end + " is not after start " + start);
        if (step.isZero() || step.isNegative()) throw new IllegalArgumentException("step must be positive");
    }

    /**
     * Number of whole steps in the window. Epoch-second arithmetic rather than {@code Duration.between}: this runs for
     * every series of every GPU and was a tenth of a large fleet's analysis time (benchmark 2, BENCHMARKS.md).
     */
    public int points() {
        long seconds = end.getEpochSecond() - start.getEpochSecond() - (end.getNano() < start.getNano() ? 1 : 0);
        return (int) (seconds / step.toSeconds());
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
