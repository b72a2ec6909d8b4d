package dev.slicewise.recommend;

import dev.slicewise.catalog.Catalog;
import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.InstanceType;
import dev.slicewise.catalog.mig.MigProfileNames;
import dev.slicewise.detect.Detector;
import dev.slicewise.detect.SharingState;
import dev.slicewise.detect.Verdict;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.InputProblem;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.NodePoolInfo;
import dev.slicewise.fleet.Window;
import dev.slicewise.pack.Extraction;
import dev.slicewise.pack.MigPacker;
import dev.slicewise.pack.MigPacking;
import dev.slicewise.pack.NodePacker;
import dev.slicewise.pack.Tenant;
import dev.slicewise.pack.TenantExtractor;
import dev.slicewise.pack.TimeSlicingPacker;
import dev.slicewise.pack.TimeSlicingPacking;
import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanBuilder;
import dev.slicewise.pricing.Price;
import dev.slicewise.pricing.PriceBook;
import dev.slicewise.pricing.PriceSource;
import dev.slicewise.pricing.Savings;
import dev.slicewise.risk.LatencyEstimate;
import dev.slicewise.risk.LatencyModel;
import dev.slicewise.telemetry.SeriesMemo;
import dev.slicewise.telemetry.Units;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides, for one NodePool (or node group) × instance type, between time-slicing, MIG and leaving it as it is.
 *
 * <p>Left as is when: a node's data is insufficient ("insufficient data", never a recommendation), no node is
 * underused (busy pool), the pool is already MIG-partitioned, or packing frees no node (with the reason). Otherwise
 * time-slicing is computed and, only when the instance's GPU supports MIG, MIG through the {@link MigPacker}. MIG is
 * preferred when it frees at least as many nodes as time-slicing (hardware isolation and memory QoS are worth it);
 * else the one freeing more nodes wins. The other is kept as an {@link Alternative} saying why not.
 */
public final class Recommender {
    /** Starts the reason that states the detection rule; it is the same for every pool of a run (reports state it once). */
    public static final String RULE_PREFIX = "rule: ";

    /** True for the reason that states the detection rule rather than something about this pool. */
    public static boolean isRuleStatement(String reason) {
        return reason.startsWith(RULE_PREFIX);
    }

    /** What the recommender reads for one group of nodes. */
    public record PoolInput(String cluster, String region, NodePoolInfo pool, InstanceType instanceType, List<GpuNode> nodes,
                            List<GpuWorkload> workloads, DevicePluginSetup devicePlugin, Window window) {
        public PoolInput {
            nodes = List.copyOf(nodes);
            workloads = List.copyOf(workloads);
        }
    }

    /** The recommendation and the input problems found while making it (e.g. a workload too big for any MIG profile). */
    public record Outcome(Recommendation recommendation, List<InputProblem> problems) {
        public Outcome {
            problems = List.copyOf(problems);
        }
    }

    static final int NODE_LINES = 10;

    /**
     * GPU models that have no MIG whatever a catalog says (NVIDIA MIG user guide, "Supported GPUs": MIG needs an
     * Ampere-or-newer data-center part): a safety net so a catalog error can never lead to a MIG plan on them.
     */
    static final java.util.Set<String> NEVER_MIG = java.util.Set.of("T4", "T4G", "A10G", "L4", "L40S", "V100-16GB", "V100-32GB");

    private final Catalog catalog;
    private final MigPacker migPacker;
    private final LatencyModel latency;
    private final PriceBook prices;
    private final TimeSlicingPacker tsPacker = new TimeSlicingPacker();
    private final NodePacker nodePacker = new NodePacker();
    private final PlanBuilder plans = new PlanBuilder();

    /**
     * What the pools of one analysis (or one cluster) compute once and share: the numbers derived from each GPU's
     * series, and the mig-parted configs already made — a fleet's pools repeat a few dozen node layouts, and
     * rendering each staying node's config anew cost ~8 % of a 40,000-GPU analysis (benchmark 2, BENCHMARKS.md).
     * Not thread-safe, and never kept beyond the analysis.
     */
    public static final class Shared {
        final SeriesMemo series;
        final Map<List<Object>, PlanBuilder.MigConfigChoice> migConfigs = new HashMap<>();

        public Shared(SeriesMemo series) {
            this.series = Objects.requireNonNull(series, "series");
        }

        public SeriesMemo series() {
            return series;
        }
    }

    public Recommender(Catalog catalog, MigPacker migPacker, LatencyModel latency, PriceBook prices) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.migPacker = Objects.requireNonNull(migPacker, "migPacker");
        this.latency = Objects.requireNonNull(latency, "latency");
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    public Outcome recommend(PoolInput in, AnalysisPolicy policy, Clock clock) {
        return recommend(in, policy, clock, new Shared(new SeriesMemo()));
    }

    /** @param shared what the analysis already computed (e.g. while validating the series, or for other pools) */
    public Outcome recommend(PoolInput in, AnalysisPolicy policy, Clock clock, Shared shared) {
        return new Run(in, policy, clock, shared).run();
    }

    /** One pool's analysis: the state shared by its steps. */
    private final class Run {
        final PoolInput in;
        final AnalysisPolicy policy;
        final InstanceType type;
        final Detector detector;
        final List<GpuNode> nodes;
        final Map<String, SharingState> sharing = new LinkedHashMap<>();
        final Map<String, Verdict> verdictOf = new LinkedHashMap<>();
        final List<GpuEvidence> evidence = new ArrayList<>();
        final List<InputProblem> problems = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        /** Per-node verdict lines, shown after the decision (capped per kind so a 200-node pool stays readable). */
        final List<String> nodeLines = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final Footprint before;
        final String capacityType;
        final SeriesMemo memo;
        final Shared shared;

        Run(PoolInput in, AnalysisPolicy policy, Clock clock, Shared shared) {
            this.in = in;
            this.policy = policy;
            this.type = in.instanceType();
            this.shared = shared;
            this.memo = shared.series;
            this.detector = new Detector(policy.detection(), clock, memo);
            this.nodes = in.nodes().stream().sorted(Comparator.comparing(GpuNode::name)).toList();
            this.before = new Footprint(nodes.size(), nodes.size() * type.gpuCount());
            this.capacityType = capacityType();
        }

