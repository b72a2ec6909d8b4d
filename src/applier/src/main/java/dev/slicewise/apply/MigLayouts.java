package dev.slicewise.apply;

import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides whether a MIG layout fits one GPU, with NVML's placement rule: an instance occupies memory slices
 * {@code [start, start + size)} at one of its allowed starts, instances never overlap, per-profile maxima hold, at
 * most one {@code +me} instance exists, and compute slices add up to at most the GPU's. mig-parted does no static
 * check (an impossible layout only shows up on the node as {@code mig.config.state=failed}), hence this one.
 * Source: nvidia-k8s.md 3.1 (placements measured on H100/H200 with {@code nvidia-smi mig -lgipp}).
 */
public final class MigLayouts {
    private MigLayouts() {}

    /** Why {@code layout} (profile → instances per GPU) cannot be created on {@code model}; empty when it can. */
    public static List<String> problems(GpuModel model, Map<String, Integer> layout) {
        List<String> problems = new ArrayList<>();
        if (!model.migCapable()) {
            problems.add(model.key() + " does not support MIG");
            return problems;
        }
        if (layout == null || layout.isEmpty()) return problems;
        List<MigProfile> instances = new ArrayList<>();
        int mediaExtensions = 0;
        int compute = 0;
        for (Map.Entry<String, Integer> e : new TreeMap<>(layout).entrySet()) {
            Optional<MigProfile> profile = model.profile(e.getKey());
            int count = e.getValue() == null ? 0 : e.getValue();
            if (profile.isEmpty()) {
                problems.add(model.key() + " has no MIG profile '" + e.getKey() + "' (it has "
                        + model.migProfiles().stream().map(MigProfile::name).toList() + ")");
                continue;
            }
            if (count < 0) problems.add("profile " + e.getKey() + ": negative count " + count);
            if (count > profile.get().maxInstances()) {
                problems.add("profile " + e.getKey() + ": " + count + " instances, at most " + profile.get().maxInstances() + " fit on a " + model.key());
            }
            if (profile.get().mediaExtension()) mediaExtensions += count;
            compute += count * profile.get().computeSlices();
            for (int i = 0; i < count; i++) instances.add(profile.get());
        }
        if (mediaExtensions > 1) problems.add("at most one +me instance per GPU, layout has " + mediaExtensions);
        if (compute > model.computeSlices()) {
            problems.add("layout needs " + compute + " compute slices, a " + model.key() + " has " + model.computeSlices());
        }
        if (problems.isEmpty()) {
            instances.sort(Comparator.comparingInt(MigProfile::memorySlices).reversed());
            if (!place(instances, 0, new boolean[model.memorySlices()])) {
                problems.add("no placement of " + new TreeMap<>(layout) + " fits the " + model.memorySlices() + " memory slices of a " + model.key());
            }
        }
        return problems;
    }

    private static boolean place(List<MigProfile> instances, int next, boolean[] used) {
        if (next == instances.size()) return true;
        MigProfile p = instances.get(next);
        for (int start : p.allowedStarts()) {
            if (start + p.memorySlices() > used.length || !free(used, start, p.memorySlices())) continue;
            mark(used, start, p.memorySlices(), true);
            if (place(instances, next + 1, used)) return true;
            mark(used, start, p.memorySlices(), false);
        }
        return false;
    }

    private static boolean free(boolean[] used, int start, int size) {
        for (int i = start; i < start + size; i++) if (used[i]) return false;
        return true;
    }

    private static void mark(boolean[] used, int start, int size, boolean value) {
        for (int i = start; i < start + size; i++) used[i] = value;
    }
}
