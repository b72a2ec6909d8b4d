package dev.slicewise.bench.packing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import dev.slicewise.catalog.mig.MigLayouts;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigLayoutSpaceTest {

    /** The referee's own enumeration (from the catalog's placements) and the engine's placer-based one must agree. */
    @ParameterizedTest
    @ValueSource(strings = {"H100-80GB", "A100-80GB", "A100-40GB", "H200-141GB", "A30-24GB"})
    void theRefereesMaximalLayoutsAreTheEnginesAndNVIDIAsTable(String key) {
        GpuModel gpu = BundledCatalog.get().gpuModel(key).orElseThrow();
        MigLayoutSpace space = new MigLayoutSpace(gpu);
        List<MigProfile> profiles = space.profiles();

        Set<List<Integer>> ours = space.maximal().stream()
                .map(v -> java.util.Arrays.stream(v).boxed().toList()).collect(Collectors.toSet());
        Set<List<Integer>> engines = MigLayouts.maximal(gpu, profiles).stream()
                .map(l -> profiles.stream().map(l::count).toList()).collect(Collectors.toSet());

        assertThat(ours).isEqualTo(engines);
        // NVIDIA's table of maximal layouts (shared reference nvidia-k8s.md 3.2): 28 on 8-slice GPUs, 4 on A30
        assertThat(ours).hasSize(key.startsWith("A30") ? 4 : 28);
    }
}
