package dev.slicewise.catalog.mig;

import dev.slicewise.catalog.MigProfile;

/** One MIG instance at memory slice {@code start}; it occupies slices {@code [start, start + memorySlices)}. */
public record PlacedInstance(MigProfile profile, int start) {
    public int end() {
        return start + profile.memorySlices();
    }
}
