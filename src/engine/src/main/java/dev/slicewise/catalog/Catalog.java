package dev.slicewise.catalog;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** What the engine knows about EC2 GPU instance types and NVIDIA GPU models. */
public interface Catalog {
    Optional<InstanceType> instanceType(String name);

    Optional<GpuModel> gpuModel(String key);

    Collection<InstanceType> instanceTypes();

    Collection<GpuModel> gpuModels();

    /**
     * The GPU model behind a GPU Feature Discovery {@code nvidia.com/gpu.product} value. Suffixes GFD adds are
     * ignored: {@code -SHARED} (time-sliced or MPS, not renamed) and {@code -MIG-<profile>} (single MIG strategy),
     * so {@code NVIDIA-H100-80GB-HBM3-MIG-1g.10gb-SHARED} finds H100-80GB. Case-insensitive.
     */
    default Optional<GpuModel> gpuModelForProduct(String product) {
        if (product == null || product.isBlank()) return Optional.empty();
        String p = product.strip();
        if (p.toUpperCase(Locale.ROOT).endsWith("-SHARED")) p = p.substring(0, p.length() - "-SHARED".length());
        int mig = p.toUpperCase(Locale.ROOT).indexOf("-MIG-");
        if (mig >= 0) p = p.substring(0, mig);
        String wanted = p;
        return gpuModels().stream()
                .filter(m -> m.productNames().stream().anyMatch(n -> n.equalsIgnoreCase(wanted)))
                .findFirst();
    }
}
