package dev.slicewise.bench.packing;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import dev.slicewise.pack.PackingPolicy;
import dev.slicewise.pack.Tenant;
import dev.slicewise.pack.TimeSlicingPacker;
import dev.slicewise.pack.TimeSlicingPacking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact minimum number of time-sliced GPUs under the engine's rule, by OR-Tools CP-SAT.
 *
 * <p>The model is the rule itself, not an approximation (series without gaps, so every GPU's summed series has all n
 * hours): tenant i goes to exactly one GPU b ({@code x[i][b]}); per GPU at most {@code maxReplicas} pods, summed peak
 * memory ≤ usable memory, summed CPU and memory requests ≤ the node's usable share; and the nearest-rank p95 of the
 * hour-by-hour sum ≤ target, which for n hours is exactly "at most k = n − ⌈0.95·n⌉ hours above the target": a
 * Boolean {@code over[b][h]} per GPU and hour, the hour's sum ≤ target enforced unless it is set, at most k set per
 * GPU. Hours in which even the {@code maxReplicas} largest tenants together stay at or under the target can never be
 * over and are left out. Utilization is in hundredths of a percent (the series carry two decimals), memory in thousandths of a MiB,
 * so every comparison is exact integer arithmetic. Symmetry: tenant i may only use GPUs 0..i, GPUs are used in
 * order. The engine's packing is the hint and its count the upper bound; the lower bound of
 * {@link TimeSlicingBounds} is added as a constraint.
 */
public final class TimeSlicingReferee {

    /**
     * What the referee established.
     *
     * @param best      fewest GPUs of a packing found (the engine's when nothing better was found)
     * @param bound     proven lower bound: no packing uses fewer
     * @param seconds   solver wall time
     * @param how       "bound" (the engine met the lower bound: no solve needed), "CP-SAT optimal", or
     *                  "CP-SAT time limit" (the budget ran out: best and bound may differ)
     */
    public record Verdict(int best, int bound, double seconds, String how) {
        public boolean proven() {
            return best == bound;
        }
    }

    private TimeSlicingReferee() {}