        Outcome run() {
            for (GpuNode node : nodes) {
                List<GpuWorkload> pods = podsOn(node);
                SharingState s = SharingState.of(node, in.devicePlugin(), pods);
                sharing.put(node.name(), s);
                List<Verdict> gpuVerdicts = new ArrayList<>();
                List<String> devices = new ArrayList<>();
                for (GpuDevice gpu : node.gpus()) {
                    Verdict v = detector.gpu(node, gpu, type.gpuMemoryMiB(), in.window(), s);
                    gpuVerdicts.add(v);
                    devices.add(gpu.device());
                    evidence.add(new GpuEvidence(node.name(), gpu.device(), v));
                }
                verdictOf.put(node.name(), detector.node(node, devices, gpuVerdicts));
            }
            reasons.add(ruleLine());

            if (type.gpuCount() == 0) {
                return unchanged("fractional", type.name() + " is a fractional vGPU share of one GPU: it cannot be sliced further");
            }
            List<GpuNode> young = filter(Verdict.TooYoung.class);
            List<GpuNode> insufficient = filter(Verdict.InsufficientData.class);
            List<GpuNode> busy = filter(Verdict.Busy.class);
            List<GpuNode> candidates = nodes.stream()
                    .filter(n -> verdictOf.get(n.name()) instanceof Verdict.Underused || verdictOf.get(n.name()) instanceof Verdict.Idle)
                    .toList();
            if (!insufficient.isEmpty()) {
                addNodeLines(insufficient, "");
                return unchanged("insufficient", "insufficient data: " + names(insufficient) + " cannot be judged, so no "
                        + "recommendation is made for this pool");
            }
            if (young.size() == nodes.size()) {
                addNodeLines(young, "");
                return unchanged("young", "every node is younger than the minimum age of " + Units.duration(policy.detection().minNodeAge())
                        + ": their windows are not representative yet");
            }
            if (candidates.isEmpty()) {
                addNodeLines(busy, "");
                return unchanged("busy", "busy pool: no underused node (" + names(busy) + " at or above a threshold), nothing to share");
            }
            addNodeLines(candidates, "");
            addNodeLines(young, " stays as it is");
            addNodeLines(busy, " stays as it is");
            List<GpuNode> mig = candidates.stream().filter(n -> sharing.get(n.name()).migPartitioned()).toList();
            if (!mig.isEmpty()) {
                return unchanged("mig-partitioned", names(mig) + " already " + (mig.size() == 1 ? "is" : "are")
                        + " MIG-partitioned (" + String.join("; ", sharing.get(mig.get(0).name()).why()) + "): Slicewise does not "
                        + "re-partition MIG pools (the demand of each instance's workload is not attributable from per-GPU series)");
            }

            Map<GpuNode, SharingState> candidateSharing = new LinkedHashMap<>();
            candidates.forEach(n -> candidateSharing.put(n, sharing.get(n.name())));
            Extraction ex = new TenantExtractor(in.window(), policy.detection().idleMaxUtilPct(), memo)
                    .extract(candidateSharing, in.workloads(), type.gpuMemoryMiB());
            notes.addAll(ex.notes());
            if (ex.tenants().isEmpty() && ex.wholeGpus().isEmpty()) {
                return unchanged("idle-empty", names(candidates) + (candidates.size() == 1 ? " holds" : " hold")
                        + " no GPU pod and no GPU work: nothing to share; the node(s) can simply be removed (Karpenter "
                        + "consolidation or the node group's desired size should do it)");
            }
            NodePacker.Capacity cap = NodePacker.Capacity.of(type.gpuCount(), type.vcpu(), type.memoryGiB());
            List<String> order = candidates.stream()
                    .sorted(Comparator.comparing((GpuNode n) -> n.createdAt() == null ? Instant.MAX : n.createdAt()).thenComparing(GpuNode::name))
                    .map(GpuNode::name).toList();

            TsOption ts = timeSlicing(ex, cap, order, candidates.size());
            MigOption migOption = null;
            String migSkipped = migSkippedBecause(ex);
            if (migSkipped == null) {
                try {
                    migOption = mig(ex, cap, order, candidates.size());
                } catch (RuntimeException e) {
                    // a failing MIG packer must not cost the pool its time-slicing answer
                    notes.add("MIG not considered: the MIG packer failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                    problems.add(new InputProblem(in.cluster() + "/" + in.pool().name() + "/" + type.name(),
                            "MIG packing failed, only time-slicing was considered: " + e.getMessage()));
                }
            }
            else notes.add(migSkipped);

            int tsFreed = ts.freed().size();
            int migFreed = migOption == null ? -1 : migOption.freed().size();
            Optional<Price> price = price();
            if (migOption != null && migFreed >= tsFreed && migFreed > 0) {
                return chooseMig(migOption, ts, price, candidates);
            }
            if (tsFreed > 0) {
                return chooseTimeSlicing(ts, migOption, price, candidates);
            }
            String why = "packing frees no node: " + ts.whyNotFewer()
                    + (migOption == null ? "" : "; MIG frees none either (" + migOption.gpus() + " GPU(s) on " + migOption.nodeCount() + " node(s))");
            return unchanged("no-free", why);
        }

        // ---------------------------------------------------------------------------------------------- time-slicing

        record TsOption(TimeSlicingPacking packing, List<NodePacker.NodeBin> bins, List<String> stay, List<String> freed,
                        List<String> unsharedStay, int nodeCount, String whyNotFewer, String nodeBound, Extraction extraction) {}

