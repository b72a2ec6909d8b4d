package dev.slicewise.pack;

import dev.slicewise.catalog.GpuModel;
import java.util.List;

/** Packs tenants into MIG instances of one GPU model using only valid placements, on as few GPUs as it can. */
public interface MigPacker {
    MigPacking pack(GpuModel gpu, List<Tenant> tenants, PackingPolicy policy);
}
