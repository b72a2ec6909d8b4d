package dev.slicewise.catalog.mig;

import dev.slicewise.catalog.MigProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The instances of one GPU as counts per profile (no positions; {@link MigPlacer} finds those). Zero counts are
 * dropped, so two layouts with the same instances are equal.
 */
public record MigLayout(Map<MigProfile, Integer> counts) {
    public MigLayout {
        Map<MigProfile, Integer> copy = new LinkedHashMap<>();
        counts.forEach((p, n) -> {
            if (n < 0) throw new IllegalArgumentException("negative count for " + p.name());
            if (n > 0) copy.put(p, n);
        });
        counts = Collections.unmodifiableMap(copy);
    }

    public static MigLayout of(MigProfile profile, int count) {
        return new MigLayout(Map.of(profile, count));
    }

    public int count(MigProfile profile) {
        return counts.getOrDefault(profile, 0);
    }

    /** Every instance, one entry per instance. */
    public List<MigProfile> instances() {
        List<MigProfile> all = new ArrayList<>();
        counts.forEach((p, n) -> {
            for (int i = 0; i < n; i++) all.add(p);
        });
        return all;
    }

    public int size() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int computeSlices() {
        return counts.entrySet().stream().mapToInt(e -> e.getKey().computeSlices() * e.getValue()).sum();
    }

    public int memorySlices() {
        return counts.entrySet().stream().mapToInt(e -> e.getKey().memorySlices() * e.getValue()).sum();
    }

    /** Profile name to count, as mig-parted's {@code mig-devices} wants it. */
    public Map<String, Integer> byName() {
        Map<String, Integer> names = new LinkedHashMap<>();
        counts.forEach((p, n) -> names.put(p.name(), n));
        return names;
    }

    @Override
    public String toString() {
        return counts.isEmpty() ? "(no instances)"
                : counts.entrySet().stream().map(e -> e.getValue() + " x " + e.getKey().name()).collect(Collectors.joining(" + "));
    }
}