        TsOption timeSlicing(Extraction ex, NodePacker.Capacity cap, List<String> order, int candidateCount) {
            TimeSlicingPacker.Limits limits = new TimeSlicingPacker.Limits(type.gpuMemoryMiB(), cap.cpuMillis(), cap.memoryMiB());
            TimeSlicingPacking packing = tsPacker.pack(ex.tenants(), ex.slots(), limits, policy.packing());
            List<NodePacker.Item> items = new ArrayList<>();
            for (int i = 0; i < packing.gpus().size(); i++) {
                TimeSlicingPacking.GpuBin g = packing.gpus().get(i);
                items.add(new NodePacker.Item("gpu-" + i, true, 1, g.cpuMillis(), g.memoryMiB(), null,
                        g.tenants().stream().map(Tenant::fromNode).toList()));
            }
            addWhole(items, ex);
            List<NodePacker.NodeBin> bins = nodePacker.pack(items, cap, order);
            List<String> stay = bins.stream().filter(NodePacker.NodeBin::shared).map(NodePacker.NodeBin::node).sorted().toList();
            List<String> unsharedStay = bins.stream().filter(b -> !b.shared()).map(NodePacker.NodeBin::node).sorted().toList();
            List<String> freed = order.stream().filter(n -> !stay.contains(n) && !unsharedStay.contains(n)).sorted().toList();

            String whyNotFewer = TimeSlicingPacker.whyNotOneGpu(ex.tenants(), ex.slots(), limits, policy.packing());
            if (whyNotFewer.isEmpty()) {
                whyNotFewer = ex.tenants().size() <= 1
                        ? (ex.tenants().isEmpty() ? "no GPU pod can be shared" : "there is only one tenant to share a GPU with")
                        : Units.count(ex.tenants().size()) + " tenants fit one GPU";
                if (!ex.wholeGpus().isEmpty()) whyNotFewer += ", but " + ex.wholeGpus().size() + " piece(s) of work keep whole GPUs";
            }
            String bound = nodeBound(ex, packing, bins, cap);
            return new TsOption(packing, bins, stay, freed, unsharedStay, bins.size(), whyNotFewer, bound, ex);
        }

        /** True when no GPU's tenants can exceed a node's usable CPU or memory, whichever tenants it holds. */
        static boolean requestsCannotBind(List<Tenant> tenants, NodePacker.Capacity cap, int maxReplicas) {
            double cpu = tenants.stream().mapToDouble(Tenant::cpuMillis).boxed().sorted(Comparator.reverseOrder()).limit(maxReplicas)
                    .mapToDouble(Double::doubleValue).sum();
            double ram = tenants.stream().mapToDouble(Tenant::memoryMiB).boxed().sorted(Comparator.reverseOrder()).limit(maxReplicas)
                    .mapToDouble(Double::doubleValue).sum();
            return cpu <= cap.cpuMillis() + 1e-9 && ram <= cap.memoryMiB() + 1e-9;
        }

        /** Which dimension set the number of sliced nodes, in one sentence. */
        String nodeBound(Extraction ex, TimeSlicingPacking packing, List<NodePacker.NodeBin> bins, NodePacker.Capacity cap) {
            long sliced = bins.stream().filter(NodePacker.NodeBin::shared).count();
            if (sliced == 0) return "";
            // a GPU holds at most maxReplicas tenants: when the largest maxReplicas requests fit one node, the node's
            // limits can never bind, and the GPU-only packing is this one (no second packing: benchmark 2, BENCHMARKS.md)
            TimeSlicingPacking gpuOnly = requestsCannotBind(ex.tenants(), cap, policy.packing().maxReplicas()) ? packing
                    : tsPacker.pack(ex.tenants(), ex.slots(), TimeSlicingPacker.Limits.gpuOnly(type.gpuMemoryMiB()), policy.packing());
            int gpuNodes = ceilDiv(gpuOnly.gpus().size(), type.gpuCount());
            double cpu = ex.tenants().stream().mapToDouble(Tenant::cpuMillis).sum();
            double ram = ex.tenants().stream().mapToDouble(Tenant::memoryMiB).sum();
            int cpuNodes = (int) Math.ceil(cpu / cap.cpuMillis() - 1e-9);
            int ramNodes = (int) Math.ceil(ram / cap.memoryMiB() - 1e-9);
            String perNode = " per " + type.name() + " (" + Units.share(NodePacker.USABLE_FRACTION) + " of its " + type.vcpu() + " vCPU / "
                    + type.memoryGiB() + " GiB, assuming ~10 % system reserve)";
            String nodesText = sliced + " sliced node" + (sliced == 1 ? "" : "s");
            if (sliced <= gpuNodes) {
                return nodesText + ": bound by GPUs (" + packing.gpus().size() + " shared GPU" + (packing.gpus().size() == 1 ? "" : "s")
                        + ", " + type.gpuCount() + " per node); CPU requests " + Units.vcpu(cpu) + " and memory requests " + Units.gib(ram)
                        + " fit";
            }
            if (cpuNodes >= ramNodes && cpuNodes >= sliced) {
                return nodesText + ": bound by CPU requests (" + Units.vcpu(cpu) + " requested, " + Units.vcpu(cap.cpuMillis()) + " usable"
                        + perNode + "); the GPUs alone would need " + gpuNodes;
            }
            if (ramNodes >= sliced) {
                return nodesText + ": bound by memory requests (" + Units.gib(ram) + " requested, " + Units.gib(cap.memoryMiB()) + " usable"
                        + perNode + "); the GPUs alone would need " + gpuNodes;
            }
            return nodesText + ": the pods' CPU/memory requests (" + Units.vcpu(cpu) + ", " + Units.gib(ram) + ") do not split evenly "
                    + "across nodes" + perNode + "; the GPUs alone would need " + gpuNodes;
        }

