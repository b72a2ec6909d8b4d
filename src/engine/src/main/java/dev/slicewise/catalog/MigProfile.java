package dev.slicewise.catalog;

import java.util.List;

/**
 * A MIG GPU-instance profile of one GPU model, with its placement rule (NVML {@code -lgipp}).
 *
 * @param name            driver name, e.g. {@code 1g.10gb}, {@code 1g.10gb+me}, {@code 3g.40gb}
 * @param computeSlices   GPCs it takes (of 7 on A100/H100-class GPUs, of 4 on A30)
 * @param memorySlices    memory slices it occupies (of 8, or 4 on A30)
 * @param memoryMiB       usable framebuffer of one instance
 * @param smCount         streaming multiprocessors of one instance (not linear in slices: H100 1g.20gb has 26)
 * @param maxInstances    maximum instances of this profile per GPU
 * @param allowedStarts   memory-slice positions where an instance may start
 * @param mediaExtension  a {@code +me} profile: at most one per GPU, takes the place of a plain instance
 */
public record MigProfile(String name, int computeSlices, int memorySlices, long memoryMiB, int smCount, int maxInstances,
                         List<Integer> allowedStarts, boolean mediaExtension) {
    public MigProfile {
        allowedStarts = List.copyOf(allowedStarts);
    }

    /** Kubernetes extended resource under the {@code mixed} strategy ({@code +} becomes {@code .}). */
    public String resourceName() {
        return "nvidia.com/mig-" + name.replace('+', '.');
    }
}