    public static Verdict solve(List<Tenant> tenants, TimeSlicingPacker.Limits limits, PackingPolicy policy,
                                TimeSlicingPacking engine, int lower, double timeLimitSeconds, int workers) {
        int upper = engine.gpus().size();
        if (upper <= lower) return new Verdict(upper, upper, 0, "bound");
        Loader.loadNativeLibraries();
        int n = tenants.size();
        // largest memory first: symmetry breaking then fixes the big tenants early
        Tenant[] t = tenants.stream().sorted((a, b) -> Double.compare(b.peakMemMiB(), a.peakMemMiB())).toArray(Tenant[]::new);
        int hours = t[0].util().length;
        long[][] u = new long[n][hours];
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < hours; h++) {
                double v = t[i].util()[h];
                if (Double.isNaN(v)) throw new IllegalArgumentException("the exact model assumes series without gaps: " + t[i].id());
                u[i][h] = Math.round(v * 100);
                if (Math.abs(u[i][h] - v * 100) > 1e-6) throw new IllegalArgumentException("utilization with more than two decimals: " + t[i].id());
            }
        }
        long target = Math.round(policy.targetUtilPct() * 100);
        int k = hours - (int) Math.ceil(0.95 * hours - 1e-9);
        // memory in thousandths of a MiB: usable memory (90 % of a GPU) is rarely a whole number of MiB
        long memCap = (long) Math.floor(TimeSlicingPacker.usableMemMiB(limits.gpuMemoryMiB(), policy) * 1000 + 1e-6);
        int replicas = policy.maxReplicas();

        CpModel m = new CpModel();
        int bins = upper;
        BoolVar[] used = new BoolVar[bins];
        for (int b = 0; b < bins; b++) used[b] = m.newBoolVar("used" + b);
        for (int b = 0; b + 1 < bins; b++) m.addImplication(used[b + 1], used[b]);
        BoolVar[][] x = new BoolVar[n][];
        for (int i = 0; i < n; i++) {
            x[i] = new BoolVar[Math.min(i + 1, bins)];
            for (int b = 0; b < x[i].length; b++) {
                x[i][b] = m.newBoolVar("x" + i + "_" + b);
                m.addImplication(x[i][b], used[b]);
            }
            m.addExactlyOne(x[i]);
        }
        long[] mem = new long[n], cpu = new long[n], ram = new long[n], ones = new long[n];
        for (int i = 0; i < n; i++) {
            mem[i] = Math.round(t[i].peakMemMiB() * 1000);
            if (Math.abs(mem[i] - t[i].peakMemMiB() * 1000) > 1e-3) throw new IllegalArgumentException("peak memory finer than 0.001 MiB: " + t[i].id());
            cpu[i] = t[i].cpuMillis();
            ram[i] = t[i].memoryMiB();
            ones[i] = 1;
        }
        // hours that can be over the target at all
        List<Integer> relevant = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            long[] col = new long[n];
            for (int i = 0; i < n; i++) col[i] = u[i][h];
            Arrays.sort(col);
            long top = 0;
            for (int j = 0; j < Math.min(replicas, n); j++) top += col[n - 1 - j];
            if (top > target) relevant.add(h);
        }
        for (int b = 0; b < bins; b++) {
            List<BoolVar> in = new ArrayList<>();
            List<Integer> who = new ArrayList<>();
            for (int i = b; i < n; i++) {
                in.add(x[i][b]);
                who.add(i);
            }
            BoolVar[] vars = in.toArray(BoolVar[]::new);
            m.addLessOrEqual(LinearExpr.sum(vars), replicas);
            m.addLessOrEqual(LinearExpr.weightedSum(vars, pick(mem, who)), memCap);
            if (Double.isFinite(limits.cpuMillisCap())) {
                m.addLessOrEqual(LinearExpr.weightedSum(vars, pick(cpu, who)), (long) Math.floor(limits.cpuMillisCap() + 1e-9));
            }
            if (Double.isFinite(limits.memoryMiBCap())) {
                m.addLessOrEqual(LinearExpr.weightedSum(vars, pick(ram, who)), (long) Math.floor(limits.memoryMiBCap() + 1e-9));
            }
            List<BoolVar> overs = new ArrayList<>();
            for (int h : relevant) {
                long[] w = new long[who.size()];
                for (int j = 0; j < w.length; j++) w[j] = u[who.get(j)][h];
                BoolVar over = m.newBoolVar("over" + b + "_" + h);
                m.addLessOrEqual(LinearExpr.weightedSum(vars, w), target).onlyEnforceIf(over.not());
                overs.add(over);
            }
            if (!overs.isEmpty()) m.addLessOrEqual(LinearExpr.sum(overs.toArray(BoolVar[]::new)), k);
        }
        m.addGreaterOrEqual(LinearExpr.sum(used), lower);
        m.minimize(LinearExpr.sum(used));
        hint(m, x, used, t, engine);

        CpSolver solver = new CpSolver();
        // reproducible whatever the machine's load: a deterministic time budget and the workers interleaved on one
        // thread; the wall-clock cap (3× the budget) only guards the run's total time on a starved machine
        solver.getParameters().setMaxDeterministicTime(timeLimitSeconds).setMaxTimeInSeconds(3 * timeLimitSeconds)
                .setNumWorkers(workers).setInterleaveSearch(true).setRandomSeed(1);
        CpSolverStatus status = solver.solve(m);
        double secs = solver.wallTime();
        if (status == CpSolverStatus.OPTIMAL) {
            int opt = (int) Math.round(solver.objectiveValue());
            return new Verdict(opt, opt, secs, "CP-SAT optimal");
        }
        if (status == CpSolverStatus.FEASIBLE) {
            int best = (int) Math.round(solver.objectiveValue());
            int bound = Math.max(lower, (int) Math.ceil(solver.bestObjectiveBound() - 1e-9));
            return new Verdict(Math.min(best, upper), bound, secs, "CP-SAT time limit");
        }
        // UNKNOWN: not even the hinted packing was confirmed in time; the bounds are what is known
        return new Verdict(upper, lower, secs, "CP-SAT time limit (" + status + ")");
    }

    /** The engine's packing as the solver's first solution, relabelled to respect the symmetry breaking. */
    private static void hint(CpModel m, BoolVar[][] x, BoolVar[] used, Tenant[] t, TimeSlicingPacking engine) {
        Map<String, Integer> gpuOf = new HashMap<>();
        for (int g = 0; g < engine.gpus().size(); g++) for (String id : engine.gpus().get(g).tenantIds()) gpuOf.put(id, g);
        Map<Integer, Integer> label = new HashMap<>();
        for (int i = 0; i < t.length; i++) {
            int b = label.computeIfAbsent(gpuOf.get(t[i].id()), g -> label.size());
            for (int j = 0; j < x[i].length; j++) m.addHint(x[i][j], j == b);
        }
        for (int b = 0; b < used.length; b++) m.addHint(used[b], b < label.size());
    }

    private static long[] pick(long[] values, List<Integer> idx) {
        long[] out = new long[idx.size()];
        for (int j = 0; j < out.length; j++) out[j] = values[idx.get(j)];
        return out;
    }

}