        Outcome chooseTimeSlicing(TsOption ts, MigOption mig, Optional<Price> price, List<GpuNode> candidates) {
            Footprint after = after(ts.nodeCount(), candidates.size());
            int replicas = ts.packing().replicas();
            List<Sharing.SharedGpu> gpus = sharedGpus(ts);
            Sharing.SharedGpu loaded = gpus.stream().filter(g -> g.tenants().size() > 1).findFirst().orElse(gpus.isEmpty() ? null : gpus.get(0));
            LatencyEstimate lat = null;
            if (loaded != null) {
                Map<String, Tenant> byId = ts.extraction().tenants().stream().collect(Collectors.toMap(Tenant::id, Function.identity()));
                lat = latency.estimate(loaded.tenants().stream().map(id -> byId.get(id).util()).toList());
            }
            Sharing.TimeSlicing sharingDecision = new Sharing.TimeSlicing(replicas, gpus, lat);

            reasons.add("time-slicing with " + replicas + " replicas per GPU packs " + tenantsText(ts.extraction()) + " onto "
                    + ts.packing().gpus().size() + " GPU" + (ts.packing().gpus().size() == 1 ? "" : "s") + " (p95 of each GPU's summed "
                    + "hourly utilization ≤ " + Units.pct(policy.packing().targetUtilPct()) + ", summed peak memory ≤ "
                    + Units.share(1 - policy.packing().memHeadroomFraction()) + " of " + Units.gib(type.gpuMemoryMiB()) + ", ≤ "
                    + policy.packing().maxReplicas() + " pods per GPU)");
            if (ts.packing().gpus().size() > 1) reasons.add("why not fewer GPUs: " + ts.whyNotFewer());
            if (!ts.nodeBound().isEmpty()) reasons.add(ts.nodeBound());
            reasons.add(nodesLine(ts.freed(), ts.stay(), ts.unsharedStay(), candidates.size(), after));
            notes.addAll(ts.packing().notes());
            int partial = ts.packing().gpus().stream().mapToInt(TimeSlicingPacking.GpuBin::partialHours).max().orElse(0);
            if (partial > 0) {
                notes.add("summed series are defined only for hours where every tenant of a GPU had data: up to " + partial
                        + " hour(s) per GPU where only some tenants reported were left out (never filled)");
            }
            ts.extraction().wholeGpus().forEach(w -> notes.add(w.why()));

            List<Alternative> alternatives = new ArrayList<>();
            if (mig != null) {
                alternatives.add(new Alternative("mig", after(mig.nodeCount(), candidates.size()).nodes(), mig.gpus(),
                        monthly(price, after(mig.nodeCount(), candidates.size())), "MIG frees " + mig.freed().size() + " node(s), "
                        + "time-slicing " + ts.freed().size() + ": MIG is preferred only when it frees at least as many"));
                reasons.add("time-slicing frees more nodes than MIG (" + ts.freed().size() + " vs " + mig.freed().size() + ")");
            }

            Savings savings = savings(price, after);
            List<Risk> risks = new ArrayList<>();
            Sharing.SharedGpu tight = gpus.stream().min(Comparator.comparingDouble((Sharing.SharedGpu g) -> g.memCapacityMiB() - g.peakSummedMemMiB())).orElse(null);
            if (tight != null) {
                double head = tight.memCapacityMiB() - tight.peakSummedMemMiB();
                double share = head / tight.memCapacityMiB();
                risks.add(new Risk(Risk.Kind.MEMORY_HEADROOM, share < 0.10 ? Risk.Severity.HIGH : share < 0.25 ? Risk.Severity.MEDIUM : Risk.Severity.LOW,
                        "smallest memory headroom on a shared GPU: " + Units.gib(head) + " (" + Units.share(share) + ") on " + tight.node()
                                + " GPU " + tight.gpuIndex() + ", whose tenants' peaks add up to " + Units.gib(tight.peakSummedMemMiB()) + " of "
                                + Units.gib(tight.memCapacityMiB())));
            }
            risks.add(new Risk(Risk.Kind.NO_MEMORY_ISOLATION, Risk.Severity.MEDIUM, "time-slicing has no memory isolation: a tenant "
                    + "that grows past its measured peak makes the others on its GPU fail with CUDA out-of-memory, and a GPU fault "
                    + "hits all of them; the device plugin, not Slicewise, decides which replica (GPU) each pod gets"));
            if (lat != null && loaded != null) {
                risks.add(new Risk(Risk.Kind.LATENCY, lat.p95Factor() >= 2 ? Risk.Severity.HIGH : lat.p95Factor() >= 1.25 ? Risk.Severity.MEDIUM : Risk.Severity.LOW,
                        String.format(java.util.Locale.ROOT, "most loaded GPU (%s GPU %d: %d tenants, p95 of summed utilization %s): "
                                        + "expected latency p50 ×%.2f, p95 ×%.2f (%s; %s)", loaded.node(), loaded.gpuIndex(), loaded.tenants().size(),
                                Units.pct(loaded.p95SummedUtilPct()), lat.p50Factor(), lat.p95Factor(), lat.model(), lat.calibrationError())));
            }
            risks.add(new Risk(Risk.Kind.REQUEST_CHANGES, Risk.Severity.MEDIUM, "on sliced nodes nvidia.com/gpu.product gets a -SHARED "
                    + "suffix (selectors on the exact product name stop matching) and requests for more than one nvidia.com/gpu are "
                    + "rejected (failRequestsGreaterThanOne)"));
            List<String> multiGpu = multiGpuOwners();
            if (!multiGpu.isEmpty()) {
                risks.add(new Risk(Risk.Kind.REQUEST_CHANGES, Risk.Severity.HIGH, "pods of " + String.join(", ", multiGpu) + " request more "
                        + "than one GPU: they cannot run on time-sliced nodes; move them to an unshared pool before new nodes boot sliced"));
            }
            commonRisks(risks, price);
            List<String> tooManyTypes = otherInstanceTypes();
            Plan plan = plans.timeSlicing(new PlanBuilder.TimeSlicingInput(in.cluster(), in.pool(), type.name(), type.gpuCount(),
                    in.devicePlugin(), replicas, ts.stay(), ts.freed(), multiGpu, tooManyTypes));
            String layout = "ts;replicas=" + replicas + ";gpus=" + gpus.stream().map(g -> Integer.toString(g.tenants().size())).sorted().toList()
                    + ";nodes=" + before.nodes() + "->" + after.nodes();
            return outcome(sharingDecision, after, savings, risks, alternatives, plan, layout);
        }

        List<Sharing.SharedGpu> sharedGpus(TsOption ts) {
            Map<String, TimeSlicingPacking.GpuBin> byItem = new LinkedHashMap<>();
            for (int i = 0; i < ts.packing().gpus().size(); i++) byItem.put("gpu-" + i, ts.packing().gpus().get(i));
            List<Sharing.SharedGpu> out = new ArrayList<>();
            for (NodePacker.NodeBin b : ts.bins()) {
                if (!b.shared()) continue;
                int idx = 0;
                for (NodePacker.Item item : b.items()) {
                    TimeSlicingPacking.GpuBin g = byItem.get(item.id());
                    out.add(new Sharing.SharedGpu(b.node(), idx++, g.tenantIds(), g.p95SummedUtilPct(), g.peakSummedMemMiB(), type.gpuMemoryMiB()));
                }
            }
            out.sort(Comparator.comparingDouble((Sharing.SharedGpu g) -> -nz(g.p95SummedUtilPct())).thenComparing(Sharing.SharedGpu::node)
                    .thenComparingInt(Sharing.SharedGpu::gpuIndex));
            return out;
        }

