package dev.slicewise.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigBlockTreeTest {

    /** The exact search is used only where its block model and the placer agree on every single-GPU layout. */
    @Test
    void appliesToEveryMigGpuInTheCatalog() {
        for (GpuModel g : BundledCatalog.get().gpuModels()) {
            if (!g.migCapable()) continue;
            List<MigProfile> candidates = MigBinPacker.candidates(g);
            assertThat(MigBlockTree.forModel(g, candidates)).as(g.key()).isPresent();
            // and for every subset a pool might use
            for (int mask = 1; mask < 1 << candidates.size(); mask++) {
                int m = mask;
                List<MigProfile> subset = candidates.stream().filter(p -> (m >> candidates.indexOf(p) & 1) == 1).toList();
                assertThat(MigBlockTree.forModel(g, dev.slicewise.catalog.mig.MigLayouts.largestFirst(subset))).as(g.key() + " " + subset).isPresent();
            }
        }
    }

    /**
     * A made-up 4-slice GPU whose 2-slice profile may start at slice 1 (not block-aligned): the block model cannot
     * describe it, so it is refused and the solver keeps its heuristic without claiming optimality unless the bound
     * proves it.
     */
    @Test
    void refusesGeometriesThatAreNotAlignedBlocks() {
        MigProfile one = new MigProfile("1g.5gb", 1, 1, 5000, 10, 4, List.of(0, 1, 2, 3), false);
        MigProfile two = new MigProfile("2g.10gb", 2, 2, 10000, 20, 2, List.of(0, 1, 2), false);
        MigProfile whole = new MigProfile("4g.20gb", 4, 4, 20000, 40, 1, List.of(0), false);
        GpuModel odd = new GpuModel("ODD", List.of("ODD"), 20480, 40, 4, 4, List.of("0x000010DE"), List.of(one, two, whole));
        assertThat(MigBlockTree.forModel(odd, List.of(two, one))).isEmpty();
        MigGpuSolver.Solution s = MigGpuSolver.solve(odd, Map.of(two, 1, one, 2));
        assertThat(s.gpus()).hasSize(1);      // 2g + 2 x 1g fit one GPU: bound = 1, proven
        assertThat(s.optimal()).isTrue();
    }

    /**
     * A made-up GPU whose profile maxima are tighter than its blocks (at most 2 x 1g on 4 slots): the block model
     * would allow 4, so it disagrees with the placer and is refused.
     */
    @Test
    void refusesGeometriesWhereMaximaBindBeyondTheBlocks() {
        MigProfile one = new MigProfile("1g.5gb", 1, 1, 5000, 10, 2, List.of(0, 1, 2, 3), false);
        MigProfile whole = new MigProfile("4g.20gb", 4, 4, 20000, 40, 1, List.of(0), false);
        GpuModel capped = new GpuModel("CAPPED", List.of("CAPPED"), 20480, 40, 4, 4, List.of("0x000010DE"), List.of(one, whole));
        assertThat(MigBlockTree.forModel(capped, List.of(one))).isEmpty();
        assertThat(MigGpuSolver.solve(capped, Map.of(one, 5)).gpus()).hasSize(3);
    }
}
