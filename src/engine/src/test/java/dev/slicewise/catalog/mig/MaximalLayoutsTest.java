package dev.slicewise.catalog.mig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import dev.slicewise.testing.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MaximalLayoutsTest {
    private static final String TABLE = "dev/slicewise/catalog/mig/maximal-layouts-8-slice.md";

    /** Table 3.2's columns by slice class: compute slices / memory slices of the non-+me profile in that column. */
    private static final int[][] COLUMNS = {{7, 8}, {4, 4}, {3, 4}, {2, 2}, {1, 2}, {1, 1}};

    @ParameterizedTest
    @ValueSource(strings = {"H100-80GB", "H200-141GB", "A100-40GB", "A100-80GB", "B200-180GB", "B300-288GB"})
    void eightSliceGpusHaveExactlyTheTwentyEightLayoutsOfTable32(String key) {
        GpuModel gpu = BundledCatalog.get().gpuModel(key).orElseThrow();
        List<List<String>> rows = Fixtures.markdownTable(Fixtures.resource(TABLE), null);
        assertThat(rows.get(0)).startsWith("#", "7g", "4g", "3g", "2g", "1g (2 mem slices)", "1g (1 mem slice)");
        List<MigProfile> byColumn = new ArrayList<>();
        for (int[] c : COLUMNS) {
            byColumn.add(gpu.migProfiles().stream()
                    .filter(p -> !p.mediaExtension() && p.computeSlices() == c[0] && p.memorySlices() == c[1])
                    .findFirst().orElseThrow());
        }
        List<MigLayout> expected = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            Map<MigProfile, Integer> counts = new LinkedHashMap<>();
            for (int i = 0; i < COLUMNS.length; i++) {
                String cell = row.get(i + 1);
                if (!cell.isEmpty()) counts.put(byColumn.get(i), Integer.parseInt(cell));
            }
            expected.add(new MigLayout(counts));
            used.add(row.get(7) + " " + row.get(8));
        }
        assertThat(expected).hasSize(28);

        List<MigLayout> maximal = MigLayouts.maximal(gpu);
        assertThat(maximal).containsExactlyElementsOf(expected);
        for (int i = 0; i < maximal.size(); i++) {
            MigLayout l = maximal.get(i);
            assertThat(l.computeSlices() + "/7 " + l.memorySlices() + "/8").as("row " + (i + 1)).isEqualTo(used.get(i));
            assertThat(MigPlacer.fits(gpu, l.counts())).isTrue();
        }
    }

    @Test
    void a30HasFourMaximalLayouts() {
        GpuModel a30 = BundledCatalog.get().gpuModel("A30-24GB").orElseThrow();
        List<List<String>> rows = Fixtures.markdownTable(Fixtures.resource("dev/slicewise/catalog/mig/maximal-layouts-a30.md"), null);
        List<MigLayout> expected = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            Map<MigProfile, Integer> counts = new LinkedHashMap<>();
            for (int i = 1; i < rows.get(0).size(); i++) {
                if (!row.get(i).isEmpty()) counts.put(a30.profile(rows.get(0).get(i)).orElseThrow(), Integer.parseInt(row.get(i)));
            }
            expected.add(new MigLayout(counts));
        }
        assertThat(MigLayouts.maximal(a30)).containsExactlyElementsOf(expected);
    }

    @Test
    void everyValidLayoutIsPartOfAMaximalOne() {
        GpuModel h100 = BundledCatalog.get().gpuModel("H100-80GB").orElseThrow();
        List<MigProfile> plain = h100.migProfiles().stream().filter(p -> !p.mediaExtension()).toList();
        List<MigLayout> maximal = MigLayouts.maximal(h100);
        List<MigLayout> valid = MigLayouts.valid(h100, plain);
        assertThat(valid).hasSizeGreaterThan(maximal.size());
        for (MigLayout v : valid) {
            assertThat(maximal).as(v.toString()).anyMatch(m -> v.counts().entrySet().stream().allMatch(e -> m.count(e.getKey()) >= e.getValue()));
        }
    }

    @Test
    void mediaExtensionLayoutsReplaceOnePlainInstance() {
        GpuModel h100 = BundledCatalog.get().gpuModel("H100-80GB").orElseThrow();
        List<MigLayout> withMe = MigLayouts.maximal(h100, h100.migProfiles());
        MigProfile me = h100.profile("1g.10gb+me").orElseThrow();
        MigProfile one = h100.profile("1g.10gb").orElseThrow();
        assertThat(withMe).contains(new MigLayout(Map.of(one, 6, me, 1)), MigLayout.of(one, 7));
        assertThat(withMe).allMatch(l -> l.count(me) <= 1);
    }
}
