package dev.slicewise.fleet;

import java.time.Instant;
import java.util.List;

/**
 * Everything the engine reads: the GPU fleet of one or more clusters and its utilization over a window. Produced by
 * the collectors (CloudWatch + EKS/Kubernetes), by the demo fleet, or read from a snapshot file
 * (schema: {@code fleet-snapshot.schema.json}).
 */
public record FleetSnapshot(String schemaVersion, Instant collectedAt, Window window, List<ClusterSnapshot> clusters) {
    public static final String SCHEMA_VERSION = "slicewise.dev/fleet-snapshot/v1";

    public FleetSnapshot {
        clusters = List.copyOf(clusters);
    }
}
