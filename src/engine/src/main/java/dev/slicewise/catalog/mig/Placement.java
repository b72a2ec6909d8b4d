package dev.slicewise.catalog.mig;

import java.util.List;

/** The answer of {@link MigPlacer}: a concrete placement, or why the instances cannot share one GPU. */
public sealed interface Placement {

    /** The instances fit; each has a memory-slice start, listed in start order. */
    record Fits(List<PlacedInstance> instances) implements Placement {
        public Fits {
            instances = List.copyOf(instances);
        }
    }

    /** They do not fit on one GPU; {@code reason} is one line a user can read. */
    record DoesNotFit(String reason) implements Placement {}

    default boolean fits() {
        return this instanceof Fits;
    }
}
