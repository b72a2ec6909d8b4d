package dev.slicewise.collect;

import dev.slicewise.fleet.FleetSnapshot;
import java.util.List;

/**
 * A collected fleet and everything the user should know about how it was collected.
 *
 * @param notes           every remark, structured (the snapshot's cluster notes carry the same text)
 * @param overlays        Karpenter NodeOverlays found (not part of the engine's snapshot records)
 * @param telemetrySource which CloudWatch schema the series came from, or {@code none}
 * @param cost            what was asked of CloudWatch
 */
public record CollectionResult(FleetSnapshot snapshot, List<CollectionNote> notes, List<NodeOverlayInfo> overlays,
                               String telemetrySource, TelemetryCost cost) {
    public CollectionResult {
        notes = List.copyOf(notes);
        overlays = List.copyOf(overlays);
    }

    /** True when a whole source failed (e.g. CloudWatch denied): results built on this snapshot are incomplete. */
    public boolean hasErrors() {
        return notes.stream().anyMatch(n -> n.severity() == CollectionNote.Severity.ERROR);
    }
}
