package dev.slicewise.catalog.mig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import dev.slicewise.testing.Fixtures;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigProfileNamesTest {
    private static GpuModel gpu(String key) {
        return BundledCatalog.get().gpuModel(key).orElseThrow();
    }

    private static Map<String, String> labels(String file) throws Exception {
        Map<String, String> m = new ObjectMapper().readValue(Fixtures.resource("dev/slicewise/catalog/mig/labels/" + file),
                new TypeReference<Map<String, String>>() {});
        m.remove("_comment");
        return m;
    }

    @Test
    void h100MixedNodeReportsTheCatalogNames() throws Exception {
        GpuModel h100 = gpu("H100-80GB");
        MigProfileNames names = MigProfileNames.resolve(h100, labels("h100-mixed-all-balanced.json"));
        assertThat(names.asMap()).containsEntry("1g.10gb", "1g.10gb").containsEntry("2g.20gb", "2g.20gb")
                .containsEntry("3g.40gb", "3g.40gb").containsEntry("7g.80gb", "7g.80gb");
        assertThat(names.reportedByNode(h100.profile("3g.40gb").orElseThrow())).isTrue();
        // not configured on this node: the catalog's name is the fallback
        assertThat(names.reportedByNode(h100.profile("1g.20gb").orElseThrow())).isFalse();
        assertThat(names.name(h100.profile("1g.20gb").orElseThrow())).isEqualTo("1g.20gb");
    }

    @Test
    void a100With535DriverSpells3g39gb() throws Exception {
        GpuModel a100 = gpu("A100-80GB");
        MigProfileNames names = MigProfileNames.resolve(a100, labels("a100-80gb-driver535-mixed.json"));
        assertThat(names.asMap())
                .containsEntry("3g.40gb", "3g.39gb")       // matched by 3 compute slices and 40192 MiB
                .containsEntry("1g.10gb", "1g.10gb")
                .containsEntry("1g.10gb+me", "1g.10gb+me") // the ".me" resource suffix is the +me profile
                .containsEntry("2g.20gb", "2g.20gb")
                .containsEntry("4g.40gb", "4g.40gb");     // not on the node: catalog name
        MigProfile threeG = a100.profile("3g.40gb").orElseThrow();
        assertThat(names.rename(MigLayout.of(threeG, 2))).containsExactly(Map.entry("3g.39gb", 2));
    }

    @Test
    void singleStrategyProductLabelNamesTheProfile() throws Exception {
        GpuModel a100 = gpu("A100-40GB");
        MigProfileNames names = MigProfileNames.resolve(a100, labels("a100-40gb-single.json"));
        assertThat(names.reportedByNode(a100.profile("3g.20gb").orElseThrow())).isTrue();
        assertThat(names.reportedByNode(a100.profile("4g.20gb").orElseThrow())).isFalse();
    }

    @Test
    void renamedOneSliceProfileOnAnOlderDriverIsFoundByClassAndMemory() throws Exception {
        GpuModel b200 = gpu("B200-180GB");
        MigProfileNames names = MigProfileNames.resolve(b200, labels("b200-older-driver-single-shared.json"));
        assertThat(names.name(b200.profile("1g.23gb").orElseThrow())).isEqualTo("1g.24gb");
        // the 2-slice 1g (44.25 GiB) is twice as big: the 1g.24gb label must not be taken for it
        assertThat(names.name(b200.profile("1g.45gb").orElseThrow())).isEqualTo("1g.45gb");
        assertThat(names.reportedByNode(b200.profile("1g.45gb").orElseThrow())).isFalse();
    }

    @Test
    void withoutMemoryLabelsTheNamesSizeDecides() {
        GpuModel a100 = gpu("A100-80GB");
        Map<String, String> l = new HashMap<>();
        l.put("nvidia.com/mig-3g.39gb.count", "2");
        l.put("nvidia.com/mig-1g.19gb.count", "1"); // a 1g whose size is close to 1g.20gb, not to 1g.10gb
        MigProfileNames names = MigProfileNames.resolve(a100, l);
        assertThat(names.asMap()).containsEntry("3g.40gb", "3g.39gb").containsEntry("1g.20gb", "1g.19gb")
                .containsEntry("1g.10gb", "1g.10gb");
    }

    @Test
    void nodeWithoutMigLabelsKeepsCatalogNames() throws Exception {
        GpuModel h100 = gpu("H100-80GB");
        assertThat(MigProfileNames.resolve(h100, labels("h100-mig-disabled.json")).asMap())
                .isEqualTo(MigProfileNames.catalog(h100).asMap());
        assertThat(MigProfileNames.resolve(h100, Map.of()).reportedByNode(h100.profile("1g.10gb").orElseThrow())).isFalse();
    }
}