        // ------------------------------------------------------------------------------------------------------- MIG

        record MigOption(MigPacking packing, List<NodePacker.NodeBin> bins, List<String> stay, List<String> freed,
                         List<String> unsharedStay, int nodeCount, int gpus, Map<String, Tenant> tenants, String strategy,
                         GpuModel model, Extraction extraction, List<Sharing.MigGpu> migGpus,
                         Map<String, PlanBuilder.MigConfigChoice> configOf, PlanBuilder.MigConfigChoice template,
                         MigProfileNames names) {}

        /** Null when MIG may be considered; else the sentence saying why not. */
        String migSkippedBecause(Extraction ex) {
            Optional<GpuModel> model = catalog.gpuModel(type.gpuModel());
            if (NEVER_MIG.contains(type.gpuModel()) || !type.migCapable() || model.isEmpty() || !model.get().migCapable()) {
                return "MIG not considered: " + type.gpuModel() + " GPUs (" + type.name() + ") do not support MIG";
            }
            if (ex.slots().values().stream().anyMatch(s -> s > 1)) {
                return "MIG not considered: GPUs of this pool are already time-sliced, so each pod's demand cannot be told apart "
                        + "to size its MIG slice";
            }
            if (ex.tenants().isEmpty()) return "MIG not considered: no single-GPU pod to place in a MIG slice";
            return null;
        }

        MigOption mig(Extraction ex, NodePacker.Capacity cap, List<String> order, int candidateCount) {
            GpuModel model = catalog.gpuModel(type.gpuModel()).orElseThrow();
            // one pod template per owner: its pods must all fit the profile the owner's requests name, so each gets
            // the owner's largest demand
            Map<String, List<Tenant>> byOwner = ex.tenants().stream()
                    .collect(Collectors.groupingBy(t -> t.owner() == null ? t.id() : t.owner(), TreeMap::new, Collectors.toList()));
            List<Tenant> harmonized = new ArrayList<>();
            for (List<Tenant> group : byOwner.values()) {
                double mem = group.stream().mapToDouble(Tenant::peakMemMiB).max().orElse(0);
                double compute = group.stream().mapToDouble(Tenant::computePct).max().orElse(0);
                double p95 = group.stream().mapToDouble(Tenant::p95Util).max().orElse(0);
                for (Tenant t : group) {
                    harmonized.add(new Tenant(t.id(), t.owner(), t.util(), p95, compute, mem, t.cpuMillis(), t.memoryMiB(), t.fromNode()));
                }
            }
            harmonized.sort(Comparator.comparing(Tenant::id));
            Map<String, Tenant> byId = new TreeMap<>();
            harmonized.forEach(t -> byId.put(t.id(), t));
            MigPacking mp = migPacker.pack(model, harmonized, policy.packing());
            if (mp.gpus().isEmpty()) {
                new TreeMap<>(mp.unfit()).forEach((id, why) -> problems.add(new InputProblem(in.cluster() + "/" + id,
                        "bigger than any MIG profile of " + model.key() + ": " + why + "; it keeps a whole, unpartitioned GPU")));
                notes.add("MIG not considered further: no tenant fits a MIG profile of " + model.key());
                return null;
            }

            List<NodePacker.Item> items = new ArrayList<>();
            for (int i = 0; i < mp.gpus().size(); i++) {
                List<Tenant> on = mp.gpus().get(i).slots().stream().map(MigPacking.Slot::tenantId).filter(Objects::nonNull)
                        .map(byId::get).filter(Objects::nonNull).toList();
                items.add(new NodePacker.Item("mig-" + i, true, 1, on.stream().mapToDouble(Tenant::cpuMillis).sum(),
                        on.stream().mapToDouble(Tenant::memoryMiB).sum(), null, on.stream().map(Tenant::fromNode).toList()));
            }
            new TreeMap<>(mp.unfit()).forEach((id, why) -> {
                Tenant t = byId.get(id);
                problems.add(new InputProblem(in.cluster() + "/" + id, "bigger than any MIG profile of " + model.key() + ": " + why
                        + "; it keeps a whole, unpartitioned GPU"));
                if (t != null) items.add(new NodePacker.Item(id, false, 1, t.cpuMillis(), t.memoryMiB(), null, List.of(t.fromNode())));
            });
            addWhole(items, ex);
            List<NodePacker.NodeBin> bins = nodePacker.pack(items, cap, order);
            List<String> stay = bins.stream().filter(NodePacker.NodeBin::shared).map(NodePacker.NodeBin::node).sorted().toList();
            List<String> unsharedStay = bins.stream().filter(b -> !b.shared()).map(NodePacker.NodeBin::node).sorted().toList();
            List<String> freed = order.stream().filter(n -> !stay.contains(n) && !unsharedStay.contains(n)).sorted().toList();
            int gpus = mp.gpus().size() + mp.unfit().size() + ex.wholeGpus().stream().mapToInt(Extraction.WholeGpuWork::gpus).sum();
            String strategy = "single".equals(mp.strategy()) ? "single" : "mixed";
            if (strategy.equals("single") && mp.gpus().stream().flatMap(g -> g.slots().stream()).map(s -> s.profile().name()).distinct().count() > 1) {
                strategy = "mixed"; // single refuses more than one profile per node
            }
            // the configs are part of the option: a layout the placer or mig-parted cannot express drops MIG, not the pool
            Map<String, Integer> itemIndex = new LinkedHashMap<>();
            for (int i = 0; i < mp.gpus().size(); i++) itemIndex.put("mig-" + i, i);
            List<Sharing.MigGpu> migGpus = new ArrayList<>();
            Map<String, PlanBuilder.MigConfigChoice> configOf = new TreeMap<>();
            Map<String, GpuNode> nodeByName = new LinkedHashMap<>();
            nodes.forEach(n -> nodeByName.put(n.name(), n));
            // most nodes get the same layouts under the same profile names, pool after pool: their config
            // (placer-checked, YAML rendered) is made once (the key is all migConfig reads: the model, the layouts, the
            // profiles' names, and whether the node reported them)
            for (NodePacker.NodeBin b : bins) {
                if (!b.shared()) continue;
                List<Map<String, Integer>> layouts = new ArrayList<>();
                int idx = 0;
                for (NodePacker.Item item : b.items()) {
                    MigPacking.GpuLayout layout = mp.gpus().get(itemIndex.get(item.id()));
                    List<Sharing.MigSlice> slices = layout.slots().stream()
                            .sorted(Comparator.comparingInt(MigPacking.Slot::start))
                            .map(sl -> new Sharing.MigSlice(sl.profile().name(), sl.start(), sl.profile().memorySlices(), sl.tenantId())).toList();
                    migGpus.add(new Sharing.MigGpu(b.node(), idx++, slices));
                    layouts.add(counts(layout));
                }
                // the node's other GPUs get the same layout, held spare, so one config serves the whole node
                while (layouts.size() < type.gpuCount() && !layouts.isEmpty()) layouts.add(layouts.get(0));
                GpuNode node = nodeByName.get(b.node());
                MigProfileNames names = node == null ? MigProfileNames.catalog(model) : MigProfileNames.resolve(model, node.labels());
                List<Map<String, Integer>> wanted = dominant(layouts);
                List<Object> key = List.of(model, wanted, names.asMap(), model.migProfiles().stream().map(names::reportedByNode).toList());
                PlanBuilder.MigConfigChoice config = shared.migConfigs.get(key);
                if (config == null) {
                    config = PlanBuilder.migConfig(model, wanted, names);
                    shared.migConfigs.put(key, config);
                }
                configOf.put(b.node(), config);
            }
            PlanBuilder.MigConfigChoice template = configOf.values().stream()
                    .collect(Collectors.groupingBy(PlanBuilder.MigConfigChoice::name, TreeMap::new, Collectors.toList()))
                    .values().stream().max(Comparator.comparingInt(List::size)).map(l -> l.get(0)).orElseThrow();
            // resource names follow the node's spelling of the profiles (drivers differ), taken from a node that stays
            MigProfileNames names = stay.isEmpty() || nodeByName.get(stay.get(0)) == null ? MigProfileNames.catalog(model)
                    : MigProfileNames.resolve(model, nodeByName.get(stay.get(0)).labels());
            return new MigOption(mp, bins, stay, freed, unsharedStay, bins.size(), gpus, byId, strategy, model, ex, migGpus, configOf,
                    template, names);
        }

