package dev.slicewise.engine;

import dev.slicewise.catalog.Catalog;
import dev.slicewise.catalog.InstanceType;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.NodePoolInfo;
import dev.slicewise.fleet.Window;
import dev.slicewise.pack.MigPacker;
import dev.slicewise.pricing.PriceBook;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Recommender;
import dev.slicewise.risk.LatencyModel;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.SeriesMemo;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The engine: validates the snapshot, turns each bad item into an {@link InputProblem} naming it, and analyses
 * everything else, one recommendation per cluster × NodePool × instance type. Catalog, MIG packer, latency model and
 * price book are ports passed in, never built here.
 *
 * <p>Input rules: an empty fleet is a problem, not a crash; a node of an unknown instance type is named and its
 * group skipped; duplicate node names are named and their pool is not analysed (which pod runs where is ambiguous);
 * a GPU without samples, or with NaN/negative/over-100 % samples, is named and judged "insufficient data"; nodes
 * without a NodePool or node group label are grouped under {@value #NO_POOL}. Output is sorted by cluster, pool,
 * instance type; problems by item and message.
 */
public final class DefaultAnalyzer implements Analyzer {
    public static final String NO_POOL = "(no nodepool)";

    private final Catalog catalog;
    private final Recommender recommender;

    /** The engine as shipped: bundled catalog, exact MIG packer, calibrated latency model, bundled price table. */
    public static DefaultAnalyzer bundled() {
        return bundled(new dev.slicewise.pricing.BundledPriceBook(dev.slicewise.catalog.BundledCatalog.get()));
    }

    /** As {@link #bundled()} but pricing from {@code prices} (e.g. the Price List API with the table as fallback). */
    public static DefaultAnalyzer bundled(PriceBook prices) {
        return new DefaultAnalyzer(dev.slicewise.catalog.BundledCatalog.get(), new dev.slicewise.pack.MigBinPacker(),
                new dev.slicewise.risk.TimeSlicingLatencyModel(), prices);
    }

    public DefaultAnalyzer(Catalog catalog, MigPacker migPacker, LatencyModel latency, PriceBook prices) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.recommender = new Recommender(catalog, migPacker, latency, prices);
    }

    @Override
    public AnalysisReport analyze(FleetSnapshot snapshot, AnalysisPolicy policy, Clock clock) {
        AnalysisPolicy p = policy == null ? AnalysisPolicy.DEFAULT : policy;
        List<Recommendation> recs = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        Window window = snapshot == null ? null : snapshot.window();
        if (snapshot == null || snapshot.clusters().isEmpty()) {
            problems.add(new InputProblem("fleet", "empty fleet: the snapshot holds no cluster, so there is nothing to analyse"));
            return new AnalysisReport(clock.instant(), window, p, recs, problems);
        }
        if (snapshot.schemaVersion() != null && !FleetSnapshot.SCHEMA_VERSION.equals(snapshot.schemaVersion())) {
            problems.add(new InputProblem("fleet", "schema version '" + snapshot.schemaVersion() + "' is not "
                    + FleetSnapshot.SCHEMA_VERSION + "; analysed as if it were"));
        }
        if (window == null) {
            problems.add(new InputProblem("fleet", "the snapshot has no window: utilization cannot be judged"));
            return new AnalysisReport(clock.instant(), null, p, recs, problems);
        }
        Map<String, Long> clusterNames = snapshot.clusters().stream().collect(Collectors.groupingBy(c -> String.valueOf(c.name()), Collectors.counting()));
        clusterNames.forEach((n, c) -> {
            if (c > 1) problems.add(new InputProblem(n, "cluster name appears " + c + " times in the snapshot; each is analysed separately"));
        });
        boolean anyNode = false;
        for (ClusterSnapshot cluster : snapshot.clusters()) {
            anyNode |= !cluster.nodes().isEmpty();
            // one memo per cluster: validation, detection and packing derive the same numbers from each GPU's series
            analyzeCluster(cluster, window, p, clock, recs, problems, new Recommender.Shared(new SeriesMemo()));
        }
        if (!anyNode) {
            problems.add(new InputProblem("fleet", "empty fleet: no cluster has a GPU node"));
        }
        recs.sort(Comparator.comparing(Recommendation::cluster).thenComparing(Recommendation::nodePool)
                .thenComparing(Recommendation::instanceType));
        List<InputProblem> sorted = problems.stream().distinct()
                .sorted(Comparator.comparing(InputProblem::item).thenComparing(InputProblem::message)).toList();
        return new AnalysisReport(clock.instant(), window, p, recs, sorted);
    }

    private void analyzeCluster(ClusterSnapshot cluster, Window window, AnalysisPolicy policy, Clock clock,
                                List<Recommendation> recs, List<InputProblem> problems, Recommender.Shared shared) {
        String c = cluster.name();
        if (cluster.nodes().isEmpty()) {
            problems.add(new InputProblem(c, "no GPU node in this cluster"));
            return;
        }
        // duplicate names make every pod → node lookup ambiguous: drop those nodes and do not analyse their pools
        Map<String, List<GpuNode>> byName = cluster.nodes().stream()
                .collect(Collectors.groupingBy(n -> String.valueOf(n.name()), TreeMap::new, Collectors.toList()));
        Set<String> badPools = new java.util.TreeSet<>();
        byName.forEach((name, list) -> {
            if (list.size() > 1) {
                problems.add(new InputProblem(c + "/" + name, "node name appears " + list.size() + " times in the snapshot: its "
                        + "pods cannot be told apart, so pool " + poolName(list.get(0)) + " is not analysed"));
                list.forEach(n -> badPools.add(poolName(n)));
            }
        });

        Map<String, NodePoolInfo> pools = new LinkedHashMap<>();
        for (NodePoolInfo pi : cluster.nodePools()) pools.putIfAbsent(pi.name(), pi);
        Map<String, GpuNode> nodeByName = new TreeMap<>();
        cluster.nodes().forEach(n -> nodeByName.putIfAbsent(String.valueOf(n.name()), n));

        for (GpuWorkload w : cluster.workloads()) {
            if (w.node() == null || !nodeByName.containsKey(w.node())) {
                problems.add(new InputProblem(c + "/" + w.id(), "pod runs on node '" + w.node() + "', which is not among the "
                        + "cluster's GPU nodes: ignored"));
            }
        }

        // group by pool × instance type
        Map<String, Map<String, List<GpuNode>>> groups = new TreeMap<>();
        for (GpuNode n : cluster.nodes()) {
            String pool = poolName(n);
            if (badPools.contains(pool)) continue;
            if (n.instanceType() == null || catalog.instanceType(n.instanceType()).isEmpty()) {
                problems.add(new InputProblem(c + "/" + n.name(), "unknown instance type '" + n.instanceType()
                        + "': not in the GPU catalog, node not analysed"));
                continue;
            }
            validateGpus(c, n, window, problems, shared.series());
            groups.computeIfAbsent(pool, k -> new TreeMap<>()).computeIfAbsent(n.instanceType(), k -> new ArrayList<>()).add(n);
        }

        for (Map.Entry<String, Map<String, List<GpuNode>>> pool : groups.entrySet()) {
            NodePoolInfo info = pools.getOrDefault(pool.getKey(), inferPool(pool.getKey(), pool.getValue()));
            List<Recommendation> ofPool = new ArrayList<>();
            for (Map.Entry<String, List<GpuNode>> group : pool.getValue().entrySet()) {
                InstanceType type = catalog.instanceType(group.getKey()).orElseThrow();
                Set<String> names = group.getValue().stream().map(GpuNode::name).collect(Collectors.toSet());
                List<GpuWorkload> pods = cluster.workloads().stream().filter(w -> names.contains(w.node())).toList();
                try {
                    Recommender.Outcome o = recommender.recommend(new Recommender.PoolInput(c, cluster.region(), info, type,
                            group.getValue(), pods, cluster.devicePlugin(), window), policy, clock, shared);
                    ofPool.add(o.recommendation());
                    problems.addAll(o.problems());
                } catch (RuntimeException e) {
                    // one broken pool must not hide the others' results
                    problems.add(new InputProblem(c + "/" + pool.getKey() + "/" + group.getKey(), "pool could not be analysed: "
                            + e.getClass().getSimpleName() + ": " + e.getMessage()));
                }
            }
            recs.addAll(poolWide(info, ofPool));
        }
    }

    /**
     * A NodePool's template labels and limits are pool-wide, but recommendations are per instance type: when several
     * instance types of one Karpenter pool each get a sharing plan, each plan says so (applying one drifts the other
     * type's nodes too).
     */
    private static List<Recommendation> poolWide(NodePoolInfo pool, List<Recommendation> ofPool) {
        List<Recommendation> actionable = ofPool.stream().filter(Recommendation::actionable).toList();
        if (actionable.size() < 2 || pool.kind() != NodePoolInfo.PoolKind.KARPENTER) return ofPool;
        List<Recommendation> out = new ArrayList<>();
        for (Recommendation r : ofPool) {
            if (!r.actionable()) {
                out.add(r);
                continue;
            }
            String others = actionable.stream().filter(o -> o != r).map(o -> o.instanceType() + " (" + describe(o.sharing()) + ")")
                    .collect(Collectors.joining(", "));
            String warning = "NodePool " + pool.name() + " also holds " + others + " with a recommendation of its own: the template "
                    + "label, limits and drift are pool-wide, so apply one of them and re-analyse, or split the pool by instance type";
            List<String> warnings = new ArrayList<>(r.plan().warnings());
            warnings.add(warning);
            List<String> reasons = new ArrayList<>(r.reasons());
            reasons.add(warning);
            out.add(new Recommendation(r.id(), r.cluster(), r.region(), r.nodePool(), r.instanceType(), r.gpuModel(), r.gpusPerNode(),
                    r.capacityType(), r.sharing(), r.before(), r.after(), r.savings(), reasons, r.risks(), r.evidence(), r.alternatives(),
                    new dev.slicewise.plan.Plan(r.plan().steps(), r.plan().rollback(), warnings)));
        }
        return out;
    }

    private static String describe(dev.slicewise.recommend.Sharing s) {
        return switch (s) {
            case dev.slicewise.recommend.Sharing.TimeSlicing t -> "time-slicing, " + t.replicas() + " replicas";
            case dev.slicewise.recommend.Sharing.Mig m -> "MIG " + m.strategy() + " '" + m.migConfigName() + "'";
            case dev.slicewise.recommend.Sharing.Unchanged u -> "unchanged";
        };
    }

    /** Names every GPU whose series cannot be used; the detector then judges it "insufficient data". */
    private static void validateGpus(String cluster, GpuNode n, Window window, List<InputProblem> problems, SeriesMemo memo) {
        if (n.gpus().isEmpty()) {
            problems.add(new InputProblem(cluster + "/" + n.name(), "node reports no GPU device"));
        }
        for (GpuDevice g : n.gpus()) {
            // the item is named only when there is a problem: most GPUs have none, and a fleet has tens of thousands
            java.util.function.Supplier<String> item = () -> cluster + "/" + n.name() + "/" + g.device();
            GpuMetrics m = g.metrics();
            if (m == null || m.util() == null || !m.util().anyPresent()) {
                boolean migOnly = m != null && m.grEngineActive() != null && m.grEngineActive().anyPresent();
                if (!migOnly) {
                    problems.add(new InputProblem(item.get(), "GPU has no utilization samples in the window: treated as insufficient data"));
                    continue;
                }
            }
            if (m.memUsedMiB() == null || !m.memUsedMiB().anyPresent()) {
                problems.add(new InputProblem(item.get(), "GPU has no framebuffer (FB_USED) samples in the window: treated as insufficient data"));
            }
            for (String s : memo.problems(m)) {
                problems.add(new InputProblem(item.get(), s + ": GPU treated as having no usable data (values are never fixed silently)"));
            }
            alignment(m, window).ifPresent(why -> problems.add(new InputProblem(item.get(), why)));
        }
    }

    private static Optional<String> alignment(GpuMetrics m, Window window) {
        for (UsageSeries s : new UsageSeries[]{m.util(), m.memUsedMiB(), m.smActive(), m.grEngineActive()}) {
            if (s == null) continue;
            if (!s.step().equals(window.step())) {
                return Optional.of("series step " + s.step() + " differs from the window step " + window.step()
                        + ": treated as insufficient data");
            }
            long off = Duration.between(window.start(), s.start()).toSeconds();
            if (off % window.step().toSeconds() != 0) {
                return Optional.of("series starts at " + s.start() + ", between the window's steps: "
                        + "treated as insufficient data");
            }
        }
        return Optional.empty();
    }

    private static String poolName(GpuNode n) {
        return n.nodePool() == null || n.nodePool().isBlank() ? NO_POOL : n.nodePool();
    }

    /** A pool the snapshot does not describe: its kind from the nodes' labels. */
    private static NodePoolInfo inferPool(String name, Map<String, List<GpuNode>> byType) {
        List<GpuNode> nodes = byType.values().stream().flatMap(List::stream).toList();
        NodePoolInfo.PoolKind kind = NodePoolInfo.PoolKind.UNMANAGED;
        if (!name.equals(NO_POOL)) {
            if (nodes.stream().anyMatch(n -> n.labels().containsKey("karpenter.sh/nodepool"))) kind = NodePoolInfo.PoolKind.KARPENTER;
            else if (nodes.stream().anyMatch(n -> n.labels().containsKey("eks.amazonaws.com/nodegroup"))) kind = NodePoolInfo.PoolKind.MANAGED_NODEGROUP;
        }
        List<String> capacity = nodes.stream().map(GpuNode::capacityType).filter(Objects::nonNull).distinct().sorted().toList();
        return new NodePoolInfo(name, kind, Map.of(), Map.of(), List.of(), capacity);
    }
}
