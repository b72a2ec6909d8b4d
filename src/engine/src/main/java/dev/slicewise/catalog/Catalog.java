package dev.slicewise.catalog;

import java.util.Collection;
import java.util.Optional;

/** What the engine knows about EC2 GPU instance types and NVIDIA GPU models. */
public interface Catalog {
    Optional<InstanceType> instanceType(String name);

    Optional<GpuModel> gpuModel(String key);

    Collection<InstanceType> instanceTypes();

    Collection<GpuModel> gpuModels();
}