        Outcome chooseMig(MigOption mig, TsOption ts, Optional<Price> price, List<GpuNode> candidates) {
            Footprint after = after(mig.nodeCount(), candidates.size());
            List<Sharing.MigGpu> gpus = mig.migGpus();
            Map<String, PlanBuilder.MigConfigChoice> configOf = mig.configOf();
            PlanBuilder.MigConfigChoice template = mig.template();

            List<Sharing.WorkloadChange> changes = new ArrayList<>();
            if (mig.strategy().equals("mixed")) {
                Map<String, Map<String, Integer>> byOwner = new TreeMap<>();
                mig.packing().profileOf().forEach((id, profile) -> {
                    Tenant t = mig.tenants().get(id);
                    String owner = t == null || t.owner() == null ? id : t.owner();
                    byOwner.computeIfAbsent(owner, k -> new TreeMap<>()).merge(profile.name(), 1, Integer::sum);
                });
                byOwner.forEach((owner, counts) -> {
                    String top = counts.keySet().iterator().next();
                    String spelled = mig.model().profile(top).map(p -> mig.names().name(p)).orElse(top);
                    changes.add(new Sharing.WorkloadChange(owner, PlanBuilder.GPU_RESOURCE, "nvidia.com/mig-" + spelled.replace('+', '.'), counts));
                });
            }
            Sharing.Mig decision = new Sharing.Mig(mig.strategy(), template.name(), gpus, changes);

            reasons.add("MIG (" + mig.strategy() + " strategy, config '" + template.name() + "') puts " + mig.tenants().size()
                    + " tenant(s) into the smallest profile each fits, on " + mig.packing().gpus().size() + " partitioned GPU(s)"
                    + (mig.packing().unfit().isEmpty() ? "" : "; " + mig.packing().unfit().size() + " too big for any profile keep whole GPUs"));
            reasons.add("MIG preferred: " + mig.model().key() + " supports it and it frees " + mig.freed().size() + " node(s), at least as "
                    + "many as time-slicing (" + ts.freed().size() + "), with hardware isolation and memory QoS per instance");
            reasons.add(mig.strategy().equals("single")
                    ? "works with the single strategy: one profile everywhere, pods keep requesting nvidia.com/gpu"
                    : "needs the mixed strategy: " + changes.size() + " workload(s) must request their MIG profile instead of nvidia.com/gpu");
            reasons.add(nodesLine(mig.freed(), mig.stay(), mig.unsharedStay(), candidates.size(), after));
            new TreeMap<>(mig.packing().unfit()).forEach((id, why) -> notes.add(id + " is bigger than any MIG profile: " + why));
            mig.extraction().wholeGpus().forEach(w -> notes.add(w.why()));

            List<Alternative> alternatives = List.of(new Alternative("time-slicing", after(ts.nodeCount(), candidates.size()).nodes(),
                    ts.packing().gpus().size() + ts.extraction().wholeGpus().stream().mapToInt(Extraction.WholeGpuWork::gpus).sum(),
                    monthly(price, after(ts.nodeCount(), candidates.size())),
                    "frees " + ts.freed().size() + " node(s) vs MIG's " + mig.freed().size() + ", without memory isolation between tenants"));

            Savings savings = savings(price, after);
            List<Risk> risks = new ArrayList<>();
            double minHead = Double.POSITIVE_INFINITY;
            String where = null;
            for (MigPacking.GpuLayout l : mig.packing().gpus()) {
                for (MigPacking.Slot s : l.slots()) {
                    Tenant t = s.tenantId() == null ? null : mig.tenants().get(s.tenantId());
                    if (t == null) continue;
                    double head = s.profile().memoryMiB() - t.peakMemMiB();
                    if (head < minHead) {
                        minHead = head;
                        where = t.id() + " in " + s.profile().name() + " (peak " + Units.gib(t.peakMemMiB()) + " of " + Units.gib(s.profile().memoryMiB()) + ")";
                    }
                }
            }
            if (where != null) {
                risks.add(new Risk(Risk.Kind.MEMORY_HEADROOM, minHead < 1024 ? Risk.Severity.HIGH : Risk.Severity.LOW,
                        "smallest memory headroom in a MIG instance: " + Units.gib(minHead) + " for " + where
                                + "; an instance's memory is a hard limit (out-of-memory stays inside it)"));
            }
            risks.add(new Risk(Risk.Kind.MIG_RECONFIGURATION, Risk.Severity.HIGH, "MIG reconfiguration requires idle GPUs: the nodes "
                    + "that stay (" + String.join(", ", mig.stay()) + ") are cordoned and drained first, because the MIG manager does "
                    + "not drain and fails on a busy GPU; a MIG mode change may need a reboot"));
            if (mig.strategy().equals("mixed")) {
                risks.add(new Risk(Risk.Kind.REQUEST_CHANGES, Risk.Severity.HIGH, "mixed strategy: "
                        + changes.stream().map(c -> c.owner() + " → " + c.toResource()).collect(Collectors.joining(", "))
                        + " must change their requests (a pod requesting nvidia.com/gpu no longer fits a MIG GPU)"));
            } else {
                risks.add(new Risk(Risk.Kind.REQUEST_CHANGES, Risk.Severity.MEDIUM, "single strategy: pods keep nvidia.com/gpu: 1 but "
                        + "get a slice; node selectors on nvidia.com/gpu.product stop matching (it becomes <product>-MIG-<profile>)"));
            }
            commonRisks(risks, price);
            List<String> owners = changes.stream().map(c -> c.owner() + " → " + c.toResource()).toList();
            Plan plan = plans.mig(new PlanBuilder.MigInput(in.cluster(), in.pool(), type.name(), type.gpuCount(), mig.model(),
                    in.devicePlugin(), mig.strategy(), configOf, template, mig.freed(), owners));
            String layout = "mig;" + mig.strategy() + ";" + template.name() + ";gpus=" + gpus.stream()
                    .map(g -> g.slices().stream().map(Sharing.MigSlice::profile).sorted().toList().toString()).sorted().toList()
                    + ";nodes=" + before.nodes() + "->" + after.nodes();
            return outcome(decision, after, savings, risks, alternatives, plan, layout);
        }

