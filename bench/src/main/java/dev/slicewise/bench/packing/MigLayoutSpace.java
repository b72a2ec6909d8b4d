package dev.slicewise.bench.packing;

import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every valid single-GPU MIG layout of a model, enumerated here from the catalog's placement data alone (not with the
 * engine's placer, so the referee does not inherit its mistakes): instances take {@code memorySlices} consecutive
 * slices from one of their allowed starts without overlapping, each profile stays within its per-GPU maximum and the
 * compute slices within the GPU's (NVIDIA MIG user guide, "placements"; docs/mig.md §2). {@code +me} profiles are left
 * out: the same capacity as their base profile, one per GPU, never better for packing.
 */
public final class MigLayoutSpace {
    private final GpuModel gpu;
    private final List<MigProfile> profiles;
    private final List<int[]> maximal;

    public MigLayoutSpace(GpuModel gpu) {
        this.gpu = gpu;
        this.profiles = gpu.migProfiles().stream().filter(p -> !p.mediaExtension()).toList();
        Set<List<Integer>> all = new LinkedHashSet<>();
        place(0, new int[profiles.size()], all);
        List<int[]> vectors = all.stream().map(v -> v.stream().mapToInt(Integer::intValue).toArray()).toList();
        List<int[]> max = new ArrayList<>();
        for (int[] v : vectors) {
            boolean dominated = false;
            for (int[] w : vectors) {
                if (w != v && dominates(w, v)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) max.add(v);
        }
        this.maximal = List.copyOf(max);
    }

    /** The profiles the vectors are indexed by (catalog order, no {@code +me}). */
    public List<MigProfile> profiles() {
        return profiles;
    }

    /** Count vectors no instance can be added to. */
    public List<int[]> maximal() {
        return maximal;
    }

    /** Slices left to right: leave slice s empty, or start an instance there. Records every count vector reached. */
    private void place(int s, int[] counts, Set<List<Integer>> out) {
        if (s >= gpu.memorySlices()) {
            if (valid(counts)) out.add(Arrays.stream(counts).boxed().toList());
            return;
        }
        place(s + 1, counts, out);
        for (int p = 0; p < profiles.size(); p++) {
            MigProfile prof = profiles.get(p);
            if (!prof.allowedStarts().contains(s) || s + prof.memorySlices() > gpu.memorySlices()) continue;
            counts[p]++;
            if (counts[p] <= prof.maxInstances()) place(s + prof.memorySlices(), counts, out);
            counts[p]--;
        }
    }

    private boolean valid(int[] counts) {
        int compute = 0;
        for (int p = 0; p < counts.length; p++) {
            if (counts[p] > profiles.get(p).maxInstances()) return false;
            compute += counts[p] * profiles.get(p).computeSlices();
        }
        return compute <= gpu.computeSlices();
    }

    private static boolean dominates(int[] w, int[] v) {
        boolean more = false;
        for (int i = 0; i < w.length; i++) {
            if (w[i] < v[i]) return false;
            if (w[i] > v[i]) more = true;
        }
        return more;
    }
}
