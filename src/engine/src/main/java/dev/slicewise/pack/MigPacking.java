package dev.slicewise.pack;

import dev.slicewise.catalog.MigProfile;
import java.util.List;
import java.util.Map;

/**
 * The result of packing tenants into MIG instances.
 *
 * @param gpus        the target GPUs, each a valid placement of instances (spare instances hold no tenant)
 * @param profileOf   the profile chosen for each tenant id (the smallest it fits)
 * @param unfit       tenants no MIG profile of this GPU can hold (they keep a whole, non-partitioned GPU), with why
 * @param strategy    {@code single} when one profile serves every tenant at the same GPU count, else {@code mixed}
 */
public record MigPacking(List<GpuLayout> gpus, Map<String, MigProfile> profileOf, Map<String, String> unfit, String strategy) {

    /** One GPU's instances with their memory-slice start and tenant (null = spare). */
    public record GpuLayout(List<Slot> slots) {}

    public record Slot(MigProfile profile, int start, String tenantId) {}
}
