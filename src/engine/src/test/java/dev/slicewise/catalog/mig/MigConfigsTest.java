package dev.slicewise.catalog.mig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import dev.slicewise.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigConfigsTest {
    private static GpuModel gpu(String key) {
        return BundledCatalog.get().gpuModel(key).orElseThrow();
    }

    /** Layout from alternating profile names and counts, e.g. layout(h100, "1g.10gb", 7). */
    private static MigLayout layout(GpuModel gpu, Object... nameCount) {
        Map<MigProfile, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < nameCount.length; i += 2) m.put(gpu.profile((String) nameCount[i]).orElseThrow(), (Integer) nameCount[i + 1]);
        return new MigLayout(m);
    }

    private static Optional<String> stock(GpuModel gpu, MigLayout layout) {
        return MigConfigs.stockConfigFor(gpu, layout, MigProfileNames.catalog(gpu));
    }

    @Test
    void bundledStockConfigIsTheRepositoryCopyUnchanged() {
        String bundled = Fixtures.resource(MigConfigs.STOCK_RESOURCE);
        String withoutHeader = bundled.lines().dropWhile(l -> l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        assertThat(withoutHeader).isEqualTo(Fixtures.read(Fixtures.repoFile("data/k8s/default-mig-parted-config.yaml")));
        assertThat(MigConfigs.stock().migConfigs()).containsKeys("all-disabled", "all-enabled", "all-1g.10gb", "all-balanced");
        assertThat(MigConfigs.stock().migConfigs().get("all-balanced")).hasSize(12);
    }

    @Test
    void all1g10gbMeansSevenSmallSlicesOnH100ButFourTwoSliceOnesOnA100_40GB() {
        GpuModel h100 = gpu("H100-80GB");
        GpuModel a100 = gpu("A100-40GB");
        assertThat(stock(h100, layout(h100, "1g.10gb", 7))).contains("all-1g.10gb");
        assertThat(stock(a100, layout(a100, "1g.10gb", 4))).contains("all-1g.10gb");
        assertThat(stock(a100, layout(a100, "1g.5gb", 7))).contains("all-1g.5gb");
        // 6 x 1g.10gb is no preset anywhere
        assertThat(stock(h100, layout(h100, "1g.10gb", 6))).isEmpty();
        assertThat(stock(gpu("A100-80GB"), layout(gpu("A100-80GB"), "1g.10gb", 7))).contains("all-1g.10gb");
    }

    @Test
    void allBalancedDependsOnTheDeviceId() {
        GpuModel h100 = gpu("H100-80GB");
        assertThat(stock(h100, layout(h100, "1g.10gb", 2, "2g.20gb", 1, "3g.40gb", 1))).contains("all-balanced");
        GpuModel h200 = gpu("H200-141GB");
        assertThat(stock(h200, layout(h200, "1g.18gb", 2, "2g.35gb", 1, "3g.71gb", 1))).contains("all-balanced");
        GpuModel a100 = gpu("A100-40GB");
        assertThat(stock(a100, layout(a100, "1g.5gb", 2, "2g.10gb", 1, "3g.20gb", 1))).contains("all-balanced");
        GpuModel a30 = gpu("A30-24GB");
        assertThat(stock(a30, layout(a30, "1g.6gb", 2, "2g.12gb", 1))).contains("all-balanced");
        GpuModel b200 = gpu("B200-180GB");
        assertThat(stock(b200, layout(b200, "1g.23gb", 2, "2g.45gb", 1, "3g.90gb", 1))).contains("all-balanced");
        GpuModel rtx = gpu("RTX-PRO-6000");
        assertThat(stock(rtx, layout(rtx, "1g.24gb", 2, "2g.48gb", 1))).contains("all-balanced");
        // H100's balanced layout is not what all-balanced gives an H200
        assertThat(stock(h200, layout(h200, "1g.18gb", 2, "2g.35gb", 1))).isEmpty();
    }

    @Test
    void otherPresets() {
        GpuModel h100 = gpu("H100-80GB");
        assertThat(stock(h100, layout(h100, "1g.10gb+me", 1))).contains("all-1g.10gb.me");
        assertThat(stock(h100, layout(h100, "3g.40gb", 2))).contains("all-3g.40gb");
        assertThat(stock(h100, layout(h100, "7g.80gb", 1))).contains("all-7g.80gb");
        GpuModel h200 = gpu("H200-141GB");
        assertThat(stock(h200, layout(h200, "1g.35gb", 4))).contains("all-1g.35gb"); // entry filtered to 0x2335
        assertThat(stock(h100, layout(h100, "3g.40gb", 1, "2g.20gb", 1, "1g.10gb", 2))).contains("all-balanced");
        assertThat(stock(h100, layout(h100, "3g.40gb", 1, "2g.20gb", 1, "1g.10gb", 1))).isEmpty();
        assertThat(stock(h100, new MigLayout(Map.of()))).isEmpty();
    }

    @Test
    void aNodeSpellingProfilesDifferentlyNeedsACustomConfig() {
        GpuModel a100 = gpu("A100-80GB");
        Map<String, String> labels = Map.of("nvidia.com/mig-3g.39gb.count", "2", "nvidia.com/mig-3g.39gb.memory", "40192");
        MigProfileNames names = MigProfileNames.resolve(a100, labels);
        MigLayout twoThreeG = layout(a100, "3g.40gb", 2);
        assertThat(MigConfigs.stockConfigFor(a100, twoThreeG, names)).isEmpty();
        assertThat(MigConfigs.stockConfigFor(a100, twoThreeG, MigProfileNames.catalog(a100))).contains("all-3g.40gb");
    }

    @Test
    void writesACustomConfigMigPartedCanRead() {
        GpuModel h100 = gpu("H100-80GB");
        MigLayout mixed = layout(h100, "3g.40gb", 1, "2g.20gb", 1, "1g.10gb", 2);
        MigPartedConfig config = MigConfigs.custom(h100, "slicewise-3g-2g-2x1g", mixed, MigProfileNames.catalog(h100));
        String yaml = config.toYaml();
        assertThat(yaml).isEqualTo(Fixtures.resource("dev/slicewise/catalog/mig/custom-h100-mixed-desired.yaml"));

        MigPartedConfig back = MigPartedConfig.parse(yaml);
        assertThat(back).isEqualTo(config);
        MigPartedConfig.Entry e = back.migConfigs().get("slicewise-3g-2g-2x1g").get(0);
        assertThat(e.deviceFilter()).containsExactly("0x233010DE"); // a string, not the number 0x233010DE
        assertThat(e.matches("0x233010de")).isTrue();
        assertThat(e.matches("0x233510DE")).isFalse();
        // and the stock lookup over our own config finds it again
        assertThat(MigConfigs.configFor(back, h100, mixed, MigProfileNames.catalog(h100))).contains("slicewise-3g-2g-2x1g");
    }

    @Test
    void perGpuConfigGroupsIdenticalLayoutsAndUsesTheNodesNames() {
        GpuModel a100 = gpu("A100-80GB");
        MigProfileNames names = MigProfileNames.resolve(a100, Map.of("nvidia.com/mig-3g.39gb.memory", "40192"));
        MigLayout big = layout(a100, "3g.40gb", 2);
        MigLayout small = layout(a100, "1g.10gb", 7);
        String yaml = MigConfigs.custom(a100, "slicewise-p4de-split", List.of(big, big, small), names).toYaml();
        assertThat(yaml).isEqualTo(Fixtures.resource("dev/slicewise/catalog/mig/custom-a100-80gb-per-gpu-desired.yaml"));
    }

    @Test
    void onlyEmitsLayoutsThePlacerAccepts() {
        GpuModel h100 = gpu("H100-80GB");
        assertThatThrownBy(() -> MigConfigs.custom(h100, "bad", layout(h100, "7g.80gb", 1, "1g.10gb", 1), MigProfileNames.catalog(h100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 x 7g.80gb + 1 x 1g.10gb does not fit one H100-80GB: 7g.80gb takes the whole GPU (all 8 memory "
                        + "slices): nothing else fits beside it");
        assertThatThrownBy(() -> MigConfigs.custom(h100, "bad", List.of(layout(h100, "1g.10gb", 7), layout(h100, "1g.10gb", 8)),
                MigProfileNames.catalog(h100))).hasMessageStartingWith("GPU 1: 8 x 1g.10gb does not fit");
        GpuModel rtx4500 = gpu("RTX-PRO-4500");
        assertThatThrownBy(() -> MigConfigs.custom(rtx4500, "x", layout(rtx4500, "1g.16gb", 2), MigProfileNames.catalog(rtx4500)))
                .hasMessage("no PCI device id known for RTX-PRO-4500: cannot write a device-filter");
        GpuModel a10g = gpu("A10G");
        assertThatThrownBy(() -> MigConfigs.custom(a10g, "x", new MigLayout(Map.of()), MigProfileNames.catalog(a10g)))
                .hasMessage("A10G has no MIG");
        assertThatThrownBy(() -> MigConfigs.custom(h100, "has space", layout(h100, "1g.10gb", 1), MigProfileNames.catalog(h100)))
                .hasMessageStartingWith("config name must be a label value");
    }

    @Test
    void parserIsAsStrictAsMigParted() {
        assertThatThrownBy(() -> MigPartedConfig.parse("version: v1\nmig-configs:\n  x:\n    - devices: all\n      mig-enabled: true\n      extra: 1\n"))
                .hasMessage("mig-configs.x[0]: unexpected field \"extra\"");
        assertThatThrownBy(() -> MigPartedConfig.parse("version: v2\nmig-configs:\n  x:\n    - devices: all\n      mig-enabled: false\n"))
                .hasMessage("mig-parted config version must be v1, not v2");
        assertThatThrownBy(() -> MigPartedConfig.parse("version: v1\nmig-configs:\n  x:\n    - devices: all\n      mig-enabled: false\n      mig-devices:\n        1g.10gb: 1\n"))
                .hasMessage("mig-configs.x[0]: mig-devices must be absent when mig-enabled is false");
        assertThatThrownBy(() -> MigPartedConfig.parse("version: v1\nmig-configs:\n  x:\n    - devices: all\n      mig-enabled: true\n      mig-devices:\n        1g.10gb: 0\n"))
                .hasMessage("mig-configs.x[0]: all counts for all MigProfiles are 0");
        assertThatThrownBy(() -> MigPartedConfig.parse("version: v1\nmig-configs:\n  x:\n    - device-filter: [0x233010DE]\n      devices: all\n      mig-enabled: false\n"))
                .hasMessage("mig-configs.x[0].device-filter must hold quoted PCI id strings");
        MigPartedConfig ok = MigPartedConfig.parse("version: v1\nmig-configs:\n  all-enabled:\n    - devices: [0, 2]\n      mig-enabled: true\n      mig-devices: {}\n");
        assertThat(ok.migConfigs().get("all-enabled").get(0).devices()).containsExactly(0, 2);
    }
}
