package dev.slicewise.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.telemetry.Stats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TimeSlicingPackerTest {
    static final long T4_MIB = 16384;
    static final TimeSlicingPacker PACKER = new TimeSlicingPacker();
    static final TimeSlicingPacker.Limits T4 = TimeSlicingPacker.Limits.gpuOnly(T4_MIB);

    static Tenant tenant(String id, double[] util, double peakMem) {
        return new Tenant(id, "Deployment/" + id, util, Stats.percentile(util, 95), Stats.percentile(util, 95), peakMem, 0, 0, "node-" + id);
    }

    static double[] flat(double v) {
        double[] a = new double[48];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** Busy (at {@code peak}) in the first or second 12 hours of each day, 0 otherwise. */
    static double[] shift(boolean day, double peak) {
        return IntStream.range(0, 48).mapToDouble(h -> ((h % 24) < 12) == day ? peak : 0).toArray();
    }

    static List<List<String>> layout(TimeSlicingPacking p) {
        return p.gpus().stream().map(TimeSlicingPacking.GpuBin::tenantIds).toList();
    }

    @Test
    void seedsExampleFourTenantsAt25PercentFitOneGpuAtA100PercentTarget() {
        List<Tenant> ts = List.of(tenant("a", flat(25), 1900), tenant("b", flat(25), 1900), tenant("c", flat(25), 1900), tenant("d", flat(25), 1900));
        TimeSlicingPacking p = PACKER.pack(ts, Map.of(), T4, new PackingPolicy(100, 0, 8, 70));
        assertThat(layout(p)).containsExactly(List.of("a", "b", "c", "d"));
        assertThat(p.replicas()).isEqualTo(4);
        assertThat(p.gpus().get(0).p95SummedUtilPct()).isEqualTo(100);
        assertThat(p.provedOptimal()).isTrue();
    }

    @Test
    void atTheDefault70PercentTargetFourTenantsAt25PercentNeedTwoGpus() {
        List<Tenant> ts = List.of(tenant("a", flat(25), 1900), tenant("b", flat(25), 1900), tenant("c", flat(25), 1900), tenant("d", flat(25), 1900));
        TimeSlicingPacking p = PACKER.pack(ts, Map.of(), T4, PackingPolicy.DEFAULT);
        // two at 25 % = 50 % ≤ 70 %; three = 75 % > 70 %
        assertThat(p.gpus()).hasSize(2).allSatisfy(g -> {
            assertThat(g.tenants()).hasSize(2);
            assertThat(g.p95SummedUtilPct()).isEqualTo(50);
        });
        assertThat(p.replicas()).isEqualTo(2);
        assertThat(TimeSlicingPacker.whyNotOneGpu(ts, Map.of(), T4, PackingPolicy.DEFAULT))
                .isEqualTo("four tenants at 25 % saturate one GPU at the 70 % target (p95 of their summed series 100 %)");
    }

    @Test
    void theP95OfTheSumNotTheSumOfP95sDecidesSoPeaksThatDoNotCoincideShare() {
        // every tenant has p95 45 %: by the sum of p95s (90 %) no two could share at 70 %;
        // by the p95 of the summed series, a day tenant and a night tenant sum to a flat 45 %
        Tenant day1 = tenant("day1", shift(true, 45), 1000);
        Tenant day2 = tenant("day2", shift(true, 45), 1000);
        Tenant night1 = tenant("night1", shift(false, 45), 1000);
        Tenant night2 = tenant("night2", shift(false, 45), 1000);
        assertThat(day1.p95Util() + night1.p95Util()).isEqualTo(90);

        TimeSlicingPacking p = PACKER.pack(List.of(day1, day2, night1, night2), Map.of(), T4, PackingPolicy.DEFAULT);

        assertThat(p.gpus()).hasSize(2);
        // peaks that coincide are never stacked: each GPU has one day and one night tenant
        assertThat(p.gpus()).allSatisfy(g -> {
            assertThat(g.tenantIds()).anyMatch(id -> id.startsWith("day")).anyMatch(id -> id.startsWith("night"));
            assertThat(g.p95SummedUtilPct()).isEqualTo(45);
        });
        // two day tenants alone would need one GPU each: their peaks coincide (90 % > 70 %)
        assertThat(PACKER.pack(List.of(day1, day2), Map.of(), T4, PackingPolicy.DEFAULT).gpus()).hasSize(2);
    }

    @Test
    void memoryBindsWhenUtilizationWouldAllowMore() {
        // 4 × 10 % would fit one GPU by utilization, but 5000 MiB peaks: 2 × 5000 = 10000 ≤ 14745.6 (90 % of 16384), 3 × 5000 > it
        List<Tenant> ts = List.of(tenant("a", flat(10), 5000), tenant("b", flat(10), 5000), tenant("c", flat(10), 5000), tenant("d", flat(10), 5000));
        TimeSlicingPacking p = PACKER.pack(ts, Map.of(), T4, PackingPolicy.DEFAULT);
        assertThat(p.gpus()).hasSize(2).allSatisfy(g -> assertThat(g.peakSummedMemMiB()).isEqualTo(10000));
        assertThat(TimeSlicingPacker.whyNotOneGpu(ts, Map.of(), T4, PackingPolicy.DEFAULT))
                .isEqualTo("their peak memory adds up to 19.5 GiB, more than the 14.4 GiB usable on one 16 GiB GPU with 10 % headroom "
                        + "(time-slicing has no memory isolation)");
    }

    @Test
    void maxReplicasCapsPodsPerGpuAndBundlesCountTheirPods() {
        List<Tenant> ts = new ArrayList<>();
        for (int i = 0; i < 5; i++) ts.add(tenant("t" + i, flat(1), 10));
        PackingPolicy three = new PackingPolicy(70, 0.1, 3, 70);
        assertThat(PACKER.pack(ts, Map.of(), T4, three).gpus()).extracting(TimeSlicingPacking.GpuBin::slots).containsExactlyInAnyOrder(3, 2);
        // a bundle of an already-shared GPU holding 3 pods takes 3 of the 3 replicas
        TimeSlicingPacking p = PACKER.pack(ts, Map.of("t0", 3), T4, three);
        assertThat(p.gpus()).hasSize(3);
        assertThat(p.replicas()).isEqualTo(3);
    }

    @Test
    void cpuRequestsOfOneGpusTenantsMustFitOneNode() {
        List<Tenant> ts = new ArrayList<>();
        for (String id : List.of("a", "b", "c", "d")) ts.add(new Tenant(id, id, flat(10), 10, 10, 100, 3000, 1024, "n"));
        // 7.2 vCPU usable: two 3-vCPU tenants per GPU
        TimeSlicingPacker.Limits limits = new TimeSlicingPacker.Limits(T4_MIB, 7200, 28 * 1024);
        assertThat(PACKER.pack(ts, Map.of(), limits, PackingPolicy.DEFAULT).gpus()).hasSize(2);
        assertThat(PACKER.pack(ts, Map.of(), T4, PackingPolicy.DEFAULT).gpus()).hasSize(1);
    }

    @Test
    void aTenantOverALimitAloneKeepsAGpuToItselfAndIsNamed() {
        Tenant big = tenant("big", flat(90), 15000);
        TimeSlicingPacking p = PACKER.pack(List.of(big, tenant("small", flat(5), 100)), Map.of(), T4, PackingPolicy.DEFAULT);
        assertThat(layout(p)).containsExactly(List.of("big"), List.of("small"));
        assertThat(p.notes()).singleElement().asString().contains("big").contains("keeps a GPU to itself");
        assertThat(p.replicas()).isEqualTo(2); // the device plugin rejects fewer than 2
    }

    @Test
    void tenantsWhoseHoursNeverOverlapAreNotStacked() {
        double[] first = IntStream.range(0, 48).mapToDouble(h -> h < 24 ? 10 : Double.NaN).toArray();
        double[] second = IntStream.range(0, 48).mapToDouble(h -> h < 24 ? Double.NaN : 10).toArray();
        TimeSlicingPacking p = PACKER.pack(List.of(tenant("a", first, 10), tenant("b", second, 10)), Map.of(), T4, PackingPolicy.DEFAULT);
        assertThat(p.gpus()).hasSize(2); // no hour shows them together: their fit cannot be shown
    }

    @Test
    void deterministicWhateverTheInputOrder() {
        Random r = new Random(7);
        List<Tenant> ts = randomTenants(r, 10);
        TimeSlicingPacking a = PACKER.pack(ts, Map.of(), T4, PackingPolicy.DEFAULT);
        List<Tenant> shuffled = new ArrayList<>(ts);
        Collections.shuffle(shuffled, new Random(99));
        TimeSlicingPacking b = PACKER.pack(shuffled, Map.of(), T4, PackingPolicy.DEFAULT);
        assertThat(layout(b)).isEqualTo(layout(a));
    }

    @Test
    void beyondTheExhaustiveSearchBinEliminationReachesTheMemoryOptimumFirstFitDecreasingMisses() {
        // 16 tenants (more than EXACT_LIMIT) in units of a tenth of the usable 14745.6 MiB: 4 × 5, 4 × 4, 8 × 3 units,
        // 60 units in all, so no fewer than 6 GPUs. First fit decreasing pairs the 5s and the 4s and needs 7:
        // {5,5} {5,5} {4,4} {4,4} {3,3,3} {3,3,3} {3,3}; the optimum is {5,5} × 2 and {4,3,3} × 4 (found by the
        // bin-elimination search; regression for benchmark 1, where the engine missed the optimum by a GPU)
        double unit = 14745.6 / 10;
        List<Tenant> ts = new ArrayList<>();
        for (int i = 0; i < 4; i++) ts.add(tenant("five-" + i, flat(1), 5 * unit));
        for (int i = 0; i < 4; i++) ts.add(tenant("four-" + i, flat(1), 4 * unit));
        for (int i = 0; i < 8; i++) ts.add(tenant("three-" + i, flat(1), 3 * unit));

        TimeSlicingPacking p = PACKER.pack(ts, Map.of(), T4, PackingPolicy.DEFAULT);

        assertThat(p.gpus()).hasSize(6);
        assertThat(p.provedOptimal()).isTrue();
        assertThat(p.gpus()).allSatisfy(g -> assertThat(feasible(g.tenants(), Map.of(), PackingPolicy.DEFAULT)).isTrue());
        assertThat(p.gpus().stream().mapToInt(g -> g.tenants().size()).sorted().boxed().toList()).containsExactly(2, 2, 3, 3, 3, 3);
    }

    @Test
    void optimalOnSmallRandomInstancesAgainstBruteForce() {
        Random r = new Random(20261123);
        int checked = 0;
        for (int round = 0; round < 150; round++) {
            int n = 2 + r.nextInt(6); // 2..7 tenants: brute force enumerates all set partitions (Bell(7) = 877)
            List<Tenant> ts = randomTenants(r, n);
            Map<String, Integer> slots = new HashMap<>();
            if (r.nextInt(4) == 0) slots.put(ts.get(0).id(), 2);
            PackingPolicy policy = new PackingPolicy(50 + r.nextInt(51), r.nextInt(3) * 0.1, 2 + r.nextInt(4), 70);
            TimeSlicingPacking p = PACKER.pack(ts, slots, T4, policy);
            int best = bruteForce(ts, slots, policy);
            assertThat(p.gpus()).as("round %d: %d tenants", round, n).hasSize(best);
            assertThat(p.provedOptimal()).isTrue();
            // every GPU of the answer respects every rule
            for (TimeSlicingPacking.GpuBin g : p.gpus()) assertThat(feasible(g.tenants(), slots, policy)).isTrue();
            checked++;
        }
        assertThat(checked).isEqualTo(150);
    }

    // ------------------------------------------------------------------------------------------- brute force oracle

    static List<Tenant> randomTenants(Random r, int n) {
        List<Tenant> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double base = 5 + r.nextInt(40);
            int phase = r.nextInt(24);
            double amp = r.nextInt(30);
            double[] u = IntStream.range(0, 48).mapToDouble(h -> {
                double v = base + (((h + phase) % 24) < 8 ? amp : 0);
                return Math.min(100, v);
            }).toArray();
            out.add(tenant(String.format("t%02d", i), u, 500 + r.nextInt(8000)));
        }
        return out;
    }

    /** Fewest GPUs over all set partitions whose every block satisfies the rules (a block of one always does). */
    static int bruteForce(List<Tenant> ts, Map<String, Integer> slots, PackingPolicy policy) {
        int[] assign = new int[ts.size()];
        int[] best = {ts.size()};
        partitions(ts, slots, policy, assign, 0, 0, best);
        return best[0];
    }

    static void partitions(List<Tenant> ts, Map<String, Integer> slots, PackingPolicy policy, int[] assign, int i, int blocks, int[] best) {
        if (i == ts.size()) {
            for (int b = 0; b < blocks; b++) {
                List<Tenant> block = new ArrayList<>();
                for (int j = 0; j < ts.size(); j++) if (assign[j] == b) block.add(ts.get(j));
                if (!feasible(block, slots, policy)) return;
            }
            best[0] = Math.min(best[0], blocks);
            return;
        }
        for (int b = 0; b <= blocks; b++) {
            assign[i] = b;
            partitions(ts, slots, policy, assign, i + 1, Math.max(blocks, b + 1), best);
        }
    }

    static boolean feasible(List<Tenant> block, Map<String, Integer> slots, PackingPolicy policy) {
        if (block.size() <= 1) return true;
        int pods = block.stream().mapToInt(t -> slots.getOrDefault(t.id(), 1)).sum();
        double mem = block.stream().mapToDouble(Tenant::peakMemMiB).sum();
        double p95 = Stats.sum(block.stream().map(Tenant::util).toList()).percentile(95);
        return pods <= policy.maxReplicas() && mem <= (1 - policy.memHeadroomFraction()) * T4_MIB + 1e-9
                && p95 <= policy.targetUtilPct() + 1e-9;
    }
}
