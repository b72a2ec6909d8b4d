package dev.slicewise.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.catalog.InstanceType;
import dev.slicewise.telemetry.Stats;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadMixTest {
    static final InstanceType P5 = BundledCatalog.get().instanceType("p5.48xlarge").orElseThrow();
    static final InstanceType G6 = BundledCatalog.get().instanceType("g6.xlarge").orElseThrow();

    @Test
    void sameSeedSamePoolBitForBit() {
        List<Workload> a = new WorkloadMix(P5).generate(42, 200), b = new WorkloadMix(P5).generate(42, 200);
        assertThat(a).hasSize(200);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).id()).isEqualTo(b.get(i).id());
            assertThat(a.get(i).utilAvg()).containsExactly(b.get(i).utilAvg());
            assertThat(a.get(i).memMax()).containsExactly(b.get(i).memMax());
        }
        assertThat(new WorkloadMix(P5).generate(43, 200).get(0).utilAvg()).isNotEqualTo(a.get(0).utilAvg());
    }

    @Test
    void everyWorkloadPassesTheDetectionRuleAloneOnItsGpu() {
        for (InstanceType type : List.of(P5, G6)) {
            for (Workload w : new WorkloadMix(type).generate(7, 500)) {
                assertThat(Stats.percentile(w.utilAvg(), 95)).as(w.id()).isLessThan(50);
                assertThat(w.peakMemMiB()).as(w.id()).isLessThan(0.6 * type.gpuMemoryMiB());
                assertThat(w.utilAvg()).hasSize(336).doesNotContain(Double.NaN);
                assertThat(w.cpuMillis()).isPositive().isLessThanOrEqualTo((int) (type.vcpu() * 900 / type.gpuCount()));
            }
        }
    }

    @Test
    void theMixIsMostlyInferenceAndIdsAreUnique() {
        List<Workload> ws = new WorkloadMix(P5).generate(11, 2000);
        long inference = ws.stream().filter(w -> w.kind() == Workload.Kind.INFERENCE).count();
        long notebooks = ws.stream().filter(w -> w.kind() == Workload.Kind.NOTEBOOK).count();
        // by owner 60 / 25 / 15 %; inference Deployments have 1–4 replicas, so by pod inference is well above 60 %
        assertThat(inference).isBetween(1200L, 1700L);
        assertThat(notebooks).isBetween(200L, 500L);
        assertThat(new HashSet<>(ws.stream().map(Workload::id).toList())).hasSize(2000);
    }
}
