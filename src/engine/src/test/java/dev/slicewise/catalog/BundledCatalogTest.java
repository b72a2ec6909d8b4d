package dev.slicewise.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.catalog.mig.MigPlacer;
import dev.slicewise.catalog.mig.Placement;
import dev.slicewise.testing.Fixtures;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundledCatalogTest {
    private static final String FIXTURES = "dev/slicewise/catalog/fixtures/";
    private final BundledCatalog catalog = BundledCatalog.get();

    @Test
    void loadsEveryInstanceTypeAndAModelForEachOfThem() {
        assertThat(catalog.instanceTypes()).hasSize(68);
        assertThat(catalog.usedModelKeys()).containsExactlyInAnyOrder("T4", "A10G", "T4G", "L4", "L40S", "RTX-PRO-4500",
                "RTX-PRO-6000", "V100-16GB", "V100-32GB", "A100-40GB", "A100-80GB", "H100-80GB", "H200-141GB", "B200-180GB",
                "B300-288GB");
        for (String key : catalog.usedModelKeys()) assertThat(catalog.gpuModel(key)).as(key).isPresent();
        assertThat(catalog.gpuModel("A30-24GB")).isPresent();
        assertThat(catalog.instanceType("p5.48xlarge")).get()
                .returns("H100-80GB", InstanceType::gpuModel).returns(8, InstanceType::gpuCount).returns(55.04, InstanceType::onDemandUsdPerHour);
        assertThat(catalog.instanceType("p5e.48xlarge")).get().returns(null, InstanceType::onDemandUsdPerHour);
        assertThat(catalog.instanceType("nope.xlarge")).isEmpty();
    }

    @Test
    void theLoadedCatalogIsSharedNotReread() {
        assertThat(BundledCatalog.get()).isSameAs(catalog);
    }

    /** The probe README's table was read from a real H100 with nvidia-smi mig -lgip: the catalog must say the same. */
    @Test
    void h100ProfilesAgreeExactlyWithTheMeasuredProbeTable() {
        String readme = Fixtures.read(Fixtures.repoFile("data/h100-sharing-probe/README.md"));
        List<List<String>> rows = Fixtures.markdownTable(readme, "## MIG profiles reported by this GPU (`nvidia-smi mig -lgip`, read-only)");
        assertThat(rows.get(0)).containsExactly("profile", "instances", "memory GiB", "SMs");
        List<List<String>> measured = rows.subList(1, rows.size());
        assertThat(measured).hasSize(7);

        GpuModel h100 = catalog.gpuModel("H100-80GB").orElseThrow();
        assertThat(h100.migProfiles()).extracting(MigProfile::name)
                .containsExactlyElementsOf(measured.stream().map(r -> r.get(0)).toList());
        for (List<String> row : measured) {
            MigProfile p = h100.profile(row.get(0)).orElseThrow();
            assertThat(p.maxInstances()).as(p.name() + " instances").isEqualTo(Integer.parseInt(row.get(1)));
            String gib = BigDecimal.valueOf(p.memoryMiB()).divide(BigDecimal.valueOf(1024), 2, RoundingMode.HALF_UP).toPlainString();
            assertThat(gib).as(p.name() + " memory GiB").isEqualTo(row.get(2));
            assertThat(p.smCount()).as(p.name() + " SMs").isEqualTo(Integer.parseInt(row.get(3)));
        }
        assertThat(h100.smCount()).isEqualTo(132);
        // GFD reports the same instance memory in MiB (nvidia-k8s.md 1.7: mig-1g.10gb.memory=9984)
        assertThat(h100.profile("1g.10gb").orElseThrow().memoryMiB()).isEqualTo(9984);
        assertThat(catalog.info("H100-80GB").orElseThrow().migFullyConfirmed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"T4", "T4G", "A10G", "L4", "L40S", "V100-16GB", "V100-32GB"})
    void gpusWithoutMigNeverGetMig(String key) {
        GpuModel gpu = catalog.gpuModel(key).orElseThrow();
        assertThat(gpu.migCapable()).isFalse();
        assertThat(gpu.memorySlices()).isZero();
        assertThat(MigPlacer.place(gpu, Map.of())).isEqualTo(new Placement.DoesNotFit(key + " has no MIG"));
        assertThat(catalog.instanceTypes().stream().filter(t -> t.gpuModel().equals(key))).allSatisfy(t ->
                assertThat(t.migCapable()).as(t.name()).isFalse());
    }

    @Test
    void g5IsNotMigCapableWhateverGuidesSay() {
        assertThat(catalog.instanceTypes().stream().filter(t -> t.name().startsWith("g5.")))
                .hasSize(8).allSatisfy(t -> assertThat(t.migMaxInstances()).isZero());
    }

    @Test
    void refusesACatalogThatGivesA10GMigProfiles() {
        assertThatThrownBy(() -> BundledCatalog.fromClasspath(FIXTURES + "ok.csv", FIXTURES + "a10g-with-mig.json"))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessageStartingWith(FIXTURES + "a10g-with-mig.json line 3: model A10G: A10G lists MIG profiles, but it has no MIG")
                .hasMessageContaining("g5/A10G");
    }

    @Test
    void refusesAnInstanceTypeRowClaimingMigOnG5() {
        assertThatThrownBy(() -> BundledCatalog.fromClasspath(FIXTURES + "g5-claims-mig.csv", FIXTURES + "one-model.json"))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessage(FIXTURES + "g5-claims-mig.csv line 4: g5.2xlarge: mig_max_instances 7 disagrees with A10G, which has no MIG")
                .extracting(e -> ((CatalogFormatException) e).line()).isEqualTo(4);
    }

    @Test
    void namesFileAndLineOfAMalformedCsvRow() {
        assertThatThrownBy(() -> BundledCatalog.fromClasspath(FIXTURES + "bad-number.csv", FIXTURES + "one-model.json"))
                .hasMessage(FIXTURES + "bad-number.csv line 4: g5.2xlarge: gpu_count \"one\" is not a non-negative integer");
        assertThatThrownBy(() -> BundledCatalog.fromClasspath(FIXTURES + "missing-column.csv", FIXTURES + "one-model.json"))
                .hasMessageStartingWith(FIXTURES + "missing-column.csv line 2: expected 9 columns, found 8");
        assertThatThrownBy(() -> BundledCatalog.fromClasspath(FIXTURES + "unknown-model.csv", FIXTURES + "one-model.json"))
                .hasMessage(FIXTURES + "unknown-model.csv line 3: g9.xlarge: unknown gpu_model \"X100\" (not in gpu-models.json)");
    }

    @Test
    void namesFileAndLineOfMalformedJson() {
        assertThatThrownBy(() -> BundledCatalog.fromClasspath(FIXTURES + "ok.csv", FIXTURES + "broken-syntax.json"))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessageStartingWith(FIXTURES + "broken-syntax.json line 5: malformed JSON");
        assertThatThrownBy(() -> BundledCatalog.fromClasspath(FIXTURES + "ok.csv", FIXTURES + "profile-past-end.json"))
                .hasMessage(FIXTURES + "profile-past-end.json line 3: model A30-24GB profile 2g.12gb: start 3 + 2 slices runs "
                        + "past the GPU's 4 memory slices");
        assertThatThrownBy(() -> BundledCatalog.fromClasspath(FIXTURES + "ok.csv", FIXTURES + "absent.json"))
                .hasMessage(FIXTURES + "absent.json: not found on the classpath");
    }

    @Test
    void migCapableInstanceTypesPointAtModelsWithProfiles() {
        Set<String> migTypes = catalog.instanceTypes().stream().filter(InstanceType::migCapable).map(InstanceType::name)
                .collect(Collectors.toSet());
        assertThat(migTypes).contains("p4d.24xlarge", "p4de.24xlarge", "p5.4xlarge", "p5.48xlarge", "p5e.48xlarge",
                "p5en.48xlarge", "p6-b200.48xlarge", "p6-b300.48xlarge", "g7e.2xlarge", "g7.2xlarge");
        for (String name : migTypes) {
            InstanceType t = catalog.instanceType(name).orElseThrow();
            GpuModel gpu = catalog.gpuModel(t.gpuModel()).orElseThrow();
            assertThat(gpu.migCapable()).as(name).isTrue();
            assertThat(gpu.migProfiles().stream().mapToInt(MigProfile::maxInstances).max().orElseThrow()).as(name)
                    .isEqualTo(t.migMaxInstances());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"A100-40GB", "A100-80GB", "H100-80GB", "H200-141GB", "A30-24GB", "B200-180GB", "RTX-PRO-6000"})
    void requiredMigModelsHaveProfilesAndPciIds(String key) {
        GpuModel gpu = catalog.gpuModel(key).orElseThrow();
        assertThat(gpu.migCapable()).isTrue();
        assertThat(gpu.pciDeviceIds()).isNotEmpty().allMatch(id -> id.matches("0x[0-9A-F]{4}10DE"));
        assertThat(gpu.migProfiles()).filteredOn(MigProfile::mediaExtension).allSatisfy(me ->
                assertThat(me.maxInstances()).isEqualTo(1));
        GpuModelInfo info = catalog.info(key).orElseThrow();
        assertThat(info.source()).isNotBlank();
        assertThat(info.checked()).isNotNull();
    }

    @Test
    void sliceGeometryPerModel() {
        assertThat(catalog.gpuModel("A30-24GB").orElseThrow()).returns(4, GpuModel::memorySlices).returns(4, GpuModel::computeSlices);
        assertThat(catalog.gpuModel("A100-40GB").orElseThrow()).returns(8, GpuModel::memorySlices).returns(7, GpuModel::computeSlices);
        // A100-40GB's 1g.10gb is the 2-memory-slice 1g profile (four fit), unlike H100's one-slice 1g.10gb
        assertThat(catalog.gpuModel("A100-40GB").orElseThrow().profile("1g.10gb").orElseThrow())
                .returns(2, MigProfile::memorySlices).returns(4, MigProfile::maxInstances);
        assertThat(catalog.gpuModel("H100-80GB").orElseThrow().profile("1g.10gb").orElseThrow())
                .returns(1, MigProfile::memorySlices).returns(7, MigProfile::maxInstances);
    }

    @Test
    void assumedValuesAreDisclosed() {
        GpuModelInfo b200 = catalog.info("B200-180GB").orElseThrow();
        assertThat(b200.migFullyConfirmed()).isFalse();
        assertThat(b200.profileBasis()).containsEntry("3g.90gb", "estimated").containsEntry("1g.23gb", "published");
        assertThat(b200.unconfirmed()).anyMatch(u -> u.contains("placements assumed"));
        assertThat(catalog.info("T4G").orElseThrow().unconfirmedProductNames()).containsExactly("NVIDIA-T4G");
    }

    @Test
    void findsTheModelBehindAGfdProductLabel() {
        assertThat(catalog.gpuModelForProduct("NVIDIA-H100-80GB-HBM3")).get().returns("H100-80GB", GpuModel::key);
        assertThat(catalog.gpuModelForProduct("NVIDIA-H100-80GB-HBM3-MIG-1g.10gb-SHARED")).get().returns("H100-80GB", GpuModel::key);
        assertThat(catalog.gpuModelForProduct("Tesla-T4-SHARED")).get().returns("T4", GpuModel::key);
        assertThat(catalog.gpuModelForProduct("NVIDIA-A100-SXM4-40GB-MIG-INVALID")).get().returns("A100-40GB", GpuModel::key);
        assertThat(catalog.gpuModelForProduct("NVIDIA-GeForce-RTX-4090")).isEmpty();
        assertThat(catalog.gpuModelForProduct(null)).isEmpty();
    }
}
