package dev.slicewise.bench.packing;

import com.google.ortools.Loader;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import dev.slicewise.pack.PackingPolicy;
import dev.slicewise.pack.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact minimum number of GPUs of one model that hold every tenant in a MIG instance, by a pattern model solved
 * with OR-Tools CP-SAT: an integer count per valid maximal layout ({@link MigLayoutSpace}), tenants grouped by the set
 * of profiles they fit (the engine's fit rule: peak memory × (1 + headroom) ≤ the profile's memory, compute share ×
 * GPU SMs ≤ the profile's SMs × the compute target), each group spread over the profiles it fits, every profile's
 * demand covered by the chosen layouts' instances; minimise the layouts. It is more general than the engine, which
 * gives each tenant its smallest profile: a tenant may take any larger profile here. The whole-GPU profile is among the
 * layouts, so a tenant no smaller profile holds takes a GPU of its own, as the engine's "unfit" tenants do; a tenant
 * even the whole GPU cannot hold is counted as one GPU.
 */
public final class MigReferee {

    /**
     * @param gpus     the optimum (when proven) or the best found
     * @param bound    proven lower bound
     * @param memory   ⌈Σ smallest fitting profile's memory slices / slices per GPU⌉
     * @param compute  ⌈Σ smallest fitting profile's compute slices / compute slices per GPU⌉
     */
    public record Verdict(int gpus, int bound, int memory, int compute, double seconds, String how) {
        public boolean proven() {
            return gpus == bound;
        }
    }

    private MigReferee() {}

    public static Verdict solve(GpuModel gpu, List<Tenant> tenants, PackingPolicy policy, double timeLimitSeconds, int workers) {
        Loader.loadNativeLibraries();
        MigLayoutSpace space = new MigLayoutSpace(gpu);
        List<MigProfile> profiles = space.profiles();
        Map<List<Integer>, Integer> groups = new LinkedHashMap<>();
        int nowhere = 0;
        long memSlices = 0, computeSlices = 0;
        for (Tenant t : tenants) {
            List<Integer> fit = new ArrayList<>();
            for (int p = 0; p < profiles.size(); p++) if (fits(gpu, t, policy, profiles.get(p))) fit.add(p);
            if (fit.isEmpty()) {
                nowhere++;
                continue;
            }
            groups.merge(fit, 1, Integer::sum);
            memSlices += fit.stream().mapToInt(p -> profiles.get(p).memorySlices()).min().orElseThrow();
            computeSlices += fit.stream().mapToInt(p -> profiles.get(p).computeSlices()).min().orElseThrow();
        }
        int memory = nowhere + ceil(memSlices, gpu.memorySlices());
        int compute = nowhere + ceil(computeSlices, gpu.computeSlices());
        if (groups.isEmpty()) return new Verdict(nowhere, nowhere, memory, compute, 0, "no tenant fits a MIG profile");

        CpModel m = new CpModel();
        int n = tenants.size();
        List<int[]> layouts = space.maximal();
        IntVar[] z = new IntVar[layouts.size()];
        for (int l = 0; l < z.length; l++) z[l] = m.newIntVar(0, n, "layout" + l);
        LinearExprBuilder[] supply = new LinearExprBuilder[profiles.size()];
        for (int p = 0; p < profiles.size(); p++) {
            supply[p] = LinearExpr.newBuilder();
            for (int l = 0; l < layouts.size(); l++) if (layouts.get(l)[p] > 0) supply[p].addTerm(z[l], layouts.get(l)[p]);
        }
        LinearExprBuilder[] demand = new LinearExprBuilder[profiles.size()];
        for (int p = 0; p < profiles.size(); p++) demand[p] = LinearExpr.newBuilder();
        int g = 0;
        for (Map.Entry<List<Integer>, Integer> e : groups.entrySet()) {
            LinearExprBuilder all = LinearExpr.newBuilder();
            for (int p : e.getKey()) {
                IntVar y = m.newIntVar(0, e.getValue(), "group" + g + "_" + profiles.get(p).name());
                all.add(y);
                demand[p].add(y);
            }
            m.addEquality(all, e.getValue());
            g++;
        }
        for (int p = 0; p < profiles.size(); p++) m.addLessOrEqual(demand[p], supply[p]);
        m.addGreaterOrEqual(LinearExpr.sum(z), Math.max(memory, compute) - nowhere);
        m.minimize(LinearExpr.sum(z));

        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(timeLimitSeconds).setNumWorkers(workers).setRandomSeed(1);
        CpSolverStatus status = solver.solve(m);
        double secs = solver.wallTime();
        if (status == CpSolverStatus.OPTIMAL) {
            int opt = nowhere + (int) Math.round(solver.objectiveValue());
            return new Verdict(opt, opt, memory, compute, secs, "CP-SAT optimal");
        }
        if (status == CpSolverStatus.FEASIBLE) {
            return new Verdict(nowhere + (int) Math.round(solver.objectiveValue()),
                    nowhere + (int) Math.ceil(solver.bestObjectiveBound() - 1e-9), memory, compute, secs, "CP-SAT time limit");
        }
        return new Verdict(-1, Math.max(memory, compute), memory, compute, secs, "CP-SAT " + status);
    }

    /** The engine's fit rule (docs/mig.md §3), restated here. */
    static boolean fits(GpuModel gpu, Tenant t, PackingPolicy policy, MigProfile p) {
        if (!(t.peakMemMiB() >= 0) || !(t.computePct() >= 0)) return false;
        return t.peakMemMiB() * (1 + policy.memHeadroomFraction()) <= p.memoryMiB()
                && t.computePct() / 100 * gpu.smCount() <= p.smCount() * policy.migComputeTargetPct() / 100;
    }

    private static int ceil(long a, long b) {
        return (int) ((a + b - 1) / b);
    }
}
