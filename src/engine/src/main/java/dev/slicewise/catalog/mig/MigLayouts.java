package dev.slicewise.catalog.mig;

import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enumerates the layouts {@link MigPlacer} accepts. Valid layouts are closed under removing instances, so the
 * maximal ones (to which no instance can be added) describe them all: for 8-slice GPUs these are the 28 rows of
 * nvidia-k8s.md table 3.2, for A30 the 4 listed under it.
 */
public final class MigLayouts {
    private MigLayouts() {}

    /** Maximal layouts over the GPU's profiles without {@code +me} (a +me instance only replaces a plain one). */
    public static List<MigLayout> maximal(GpuModel gpu) {
        return maximal(gpu, gpu.migProfiles().stream().filter(p -> !p.mediaExtension()).toList());
    }

    /**
     * Maximal layouts over {@code profiles}, largest profiles first: ordered by the count of the profile with the
     * most compute (then memory) slices, descending, then the next profile, and so on (the order of table 3.2).
     */
    public static List<MigLayout> maximal(GpuModel gpu, Collection<MigProfile> profiles) {
        List<MigProfile> order = largestFirst(profiles);
        Map<List<Integer>, MigLayout> valid = validVectors(gpu, order);
        List<MigLayout> maximal = new ArrayList<>();
        for (List<Integer> v : valid.keySet()) {
            boolean extendable = false;
            for (int i = 0; i < order.size() && !extendable; i++) {
                List<Integer> bigger = new ArrayList<>(v);
                bigger.set(i, bigger.get(i) + 1);
                extendable = valid.containsKey(bigger);
            }
            if (!extendable && valid.get(v).size() > 0) maximal.add(valid.get(v));
        }
        maximal.sort(byCountsLargestFirst(order));
        return maximal;
    }

    /** Every non-empty valid layout over {@code profiles} (the downward closure of the maximal ones). */
    public static List<MigLayout> valid(GpuModel gpu, Collection<MigProfile> profiles) {
        List<MigProfile> order = largestFirst(profiles);
        List<MigLayout> all = new ArrayList<>(validVectors(gpu, order).values().stream().filter(l -> l.size() > 0).toList());
        all.sort(byCountsLargestFirst(order));
        return all;
    }

    /** Most compute slices first, then most memory slices, then name (deterministic). */
    public static List<MigProfile> largestFirst(Collection<MigProfile> profiles) {
        return profiles.stream().distinct()
                .sorted(Comparator.comparingInt(MigProfile::computeSlices).reversed()
                        .thenComparing(Comparator.comparingInt(MigProfile::memorySlices).reversed())
                        .thenComparing(MigProfile::mediaExtension)
                        .thenComparing(MigProfile::name))
                .toList();
    }

    /** Breadth-first over count vectors: a vector is kept when the placer accepts it (closure under removal). */
    private static Map<List<Integer>, MigLayout> validVectors(GpuModel gpu, List<MigProfile> order) {
        Map<List<Integer>, MigLayout> valid = new LinkedHashMap<>();
        List<Integer> empty = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) empty.add(0);
        valid.put(empty, new MigLayout(Map.of()));
        Deque<List<Integer>> queue = new ArrayDeque<>();
        queue.add(empty);
        while (!queue.isEmpty()) {
            List<Integer> v = queue.poll();
            for (int i = 0; i < order.size(); i++) {
                List<Integer> next = new ArrayList<>(v);
                next.set(i, next.get(i) + 1);
                if (valid.containsKey(next)) continue;
                MigLayout layout = toLayout(order, next);
                if (MigPlacer.fits(gpu, layout.counts())) {
                    valid.put(next, layout);
                    queue.add(next);
                }
            }
        }
        return valid;
    }

    private static MigLayout toLayout(List<MigProfile> order, List<Integer> v) {
        Map<MigProfile, Integer> counts = new HashMap<>();
        for (int i = 0; i < order.size(); i++) counts.put(order.get(i), v.get(i));
        Map<MigProfile, Integer> ordered = new LinkedHashMap<>();
        for (MigProfile p : order) ordered.put(p, counts.get(p));
        return new MigLayout(ordered);
    }

    private static Comparator<MigLayout> byCountsLargestFirst(List<MigProfile> order) {
        return (a, b) -> {
            for (MigProfile p : order) {
                int c = Integer.compare(b.count(p), a.count(p));
                if (c != 0) return c;
            }
            return 0;
        };
    }
}
