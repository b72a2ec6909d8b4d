package dev.slicewise.bench.packing;

import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import dev.slicewise.catalog.mig.MigPlacer;
import dev.slicewise.pack.PackingPolicy;
import dev.slicewise.pack.Tenant;
import dev.slicewise.pack.TimeSlicingPacker;
import dev.slicewise.telemetry.Stats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The naive ways of doing the engine's job, for comparison. */
public final class Baselines {
    private static final double EPS = 1e-9;

    private Baselines() {}

    /**
     * The seeds' rule of thumb: {@code replicas = ⌊100 / utilization⌋} pods per GPU, utilization = the pool's mean p95,
     * no memory check; pods are spread over the GPUs in the order they come (the device plugin and the scheduler do
     * not look at GPU memory either).
     *
     * @param gpus        GPUs it asks for
     * @param replicas    pods per GPU it advertises
     * @param oom         GPUs whose tenants' peak memory adds up to more than the physical GPU: an out-of-memory error
     *                    for every tenant when the peaks meet
     * @param overTarget  GPUs whose summed series has its p95 above the engine's target (of which saturated: ≥ 100 %)
     */
    public record RuleOfThumb(int gpus, int replicas, int oom, int overTarget, int saturated) {}

    public static RuleOfThumb ruleOfThumb(List<Tenant> tenants, long gpuMemoryMiB, PackingPolicy policy) {
        double meanP95 = tenants.stream().mapToDouble(Tenant::p95Util).average().orElse(100);
        int replicas = (int) Math.max(1, Math.floor(100 / Math.max(meanP95, EPS)));
        List<Tenant> order = tenants.stream().sorted(Comparator.comparing(Tenant::id)).toList();
        int gpus = 0, oom = 0, over = 0, saturated = 0;
        for (int from = 0; from < order.size(); from += replicas) {
            List<Tenant> on = order.subList(from, Math.min(order.size(), from + replicas));
            gpus++;
            if (on.stream().mapToDouble(Tenant::peakMemMiB).sum() > gpuMemoryMiB + EPS) oom++;
            double p95 = Stats.sum(on.stream().map(Tenant::util).toList()).percentile(95);
            if (p95 > policy.targetUtilPct() + EPS) over++;
            if (p95 >= 100 - EPS) saturated++;
        }
        return new RuleOfThumb(gpus, replicas, oom, over, saturated);
    }

    /** Plain first fit under the engine's own rule: tenants in the order they come, each on the first GPU it fits. */
    public static int timeSlicingFirstFit(List<Tenant> tenants, TimeSlicingPacker.Limits limits, PackingPolicy policy) {
        double memLimit = TimeSlicingPacker.usableMemMiB(limits.gpuMemoryMiB(), policy);
        List<Bin> bins = new ArrayList<>();
        for (Tenant t : tenants.stream().sorted(Comparator.comparing(Tenant::id)).toList()) {
            Bin target = null;
            for (Bin b : bins) {
                if (b.fits(t, limits, memLimit, policy)) {
                    target = b;
                    break;
                }
            }
            if (target == null) bins.add(target = new Bin(t.util().length));
            target.add(t);
        }
        return bins.size();
    }

    /** A GPU being filled, with its running hour-by-hour sum (series without gaps). */
    private static final class Bin {
        final double[] sum;
        int pods;
        double mem, cpu, ram;

        Bin(int hours) {
            sum = new double[hours];
        }

        boolean fits(Tenant t, TimeSlicingPacker.Limits limits, double memLimit, PackingPolicy policy) {
            if (pods == 0) return true;
            if (pods + 1 > policy.maxReplicas() || mem + t.peakMemMiB() > memLimit + EPS
                    || cpu + t.cpuMillis() > limits.cpuMillisCap() + EPS || ram + t.memoryMiB() > limits.memoryMiBCap() + EPS) {
                return false;
            }
            // nearest-rank p95 <= target  <=>  at least ceil(0.95 n) hours at or under it
            int n = sum.length, need = (int) Math.ceil(0.95 * n - 1e-9), over = 0;
            for (int h = 0; h < n; h++) {
                if (sum[h] + t.util()[h] > policy.targetUtilPct() + EPS && ++over > n - need) return false;
            }
            return true;
        }

        void add(Tenant t) {
            for (int h = 0; h < sum.length; h++) sum[h] += t.util()[h];
            pods++;
            mem += t.peakMemMiB();
            cpu += t.cpuMillis();
            ram += t.memoryMiB();
        }
    }

    /**
     * MIG first fit: each tenant gets its smallest profile (the engine's choice) and goes, in the order they come, to
     * the first GPU whose layout still fits with it (the engine's placer judges); tenants no sub-GPU profile holds keep
     * a whole GPU.
     */
    public static int migFirstFit(GpuModel gpu, List<Tenant> tenants, PackingPolicy policy) {
        List<MigProfile> candidates = smallestFirst(gpu);
        List<Map<MigProfile, Integer>> gpus = new ArrayList<>();
        int whole = 0;
        for (Tenant t : tenants.stream().sorted(Comparator.comparing(Tenant::id)).toList()) {
            MigProfile p = candidates.stream().filter(c -> MigReferee.fits(gpu, t, policy, c)).findFirst().orElse(null);
            if (p == null) {
                whole++;
                continue;
            }
            Map<MigProfile, Integer> target = null;
            for (Map<MigProfile, Integer> g : gpus) {
                Map<MigProfile, Integer> with = new HashMap<>(g);
                with.merge(p, 1, Integer::sum);
                if (MigPlacer.fits(gpu, with)) {
                    target = g;
                    break;
                }
            }
            if (target == null) gpus.add(target = new HashMap<>());
            target.merge(p, 1, Integer::sum);
        }
        return gpus.size() + whole;
    }

    /**
     * The uniform layout a person would pick: one profile for every GPU ({@code all-<profile>}), the smallest that holds
     * every tenant a sub-GPU profile holds; the others keep whole GPUs. Null when no tenant fits a sub-GPU profile.
     */
    public record Uniform(String profile, int gpus) {}

    public static Uniform migUniform(GpuModel gpu, List<Tenant> tenants, PackingPolicy policy) {
        List<MigProfile> candidates = smallestFirst(gpu);
        List<Tenant> packable = tenants.stream().filter(t -> candidates.stream().anyMatch(c -> MigReferee.fits(gpu, t, policy, c))).toList();
        int whole = tenants.size() - packable.size();
        if (packable.isEmpty()) return new Uniform("none", whole);
        for (MigProfile p : candidates) {
            if (packable.stream().allMatch(t -> MigReferee.fits(gpu, t, policy, p))) {
                int perGpu = 0;
                while (perGpu < p.maxInstances() && MigPlacer.fits(gpu, Map.of(p, perGpu + 1))) perGpu++;
                return new Uniform(p.name(), (packable.size() + perGpu - 1) / perGpu + whole);
            }
        }
        throw new IllegalStateException("no single profile holds every packable tenant");
    }

    /** Sub-GPU, non-+me profiles, fewest compute slices then least memory (the engine's order of preference). */
    static List<MigProfile> smallestFirst(GpuModel gpu) {
        return gpu.migProfiles().stream()
                .filter(p -> !p.mediaExtension() && p.memorySlices() < gpu.memorySlices())
                .sorted(Comparator.comparingInt(MigProfile::computeSlices).thenComparingLong(MigProfile::memoryMiB)
                        .thenComparingInt(MigProfile::memorySlices).thenComparing(MigProfile::name))
                .toList();
    }
}
