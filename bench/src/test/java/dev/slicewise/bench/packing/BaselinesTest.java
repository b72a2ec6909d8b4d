package dev.slicewise.bench.packing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.pack.PackingPolicy;
import dev.slicewise.pack.Tenant;
import dev.slicewise.pack.TimeSlicingPacker;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BaselinesTest {
    static final long T4_MIB = 16384;

    static Tenant tenant(String id, double util, double mem) {
        double[] u = new double[48];
        Arrays.fill(u, util);
        return new Tenant(id, id, u, util, util, mem, 0, 0, "n");
    }

    @Test
    void theSeedsRuleOfThumbPutsFourPodsAt25PercentOnOneGpuAboveTheTarget() {
        // replicas = ⌊100 / 25⌋ = 4: one GPU, summed p95 100 % (over the 70 % target, saturated), 4 × 2 GiB fits 16 GiB
        List<Tenant> ts = IntStream.range(0, 4).mapToObj(i -> tenant("s" + i, 25, 2048)).toList();
        Baselines.RuleOfThumb r = Baselines.ruleOfThumb(ts, T4_MIB, PackingPolicy.DEFAULT);
        assertThat(r).isEqualTo(new Baselines.RuleOfThumb(1, 4, 0, 1, 1));
    }

    @Test
    void theRuleOfThumbDoesNotLookAtMemory() {
        // 10 % each → 10 pods per GPU; 10 × 2 GiB = 20 GiB on a 16 GiB GPU: out of memory
        List<Tenant> ts = IntStream.range(0, 10).mapToObj(i -> tenant(String.format("m%02d", i), 10, 2048)).toList();
        Baselines.RuleOfThumb r = Baselines.ruleOfThumb(ts, T4_MIB, PackingPolicy.DEFAULT);
        assertThat(r.gpus()).isEqualTo(1);
        assertThat(r.replicas()).isEqualTo(10);
        assertThat(r.oom()).isEqualTo(1);
        assertThat(r.overTarget()).isEqualTo(1); // 100 % summed
    }

    @Test
    void firstFitFollowsTheEnginesRuleInArrivalOrder() {
        // 25, 25, 50, 20 in id order at the 70 % target: a and b share (50 %), c does not fit with them (100 %) and opens
        // a second GPU, d joins a and b (70 %, exactly the target) → 2 GPUs
        List<Tenant> ts = List.of(tenant("a", 25, 100), tenant("b", 25, 100), tenant("c", 50, 100), tenant("d", 20, 100));
        assertThat(Baselines.timeSlicingFirstFit(ts, TimeSlicingPacker.Limits.gpuOnly(T4_MIB), PackingPolicy.DEFAULT)).isEqualTo(2);
    }
}
