package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placement on an H100-80GB: 8 memory slices, 7 compute slices, starts as measured with nvidia-smi mig -lgipp. */
class MigLayoutsTest {

    @Test
    void layoutsThatFit() {
        // 3g + 2g + 1g + 1g fits only with the 3g at slice 4 (2g at 0, the 1g at 2 and 3)
        assertThat(MigLayouts.problems(FakeCatalog.H100, Map.of("3g.40gb", 1, "2g.20gb", 1, "1g.10gb", 2))).isEmpty();
        assertThat(MigLayouts.problems(FakeCatalog.H100, Map.of("4g.40gb", 1, "3g.40gb", 1))).isEmpty();
        assertThat(MigLayouts.problems(FakeCatalog.H100, Map.of("1g.10gb", 7))).isEmpty();
        // layout 7 of the maximal-layout table: 4g at 0, three 1-slice 1g at 4, 5, 6 (slice 7 stays unused)
        assertThat(MigLayouts.problems(FakeCatalog.H100, Map.of("4g.40gb", 1, "1g.10gb", 3))).isEmpty();
        assertThat(MigLayouts.problems(FakeCatalog.H100, Map.of("1g.20gb", 4))).isEmpty();
        assertThat(MigLayouts.problems(FakeCatalog.H100, Map.of("2g.20gb", 3, "1g.10gb", 1))).isEmpty();
        assertThat(MigLayouts.problems(FakeCatalog.H100, Map.of("1g.10gb+me", 1, "1g.10gb", 6))).isEmpty();
    }

    @Test
    void layoutsThatDoNot() {
        // 7 + 1 compute slices
        assertThat(MigLayouts.problems(FakeCatalog.H100, Map.of("7g.80gb", 1, "1g.10gb", 1))).singleElement().asString()
                .startsWith("{1g.10gb=1, 7g.80gb=1} does not fit a H100-80GB: ");
        // 2x 3g take all 8 memory slices: nothing is left for a 1g
        assertThat(MigLayouts.problems(FakeCatalog.H100, Map.of("3g.40gb", 2, "1g.10gb", 1))).singleElement().asString()
                .startsWith("{1g.10gb=1, 3g.40gb=2} does not fit a H100-80GB: ");
        assertThat(MigLayouts.problems(FakeCatalog.H100, Map.of("1g.10gb", 8))).hasSize(1);
        assertThat(MigLayouts.problems(FakeCatalog.H100, Map.of("1g.10gb+me", 2))).hasSize(1);
        assertThat(MigLayouts.problems(FakeCatalog.H100, Map.of("1g.18gb", 1))).singleElement().asString()
                .startsWith("H100-80GB has no MIG profile '1g.18gb'");
    }

    @Test
    void aGpuWithoutMig() {
        assertThat(MigLayouts.problems(FakeCatalog.T4, Map.of("1g.5gb", 1))).containsExactly("T4 does not support MIG");
    }
}
