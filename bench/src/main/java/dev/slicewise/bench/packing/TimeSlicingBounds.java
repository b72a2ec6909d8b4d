package dev.slicewise.bench.packing;

import dev.slicewise.pack.PackingPolicy;
import dev.slicewise.pack.Tenant;
import dev.slicewise.pack.TimeSlicingPacker;
import dev.slicewise.telemetry.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Lower bounds on the time-sliced GPUs any packing under the engine's rule needs (series without gaps).
 *
 * <ul>
 *   <li><b>pods</b>: ⌈tenants / maxReplicas⌉;</li>
 *   <li><b>memory</b>: Martello and Toth's L2 bound for bin packing on peak memory (usable memory per GPU as the
 *       capacity): ⌈Σ / capacity⌉, raised by the tenants too big to share a GPU with each other;</li>
 *   <li><b>CPU / RAM requests</b>: ⌈Σ requests / the node's usable share⌉ (one GPU's tenants must fit one node);</li>
 *   <li><b>compute</b>: the p95 rule lets each GPU exceed the target in at most k = n − ⌈0.95·n⌉ of its n hours
 *       (16 of 336). Take any m &gt; k hours H: every GPU is at or under the target in at least m − k of them, and a
 *       tenant contributes at least the sum of its own m − k smallest values in H there. Summing over GPUs:
 *       B ≥ Σ<sub>tenants</sub> (sum of its m − k smallest values in H) / ((m − k) × target). With H = all hours this is
 *       a trimmed mean; with H = the k + 1 busiest hours of the whole pool it is Σ (each tenant's lowest value in the
 *       pool's peak hours) / target, which is what binds pools whose daily peaks coincide. The bound is the best over
 *       H = the m busiest hours for a ladder of m. (Σ p95 / target is <em>not</em> a bound: p95s of complementary
 *       tenants do not add up.)</li>
 * </ul>
 * Every bound holds for every packing the engine's rule accepts, provided each tenant alone passes it (the generated
 * pools do; a tenant that does not is counted as a GPU of its own).
 */
public record TimeSlicingBounds(int pods, int memory, int compute, int cpu, int ram) {

    public int best() {
        return Math.max(Math.max(Math.max(pods, memory), Math.max(compute, cpu)), Math.max(ram, 1));
    }

    public static TimeSlicingBounds of(List<Tenant> tenants, TimeSlicingPacker.Limits limits, PackingPolicy policy) {
        if (tenants.isEmpty()) return new TimeSlicingBounds(0, 0, 0, 0, 0);
        double memLimit = TimeSlicingPacker.usableMemMiB(limits.gpuMemoryMiB(), policy);
        double mem = 0, cpu = 0, ram = 0;
        for (Tenant t : tenants) {
            mem += t.peakMemMiB();
            cpu += t.cpuMillis();
            ram += t.memoryMiB();
        }
        int pods = ceil(tenants.size() / (double) policy.maxReplicas());
        int memory = Math.max(ceil(mem / memLimit), l2(tenants.stream().mapToDouble(Tenant::peakMemMiB).toArray(), memLimit));
        int cpuB = Double.isFinite(limits.cpuMillisCap()) ? ceil(cpu / limits.cpuMillisCap()) : 0;
        int ramB = Double.isFinite(limits.memoryMiBCap()) ? ceil(ram / limits.memoryMiBCap()) : 0;
        return new TimeSlicingBounds(pods, memory, compute(tenants, policy.targetUtilPct()), cpuB, ramB);
    }

    /**
     * Martello &amp; Toth's L2 (1990): for each α ≤ C/2, items above C − α each need a bin of their own, items in
     * (C/2, C − α] each need one too (no two share), and items in [α, C/2] must fill what those leave free before
     * opening more bins.
     */
    static int l2(double[] w, double c) {
        int best = 0;
        List<Double> alphas = new ArrayList<>();
        alphas.add(0.0);
        for (double v : w) if (v <= c / 2 + 1e-9) alphas.add(v);
        for (double a : new TreeSet<>(alphas)) {
            int j1 = 0, j2 = 0;
            double s2 = 0, s3 = 0;
            for (double v : w) {
                if (v > c - a + 1e-9) j1++;
                else if (v > c / 2 + 1e-9) {
                    j2++;
                    s2 += v;
                } else if (v >= a - 1e-9) s3 += v;
            }
            int l = j1 + j2 + Math.max(0, ceil((s3 - (j2 * c - s2)) / c));
            best = Math.max(best, l);
        }
        return best;
    }

    /** The compute bound above; tenants that exceed the target alone take a GPU each. */
    static int compute(List<Tenant> tenants, double target) {
        List<double[]> ok = new ArrayList<>();
        int alone = 0;
        for (Tenant t : tenants) {
            if (Stats.percentile(t.util(), 95) > target + 1e-9) alone++;
            else ok.add(t.util());
        }
        if (ok.isEmpty()) return alone;
        int n = ok.get(0).length;
        for (double[] u : ok) {
            for (double v : u) if (Double.isNaN(v)) throw new IllegalArgumentException("the compute bound assumes series without gaps");
        }
        int k = n - (int) Math.ceil(0.95 * n - 1e-9);
        double[] total = new double[n];
        for (double[] u : ok) for (int h = 0; h < n; h++) total[h] += u[h];
        Integer[] byLoad = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble((Integer h) -> -total[h])).toArray(Integer[]::new);
        TreeSet<Integer> ladder = new TreeSet<>();
        for (int m = k + 1; m <= n; m = m < k + 8 ? m + 1 : (int) Math.ceil(m * 1.25)) ladder.add(m);
        ladder.add(n);
        double best = 0;
        double[] buf = new double[n];
        for (int m : ladder) {
            int keep = m - k;
            double sum = 0;
            for (double[] u : ok) {
                for (int j = 0; j < m; j++) buf[j] = u[byLoad[j]];
                Arrays.sort(buf, 0, m);
                for (int j = 0; j < keep; j++) sum += buf[j];
            }
            best = Math.max(best, sum / (keep * target));
        }
        return alone + ceil(best);
    }

    private static int ceil(double v) {
        return (int) Math.ceil(v - 1e-9);
    }
}