        /** Profile → instance count of one GPU (spare instances included: mig-parted creates them too). */
        Map<String, Integer> counts(MigPacking.GpuLayout layout) {
            Map<String, Integer> m = new TreeMap<>();
            layout.slots().forEach(s -> m.merge(s.profile().name(), 1, Integer::sum));
            return m;
        }

        /**
         * When a node's GPUs got different layouts but one of them contains every other's used profiles, all GPUs take
         * that one (spare instances are harmless), so the node needs one plain config instead of per-device entries.
         */
        List<Map<String, Integer>> dominant(List<Map<String, Integer>> layouts) {
            if (layouts.stream().distinct().count() <= 1) return layouts;
            for (Map<String, Integer> cand : layouts) {
                boolean covers = layouts.stream().allMatch(l -> l.entrySet().stream().allMatch(e -> cand.getOrDefault(e.getKey(), 0) >= e.getValue()));
                if (covers) return layouts.stream().map(l -> cand).toList();
            }
            return layouts;
        }

        // ---------------------------------------------------------------------------------------------------- shared

        void addWhole(List<NodePacker.Item> items, Extraction ex) {
            for (Extraction.WholeGpuWork w : ex.wholeGpus()) {
                items.add(new NodePacker.Item(w.id(), false, w.gpus(), w.cpuMillis(), w.memoryMiB(), w.movable() ? null : w.node(), List.of(w.node())));
            }
        }

        Footprint after(int packedNodes, int candidateCount) {
            int nodesAfter = nodes.size() - candidateCount + Math.min(packedNodes, candidateCount);
            return new Footprint(nodesAfter, nodesAfter * type.gpuCount());
        }

        String nodesLine(List<String> freed, List<String> stay, List<String> unsharedStay, int candidates, Footprint after) {
            StringBuilder sb = new StringBuilder(freed.size() + " of " + candidates + " underused node" + (candidates == 1 ? "" : "s")
                    + " freed (" + String.join(", ", freed) + ")");
            if (!stay.isEmpty()) sb.append("; ").append(String.join(", ", stay)).append(stay.size() == 1 ? " stays" : " stay").append(" and get").append(stay.size() == 1 ? "s" : "").append(" shared");
            if (!unsharedStay.isEmpty()) sb.append("; ").append(String.join(", ", unsharedStay)).append(" stay").append(unsharedStay.size() == 1 ? "s" : "").append(" unshared for whole-GPU work");
            sb.append("; the pool goes from ").append(before.nodes()).append(" to ").append(after.nodes()).append(" node").append(after.nodes() == 1 ? "" : "s");
            return sb.toString();
        }

        String tenantsText(Extraction ex) {
            int pods = ex.tenants().stream().mapToInt(t -> ex.slotsOf(t.id())).sum();
            return Units.count(pods) + " pod" + (pods == 1 ? "" : "s");
        }

        void commonRisks(List<Risk> risks, Optional<Price> price) {
            if (in.pool().kind() == NodePoolInfo.PoolKind.KARPENTER) {
                risks.add(new Risk(Risk.Kind.NODE_REPLACEMENT, Risk.Severity.MEDIUM, "the NodePool template label changes, so Karpenter "
                        + "drifts and replaces all " + nodes.size() + " node(s) of " + in.pool().name() + " (one at a time per the drift "
                        + "budget), evicting their pods"));
            }
            if (capacityType != null && capacityType.contains("spot")) {
                risks.add(new Risk(Risk.Kind.PRICE, Risk.Severity.LOW, "spot pool: savings are computed at on-demand prices, which "
                        + "overstate them (spot capacity costs less and its price varies)"));
            }
            price.filter(p -> p.source().kind() == PriceSource.Kind.BUNDLED_TABLE && p.source().detail().contains(" used for "))
                    .ifPresent(p -> risks.add(new Risk(Risk.Kind.PRICE, Risk.Severity.LOW, "price: " + p.source().detail())));
            boolean shared = sharing.values().stream().anyMatch(SharingState::timeSliced);
            if (shared) {
                risks.add(new Risk(Risk.Kind.TELEMETRY, Risk.Severity.MEDIUM, "some GPUs are already time-sliced: their pods are moved "
                        + "as one group sized by the GPU's own series, because per-pod GPU metrics are not attributable on a shared GPU"));
            }
            risks.add(new Risk(Risk.Kind.TELEMETRY, Risk.Severity.LOW, "utilization is DCGM GPU_UTIL, the share of time any kernel ran "
                    + "(not SM occupancy): sums of it bound time-slicing contention, not how much of the GPU's compute is used"));
        }

