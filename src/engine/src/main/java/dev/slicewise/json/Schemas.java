package dev.slicewise.json;

/**
 * Where the published JSON Schemas are on the classpath (the same files as {@code schemas/} at the top of the
 * repository; the engine's build copies them into the jar).
 */
public final class Schemas {
    /** JSON Schema (draft 2020-12) of the fleet-snapshot format read by {@link SnapshotJson}. */
    public static final String FLEET_SNAPSHOT = "/dev/slicewise/schemas/fleet-snapshot.schema.json";
    /** JSON Schema (draft 2020-12) of the recommendation JSON written by {@link ReportJson}. */
    public static final String ANALYSIS_REPORT = "/dev/slicewise/schemas/analysis-report.schema.json";

    private Schemas() {}
}
