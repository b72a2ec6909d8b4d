package dev.slicewise.bench.packing;

import dev.slicewise.bench.fleet.WorkloadMix;
import dev.slicewise.catalog.Catalog;
import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.InstanceType;
import dev.slicewise.pack.MigBinPacker;
import dev.slicewise.pack.MigPacking;
import dev.slicewise.pack.NodePacker;
import dev.slicewise.pack.PackingPolicy;
import dev.slicewise.pack.Tenant;
import dev.slicewise.pack.TimeSlicingPacker;
import dev.slicewise.pack.TimeSlicingPacking;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Packing quality: for generated pools of each size, the GPUs and nodes the engine's packers give against the lower
 * bounds, the exact optimum (CP-SAT, where it can be computed) and the naive baselines. Pure computation: the same
 * seeds give the same table on any machine (the referee's budget is deterministic), only the time columns change.
 */
public final class PackingBench {
    public static final long SEED = 20261125L;
    /** Largest time-slicing pool the exact referee is run on (its model grows with workloads × GPUs × hours). */
    public static final int TS_REFEREE_MAX = 200;

    private final Catalog catalog;
    private final PackingPolicy policy = PackingPolicy.DEFAULT;

    public PackingBench(Catalog catalog) {
        this.catalog = catalog;
    }

    /** One time-slicing case. {@code referee} is null above {@link #TS_REFEREE_MAX}. */
    public record TsRow(String instanceType, int workloads, long seed, int todayNodes, TimeSlicingBounds bounds,
                        TimeSlicingReferee.Verdict referee, int engineGpus, boolean engineProvedOptimal, int engineNodes,
                        int nodeBound, Baselines.RuleOfThumb ruleOfThumb, int firstFit, double engineMs) {
        /** Proven lower bound: the referee's when it ran, else the simple bounds. */
        public int gpuBound() {
            return referee == null ? bounds.best() : Math.max(bounds.best(), referee.bound());
        }

        /** The optimum when known, else -1. */
        public int optimum() {
            return referee != null && referee.proven() ? referee.best() : engineGpus == gpuBound() ? engineGpus : -1;
        }
    }

    /** One MIG case. */
    public record MigRow(String gpuModel, String instanceType, int workloads, long seed, int todayNodes, MigReferee.Verdict referee,
                         int engineGpus, int engineUnfit, boolean engineOptimal, String strategy, int engineNodes, int nodeBound,
                         int firstFit, Baselines.Uniform uniform, double engineMs) {}

    public TsRow timeSlicing(String instanceType, int n, double refereeBudget) {
        InstanceType type = catalog.instanceType(instanceType).orElseThrow();
        NodePacker.Capacity cap = NodePacker.Capacity.of(type.gpuCount(), type.vcpu(), type.memoryGiB());
        TimeSlicingPacker.Limits limits = new TimeSlicingPacker.Limits(type.gpuMemoryMiB(), cap.cpuMillis(), cap.memoryMiB());
        long seed = SEED + n;
        List<Tenant> tenants = Tenants.of(new WorkloadMix(type).generate(seed, n));
        long t0 = System.nanoTime();
        TimeSlicingPacking engine = new TimeSlicingPacker().pack(tenants, Map.of(), limits, policy);
        double ms = (System.nanoTime() - t0) / 1e6;
        TimeSlicingBounds bounds = TimeSlicingBounds.of(tenants, limits, policy);
        TimeSlicingReferee.Verdict referee = n <= TS_REFEREE_MAX
                ? TimeSlicingReferee.solve(tenants, limits, policy, engine, bounds.best(), refereeBudget, 1) : null;

        List<NodePacker.Item> items = new ArrayList<>();
        for (int i = 0; i < engine.gpus().size(); i++) {
            TimeSlicingPacking.GpuBin g = engine.gpus().get(i);
            items.add(new NodePacker.Item("gpu-" + i, true, 1, g.cpuMillis(), g.memoryMiB(), null,
                    g.tenants().stream().map(Tenant::fromNode).toList()));
        }
        int todayNodes = ceil(n, type.gpuCount());
        int engineNodes = new NodePacker().pack(items, cap, todayNodeNames(todayNodes)).size();
        int gpuBound = referee == null ? bounds.best() : Math.max(bounds.best(), referee.bound());
        return new TsRow(instanceType, n, seed, todayNodes, bounds, referee, engine.gpus().size(), engine.provedOptimal(),
                engineNodes, nodeBound(tenants, gpuBound, type, cap), Baselines.ruleOfThumb(tenants, type.gpuMemoryMiB(), policy),
                Baselines.timeSlicingFirstFit(tenants, limits, policy), ms);
    }

    public MigRow mig(String instanceType, int n, double refereeSeconds) {
        InstanceType type = catalog.instanceType(instanceType).orElseThrow();
        GpuModel gpu = catalog.gpuModel(type.gpuModel()).orElseThrow();
        NodePacker.Capacity cap = NodePacker.Capacity.of(type.gpuCount(), type.vcpu(), type.memoryGiB());
        long seed = SEED + n;
        // the recommender gives every pod of one owner the owner's largest demand before MIG packing: so do we
        List<Tenant> tenants = Tenants.harmonizedByOwner(Tenants.of(new WorkloadMix(type).generate(seed, n)));
        long t0 = System.nanoTime();
        MigPacking engine = new MigBinPacker().pack(gpu, tenants, policy);
        double ms = (System.nanoTime() - t0) / 1e6;
        MigReferee.Verdict referee = MigReferee.solve(gpu, tenants, policy, refereeSeconds, 1);

        Map<String, Tenant> byId = new HashMap<>();
        tenants.forEach(t -> byId.put(t.id(), t));
        List<NodePacker.Item> items = new ArrayList<>();
        for (int i = 0; i < engine.gpus().size(); i++) {
            List<Tenant> on = engine.gpus().get(i).tenants().stream().map(byId::get).filter(Objects::nonNull).toList();
            items.add(new NodePacker.Item("mig-" + i, true, 1, on.stream().mapToDouble(Tenant::cpuMillis).sum(),
                    on.stream().mapToDouble(Tenant::memoryMiB).sum(), null, on.stream().map(Tenant::fromNode).toList()));
        }
        for (String id : engine.unfit().keySet()) {
            Tenant t = byId.get(id);
            items.add(new NodePacker.Item(id, false, 1, t.cpuMillis(), t.memoryMiB(), null, List.of(t.fromNode())));
        }
        int todayNodes = ceil(n, type.gpuCount());
        int engineNodes = new NodePacker().pack(items, cap, todayNodeNames(todayNodes)).size();
        return new MigRow(gpu.key(), instanceType, n, seed, todayNodes, referee, engine.totalGpus(), engine.unfit().size(),
                engine.optimal(), engine.strategy(), engineNodes, nodeBound(tenants, referee.bound(), type, cap),
                Baselines.migFirstFit(gpu, tenants, policy), Baselines.migUniform(gpu, tenants, policy), ms);
    }

    /** No packing needs fewer nodes than its GPUs fill, nor fewer than the pods' CPU and memory requests fill. */
    static int nodeBound(List<Tenant> tenants, int gpuBound, InstanceType type, NodePacker.Capacity cap) {
        double cpu = tenants.stream().mapToDouble(Tenant::cpuMillis).sum();
        double ram = tenants.stream().mapToDouble(Tenant::memoryMiB).sum();
        return Math.max(ceil(gpuBound, type.gpuCount()),
                Math.max((int) Math.ceil(cpu / cap.cpuMillis() - 1e-9), (int) Math.ceil(ram / cap.memoryMiB() - 1e-9)));
    }

    private static List<String> todayNodeNames(int nodes) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes; i++) out.add(String.format(Locale.ROOT, "today-node-%05d", i));
        return out;
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Runs every case of the report, printing each row as it is done. */
    public record Result(List<TsRow> timeSlicing, List<MigRow> mig) {}

    public Result run(List<String> tsTypes, List<String> migTypes, List<Integer> sizes, Consumer<String> progress) {
        List<TsRow> ts = new ArrayList<>();
        for (String type : tsTypes) {
            for (int n : sizes) {
                long t0 = System.nanoTime();
                TsRow r = timeSlicing(type, n, refereeBudget(n));
                progress.accept(String.format(Locale.ROOT, "time-slicing %s %5d workloads: engine %d GPUs, bound %d%s (%.1f s)", type, n, r.engineGpus(),
                        r.gpuBound(), r.referee() == null ? "" : ", referee " + r.referee().how() + " " + r.referee().best(),
                        (System.nanoTime() - t0) / 1e9));
                ts.add(r);
            }
        }
        List<MigRow> mig = new ArrayList<>();
        for (String type : migTypes) {
            for (int n : sizes) {
                long t0 = System.nanoTime();
                MigRow r = mig(type, n, 30);
                progress.accept(String.format(Locale.ROOT, "MIG %s %5d workloads: engine %d GPUs, optimum %d (%.1f s)", type, n, r.engineGpus(),
                        r.referee().gpus(), (System.nanoTime() - t0) / 1e9));
                mig.add(r);
            }
        }
        return new Result(ts, mig);
    }

    /**
     * CP-SAT's deterministic time budget per case (about a wall-clock second each on the build machine): small cases are
     * proven in well under it; at 200 workloads the model rarely closes the gap in any affordable time, so it gets less.
     */
    static double refereeBudget(int n) {
        return n <= 100 ? 10 : 5;
    }
}
