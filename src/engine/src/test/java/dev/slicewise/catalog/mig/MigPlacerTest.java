package dev.slicewise.catalog.mig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigPlacerTest {
    private static final GpuModel H100 = BundledCatalog.get().gpuModel("H100-80GB").orElseThrow();
    private static final GpuModel A30 = BundledCatalog.get().gpuModel("A30-24GB").orElseThrow();

    private static MigProfile h(String name) {
        return H100.profile(name).orElseThrow();
    }

    private static MigProfile a30(String name) {
        return A30.profile(name).orElseThrow();
    }

    private static List<PlacedInstance> placed(Placement p) {
        assertThat(p).isInstanceOf(Placement.Fits.class);
        return ((Placement.Fits) p).instances();
    }

    private static String reason(Placement p) {
        assertThat(p).isInstanceOf(Placement.DoesNotFit.class);
        return ((Placement.DoesNotFit) p).reason();
    }

    @Test
    void threeTwoOneOneFitsOnlyWithTheThreeGAtSliceFour() {
        List<MigProfile> layout = List.of(h("3g.40gb"), h("2g.20gb"), h("1g.10gb"), h("1g.10gb"));
        assertThat(placed(MigPlacer.place(H100, layout))).containsExactly(
                new PlacedInstance(h("2g.20gb"), 0), new PlacedInstance(h("1g.10gb"), 2),
                new PlacedInstance(h("1g.10gb"), 3), new PlacedInstance(h("3g.40gb"), 4));

        // "only": every non-overlapping assignment of allowed starts puts the 3g at 4 (exhaustive, independent check)
        List<List<Integer>> all = allPlacements(layout, 8);
        assertThat(all).isNotEmpty().allSatisfy(starts -> assertThat(starts.get(0)).isEqualTo(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1g.10gb", "1g.10gb+me", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"})
    void sevenGWithAnythingElseDoesNotFit(String other) {
        String why = reason(MigPlacer.place(H100, List.of(h("7g.80gb"), h(other))));
        assertThat(why).isEqualTo("7g.80gb takes the whole GPU (all 8 memory slices): nothing else fits beside it");
        assertThat(placed(MigPlacer.place(H100, List.of(h("7g.80gb"))))).containsExactly(new PlacedInstance(h("7g.80gb"), 0));
    }

    @Test
    void twoThreeGsUseSixOfSevenComputeSlicesAndAllMemory() {
        List<PlacedInstance> p = placed(MigPlacer.place(H100, Map.of(h("3g.40gb"), 2)));
        assertThat(p).extracting(PlacedInstance::start).containsExactly(0, 4);
        assertThat(MigLayout.of(h("3g.40gb"), 2)).returns(6, MigLayout::computeSlices).returns(8, MigLayout::memorySlices);
        // the 7th compute slice is stranded: not even a 1g fits beside them
        assertThat(reason(MigPlacer.place(H100, List.of(h("3g.40gb"), h("3g.40gb"), h("1g.10gb")))))
                .isEqualTo("2 x 3g.40gb + 1 x 1g.10gb needs 9 memory slices; H100-80GB has 8");
        assertThat(reason(MigPlacer.place(H100, Map.of(h("3g.40gb"), 3)))).isEqualTo("3 x 3g.40gb: at most 2 per GPU");
    }

    @Test
    void refusesTwoMediaExtensionInstances() {
        assertThat(reason(MigPlacer.place(H100, Map.of(h("1g.10gb+me"), 2))))
                .isEqualTo("2 +me instances: at most one +me (media extension) instance per GPU");
        assertThat(reason(MigPlacer.place(A30, List.of(a30("1g.6gb+me"), a30("2g.12gb+me")))))
                .startsWith("2 +me instances");
        assertThat(MigPlacer.fits(H100, Map.of(h("1g.10gb+me"), 1, h("1g.10gb"), 6))).isTrue();
    }

    @Test
    void aMediaExtensionInstanceTakesThePlaceOfAPlainOne() {
        assertThat(reason(MigPlacer.place(H100, Map.of(h("1g.10gb"), 7, h("1g.10gb+me"), 1))))
                .isEqualTo("7 x 1g.10gb + 1 x 1g.10gb+me: a +me instance takes the place of a 1g.10gb, and at most 7 fit per GPU");
    }

    @Test
    void sevenOneGsLeaveTheLastMemorySliceEmpty() {
        List<PlacedInstance> p = placed(MigPlacer.place(H100, Map.of(h("1g.10gb"), 7)));
        assertThat(p).extracting(PlacedInstance::start).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(p).noneMatch(i -> i.start() <= 7 && 7 < i.end());
        assertThat(MigLayout.of(h("1g.10gb"), 7).memorySlices()).isEqualTo(7);
        assertThat(reason(MigPlacer.place(H100, Map.of(h("1g.10gb"), 8)))).isEqualTo("8 x 1g.10gb: at most 7 per GPU");
        // a 2-slice instance can use slices 6-7, so 6 x 1g + 1 x 1g.20gb fills all 8
        assertThat(placed(MigPlacer.place(H100, Map.of(h("1g.10gb"), 6, h("1g.20gb"), 1))))
                .contains(new PlacedInstance(h("1g.20gb"), 6));
    }

    /**
     * On H100 every count vector within the per-profile maxima fits exactly when it needs at most 7 compute and 8
     * memory slices (and a 7g stands alone): the placements never forbid more than these totals do. So the
     * reasons users see are the simple ones, and 3g+2g+1g+1g is a question of where, not whether.
     */
    @Test
    void onH100TheSlotModelAgreesWithTheSliceTotals() {
        List<MigProfile> plain = H100.migProfiles().stream().filter(p -> !p.mediaExtension()).toList();
        int[] counts = new int[plain.size()];
        int checked = 0;
        while (true) {
            Map<MigProfile, Integer> layout = new java.util.LinkedHashMap<>();
            int compute = 0, memory = 0, total = 0;
            boolean whole = false;
            for (int i = 0; i < counts.length; i++) {
                layout.put(plain.get(i), counts[i]);
                compute += counts[i] * plain.get(i).computeSlices();
                memory += counts[i] * plain.get(i).memorySlices();
                total += counts[i];
                whole |= counts[i] > 0 && plain.get(i).memorySlices() == 8;
            }
            boolean expected = compute <= 7 && memory <= 8 && (!whole || total == 1);
            assertThat(MigPlacer.fits(H100, layout)).as(layout.toString()).isEqualTo(expected);
            checked++;
            int i = 0;
            while (i < counts.length && ++counts[i] > plain.get(i).maxInstances()) counts[i++] = 0;
            if (i == counts.length) break;
        }
        assertThat(checked).isEqualTo(2 * 2 * 3 * 4 * 5 * 8);
    }

    @Test
    void a30HasFourSlices() {
        assertThat(placed(MigPlacer.place(A30, Map.of(a30("2g.12gb"), 1, a30("1g.6gb"), 2))))
                .extracting(PlacedInstance::start).containsExactly(0, 2, 3);
        assertThat(reason(MigPlacer.place(A30, List.of(a30("4g.24gb"), a30("1g.6gb"))))).contains("takes the whole GPU");
        assertThat(MigPlacer.fits(A30, Map.of(a30("1g.6gb"), 4))).isTrue();
        assertThat(MigPlacer.fits(A30, Map.of(a30("1g.6gb"), 5))).isFalse();
    }

    @Test
    void rejectsProfilesOfAnotherGpu() {
        MigProfile a100 = BundledCatalog.get().gpuModel("A100-40GB").orElseThrow().profile("1g.5gb").orElseThrow();
        assertThatThrownBy(() -> MigPlacer.place(H100, List.of(a100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("1g.5gb is not a MIG profile of H100-80GB");
    }

    @Test
    void emptyLayoutFits() {
        assertThat(placed(MigPlacer.place(H100, Map.of()))).isEmpty();
    }

    /** Brute force: every assignment of allowed starts without overlap (starts listed in the input's order). */
    static List<List<Integer>> allPlacements(List<MigProfile> instances, int slices) {
        List<List<Integer>> out = new ArrayList<>();
        collect(instances, 0, new boolean[slices], new ArrayList<>(), out);
        return out;
    }

    private static void collect(List<MigProfile> in, int i, boolean[] used, List<Integer> starts, List<List<Integer>> out) {
        if (i == in.size()) {
            out.add(List.copyOf(starts));
            return;
        }
        for (int s : in.get(i).allowedStarts()) {
            boolean free = true;
            for (int k = s; k < s + in.get(i).memorySlices(); k++) free &= !used[k];
            if (!free) continue;
            for (int k = s; k < s + in.get(i).memorySlices(); k++) used[k] = true;
            starts.add(s);
            collect(in, i + 1, used, starts, out);
            starts.remove(starts.size() - 1);
            for (int k = s; k < s + in.get(i).memorySlices(); k++) used[k] = false;
        }
    }
}
