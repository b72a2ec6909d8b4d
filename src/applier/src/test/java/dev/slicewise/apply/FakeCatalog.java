package dev.slicewise.apply;

import dev.slicewise.catalog.Catalog;
import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.InstanceType;
import dev.slicewise.catalog.MigProfile;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few catalog entries the applier tests need: T4 (no MIG) on g4dn, H100-80GB on p5, with the H100 profiles and
 * placements measured with {@code nvidia-smi mig -lgip/-lgipp} (nvidia-k8s.md 3.1 and 3.4).
 */
final class FakeCatalog implements Catalog {
    static final GpuModel T4 = new GpuModel("T4", List.of("Tesla-T4"), 15360, 40, 0, 0, List.of("0x1EB810DE"), List.of());
    static final GpuModel H100 = new GpuModel("H100-80GB", List.of("NVIDIA-H100-80GB-HBM3"), 81559, 132, 8, 7, List.of("0x233010DE"), List.of(
            new MigProfile("1g.10gb", 1, 1, 9984, 16, 7, List.of(0, 1, 2, 3, 4, 5, 6), false),
            new MigProfile("1g.10gb+me", 1, 1, 9984, 16, 1, List.of(0, 1, 2, 3, 4, 5, 6), true),
            new MigProfile("1g.20gb", 1, 2, 20096, 26, 4, List.of(0, 2, 4, 6), false),
            new MigProfile("2g.20gb", 2, 2, 20096, 32, 3, List.of(0, 2, 4), false),
            new MigProfile("3g.40gb", 3, 4, 40448, 60, 2, List.of(0, 4), false),
            new MigProfile("4g.40gb", 4, 4, 40448, 64, 1, List.of(0), false),
            new MigProfile("7g.80gb", 7, 8, 81152, 132, 1, List.of(0), false)));

    private final Map<String, InstanceType> types = Map.of(
            "g4dn.xlarge", new InstanceType("g4dn.xlarge", "T4", 1, 16384, 4, 16, "amd64", 0, 0.526),
            "g4dn.12xlarge", new InstanceType("g4dn.12xlarge", "T4", 4, 16384, 48, 192, "amd64", 0, 3.912),
            "p5.4xlarge", new InstanceType("p5.4xlarge", "H100-80GB", 1, 81920, 16, 256, "amd64", 7, 6.88),
            "p5.48xlarge", new InstanceType("p5.48xlarge", "H100-80GB", 8, 81920, 192, 2048, "amd64", 7, 55.04));
    private final Map<String, GpuModel> models = Map.of("T4", T4, "H100-80GB", H100);

    @Override
    public Optional<InstanceType> instanceType(String name) {
        return Optional.ofNullable(types.get(name));
    }

    @Override
    public Optional<GpuModel> gpuModel(String key) {
        return Optional.ofNullable(models.get(key));
    }

    @Override
    public Collection<InstanceType> instanceTypes() {
        return types.values();
    }

    @Override
    public Collection<GpuModel> gpuModels() {
        return models.values();
    }
}
