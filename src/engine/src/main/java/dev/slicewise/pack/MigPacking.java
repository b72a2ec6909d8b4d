package dev.slicewise.pack;

import dev.slicewise.catalog.MigProfile;
import dev.slicewise.catalog.mig.MigLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of packing tenants into MIG instances.
 *
 * @param gpus        the target MIG GPUs, each a valid placement of instances (spare instances hold no tenant)
 * @param profileOf   the profile each packed tenant id gets: the smallest it fits under {@code mixed}; the one
 *                    common profile under {@code single}
 * @param unfit       tenants no MIG profile of this GPU can hold, with why: they keep a whole GPU with MIG disabled
 *                    (one each; not in {@code gpus}). Under {@code single} such a GPU must sit on a node of its own,
 *                    since the single strategy refuses MIG-enabled and MIG-disabled GPUs on one node
 * @param strategy    {@code single} when one profile serves every packed tenant on no more GPUs than the mixed
 *                    packing (uniform layout, pods keep requesting {@code nvidia.com/gpu}), {@code mixed} otherwise,
 *                    {@code none} when no tenant could be packed
 * @param optimal     true when no packing of these tenants' instances uses fewer GPUs (proven, see docs/mig.md);
 *                    false when a large input was packed heuristically
 */
public record MigPacking(List<GpuLayout> gpus, Map<String, MigProfile> profileOf, Map<String, String> unfit, String strategy,
                         boolean optimal) {

    /** The original four-component form; {@code optimal} is then unknown, so false. */
    public MigPacking(List<GpuLayout> gpus, Map<String, MigProfile> profileOf, Map<String, String> unfit, String strategy) {
        this(gpus, profileOf, unfit, strategy, false);
    }

    /** MIG GPUs plus one whole GPU per unfit tenant: what the packed pool needs. */
    public int totalGpus() {
        return gpus.size() + unfit.size();
    }

    /** One GPU's instances with their memory-slice start and tenant (null = spare), in start order. */
    public record GpuLayout(List<Slot> slots) {
        public GpuLayout {
            slots = List.copyOf(slots);
        }

        /** The instances as a layout (counts per profile), e.g. for {@code MigConfigs}. */
        public MigLayout layout() {
            Map<MigProfile, Integer> counts = new LinkedHashMap<>();
            for (Slot s : slots) counts.merge(s.profile(), 1, Integer::sum);
            return new MigLayout(counts);
        }

        /** Tenant ids on this GPU, in start order. */
        public List<String> tenants() {
            return slots.stream().map(Slot::tenantId).filter(t -> t != null).toList();
        }
    }

    public record Slot(MigProfile profile, int start, String tenantId) {}
}
