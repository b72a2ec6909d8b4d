package dev.slicewise.bench.packing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.catalog.BundledCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Benchmark 1's small cases as exact numbers: on the same seeded pools the engine's packing equals the proven optimum
 * (referee or bound), and the counts are pinned, so a change to the generator or the packers that costs a GPU fails.
 */
class PackingQualityTest {
    static final PackingBench BENCH = new PackingBench(BundledCatalog.get());

    @ParameterizedTest(name = "time-slicing on {0}, {1} workloads: {2} GPUs")
    @CsvSource({"p5.48xlarge, 20, 7", "p5.48xlarge, 50, 8", "g6.xlarge, 20, 8", "g6.xlarge, 50, 15"})
    void timeSlicingEqualsTheOptimum(String type, int workloads, int optimum) {
        PackingBench.TsRow r = BENCH.timeSlicing(type, workloads, 10);

        assertThat(r.referee().proven()).isTrue();
        assertThat(r.optimum()).isEqualTo(optimum);
        assertThat(r.engineGpus()).isEqualTo(optimum);
        // the baselines on the same pool do no better within the rules: first fit is never below the optimum
        assertThat(r.firstFit()).isGreaterThanOrEqualTo(optimum);
    }

    @ParameterizedTest(name = "MIG on {0}, {1} workloads: {2} GPUs")
    @CsvSource({"p5.48xlarge, 50, 20", "p5.48xlarge, 200, 74", "p4de.24xlarge, 50, 20", "p4de.24xlarge, 200, 72"})
    void migEqualsTheOptimum(String type, int workloads, int optimum) {
        PackingBench.MigRow r = BENCH.mig(type, workloads, 10);

        assertThat(r.referee().proven()).isTrue();
        assertThat(r.referee().gpus()).isEqualTo(optimum);
        assertThat(r.engineGpus()).isEqualTo(optimum);
        assertThat(r.engineOptimal()).isTrue();
        assertThat(r.firstFit()).isGreaterThanOrEqualTo(optimum);
    }
}