        Optional<Price> price() {
            if (policy.priceOverrideUsdPerHour() != null) {
                return Optional.of(new Price(policy.priceOverrideUsdPerHour(), new PriceSource(PriceSource.Kind.OVERRIDE,
                        "override from the analysis policy: " + Units.usdRate(policy.priceOverrideUsdPerHour()) + "/h for every instance")));
            }
            return prices.onDemandHourly(type.name(), in.region());
        }

        Savings savings(Optional<Price> price, Footprint after) {
            if (price.isEmpty()) {
                reasons.add("no price is known for " + type.name() + " in " + in.region() + ": savings are not computed (the "
                        + "recommendation stands; give a price override to see them)");
                return null;
            }
            String note = capacityType != null && capacityType.contains("spot") ? "spot pool: on-demand prices overstate the savings" : null;
            Savings s = Savings.of(price.get(), policy.hoursPerMonth(), before.nodes(), after.nodes(), note);
            reasons.add("savings: " + before.nodes() + " → " + after.nodes() + " nodes × " + Units.usdRate(price.get().usdPerHour()) + "/h × "
                    + fmtHours(policy.hoursPerMonth()) + " h/month = " + Units.usd(s.monthlyBefore()) + " → " + Units.usd(s.monthlyAfter())
                    + " a month (" + Units.usd(s.monthlySavings()) + " saved; price: " + price.get().source().detail() + ")");
            return s;
        }

        double monthly(Optional<Price> price, Footprint after) {
            return price.map(p -> (before.nodes() - after.nodes()) * p.usdPerHour() * policy.hoursPerMonth()).orElse(Double.NaN);
        }

        Outcome unchanged(String key, String why) {
            reasons.add(1, why);
            Sharing.Unchanged u = new Sharing.Unchanged(why);
            List<Risk> risks = new ArrayList<>();
            return outcome(u, before, null, risks, List.of(), Plan.NONE, "unchanged;" + key);
        }

        Outcome outcome(Sharing sharingDecision, Footprint after, Savings savings, List<Risk> risks, List<Alternative> alternatives,
                        Plan plan, String layout) {
            String decision = switch (sharingDecision) {
                case Sharing.TimeSlicing t -> "time-slicing";
                case Sharing.Mig m -> "mig";
                case Sharing.Unchanged u -> "unchanged";
            };
            String id = hash(in.cluster() + "|" + in.pool().name() + "|" + type.name() + "|" + decision + "|" + layout);
            reasons.addAll(nodeLines);
            reasons.addAll(notes);
            Recommendation r = new Recommendation(id, in.cluster(), in.region(), in.pool().name(), type.name(), type.gpuModel(),
                    type.gpuCount(), capacityType, sharingDecision, before, after, savings, reasons, risks, evidence, alternatives, plan);
            return new Outcome(r, problems);
        }

        String ruleLine() {
            var d = policy.detection();
            return RULE_PREFIX + "a GPU is underused when its p95 hourly utilization is below " + Units.pct(d.maxP95UtilPct())
                    + " and its peak memory below " + Units.share(d.maxPeakMemFraction()) + " of its memory over the last "
                    + Units.duration(in.window().length()) + ", with at least " + Units.share(d.minCoverage()) + " of the hours (and at least "
                    + d.minPoints() + " hours) holding data, on a node at least " + Units.duration(d.minNodeAge()) + " old; a node is "
                    + "underused when all its GPUs are underused or idle";
        }

        /** One line per node with its verdict's reason; beyond {@value #NODE_LINES} of one kind, a count. */
        void addNodeLines(List<GpuNode> list, String suffix) {
            for (int i = 0; i < list.size(); i++) {
                if (i == NODE_LINES) {
                    nodeLines.add("… and " + (list.size() - NODE_LINES) + " more node(s) with the same verdict (see the evidence)");
                    break;
                }
                GpuNode n = list.get(i);
                nodeLines.add(n.name() + suffix + ": " + verdictOf.get(n.name()).reason());
            }
        }

        List<GpuWorkload> podsOn(GpuNode node) {
            return in.workloads().stream().filter(w -> node.name().equals(w.node())).toList();
        }

        List<GpuNode> filter(Class<? extends Verdict> kind) {
            return nodes.stream().filter(n -> kind.isInstance(verdictOf.get(n.name()))).toList();
        }

        List<String> multiGpuOwners() {
            return in.workloads().stream().filter(w -> w.gpuCount() > 1)
                    .map(w -> w.owner() == null ? w.id() : w.owner()).distinct().sorted().toList();
        }

        List<String> otherInstanceTypes() {
            return in.pool().instanceTypes().stream().filter(t -> !t.equals(type.name()))
                    .filter(t -> catalog.instanceType(t).map(x -> x.gpuCount() != type.gpuCount()).orElse(true)).sorted().toList();
        }

        String capacityType() {
            List<String> types = nodes.stream().map(GpuNode::capacityType).filter(Objects::nonNull).distinct().sorted().toList();
            if (types.size() == 1) return types.get(0);
            if (types.size() > 1) return String.join("+", types);
            if (in.pool().capacityTypes().size() == 1) return in.pool().capacityTypes().get(0);
            return in.pool().capacityTypes().isEmpty() ? null : String.join("+", in.pool().capacityTypes().stream().sorted().toList());
        }
    }

    private static String names(List<GpuNode> nodes) {
        return nodes.stream().map(GpuNode::name).collect(Collectors.joining(", "));
    }

    private static int ceilDiv(int a, int b) {
        return b <= 0 ? a : (a + b - 1) / b;
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String fmtHours(double h) {
        return h == Math.rint(h) ? Long.toString((long) h) : Double.toString(h);
    }

    /** A stable content hash: the same pool, decision and layout give the same id. */
    static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
