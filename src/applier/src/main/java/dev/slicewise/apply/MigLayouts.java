package dev.slicewise.apply;

import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import dev.slicewise.catalog.mig.MigPlacer;
import dev.slicewise.catalog.mig.Placement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Whether a layout a plan names (profile name → instances per GPU) can be created on a GPU model: the names must be
 * the model's, and the engine's {@link MigPlacer} must find a placement (NVML's slot model: allowed starts, no
 * overlap, per-profile maxima, one {@code +me}, compute slices). mig-parted does no static check (an impossible
 * layout only shows up on the node as {@code mig.config.state=failed}), hence this one before anything is written.
 */
public final class MigLayouts {
    private MigLayouts() {}

    /** Why {@code layout} cannot be created on {@code model}; empty when it can. */
    public static List<String> problems(GpuModel model, Map<String, Integer> layout) {
        List<String> problems = new ArrayList<>();
        if (!model.migCapable()) {
            problems.add(model.key() + " does not support MIG");
            return problems;
        }
        if (layout == null || layout.isEmpty()) return problems;
        Map<MigProfile, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : new TreeMap<>(layout).entrySet()) {
            Optional<MigProfile> profile = model.profile(e.getKey());
            int count = e.getValue() == null ? 0 : e.getValue();
            if (profile.isEmpty()) {
                problems.add(model.key() + " has no MIG profile '" + e.getKey() + "' (it has "
                        + model.migProfiles().stream().map(MigProfile::name).toList() + ")");
            } else if (count < 0) {
                problems.add("profile " + e.getKey() + ": negative count " + count);
            } else {
                counts.put(profile.get(), count);
            }
        }
        if (!problems.isEmpty()) return problems;
        if (MigPlacer.place(model, counts) instanceof Placement.DoesNotFit no) {
            problems.add(new TreeMap<>(layout) + " does not fit a " + model.key() + ": " + no.reason());
        }
        return problems;
    }
}
