package dev.slicewise.apply;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One object an apply wrote, with what is needed to undo it.
 *
 * @param before               the object before the first write, as JSON; null when it did not exist
 * @param afterFingerprint     {@link Fingerprints#of} right after our last write (null while the write is pending):
 *                             a rollback refuses when the object no longer has it, i.e. someone changed it since
 * @param afterResourceVersion resourceVersion right after our last write, for the record
 * @param labelsBefore         nodes only: every label key we wrote → its value before (null = absent)
 * @param labelsAfter          nodes only: every label key we wrote → the value we wrote
 * @param cordonedBefore       nodes only: {@code spec.unschedulable} before we touched the node
 * @param migReconfigured      nodes only: we changed {@code nvidia.com/mig.config}, so undoing it needs idle GPUs
 * @param evictAllowed         nodes only: the plan allowed evicting GPU pods from this node
 */
public record TouchedObject(ObjectRef ref, String before, String afterFingerprint, String afterResourceVersion,
                            Map<String, String> labelsBefore, Map<String, String> labelsAfter, boolean cordonedBefore,
                            boolean migReconfigured, boolean evictAllowed) {
    public TouchedObject {
        // LinkedHashMap, not Map.copyOf: null values mean "label absent"
        labelsBefore = labelsBefore == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labelsBefore);
        labelsAfter = labelsAfter == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labelsAfter);
    }

    public boolean existedBefore() {
        return before != null;
    }

    TouchedObject afterWrite(String fingerprint, String resourceVersion) {
        return new TouchedObject(ref, before, fingerprint, resourceVersion, labelsBefore, labelsAfter, cordonedBefore,
                migReconfigured, evictAllowed);
    }
}
