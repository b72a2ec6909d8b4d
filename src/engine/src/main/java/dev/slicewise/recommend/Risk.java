package dev.slicewise.recommend;

/** Something that could go wrong if the recommendation is applied, in one sentence. */
public record Risk(Kind kind, Severity severity, String text) {
    public enum Kind { MEMORY_HEADROOM, NO_MEMORY_ISOLATION, LATENCY, REQUEST_CHANGES, NODE_REPLACEMENT, MIG_RECONFIGURATION, PRICE, TELEMETRY }

    public enum Severity { LOW, MEDIUM, HIGH }
}
