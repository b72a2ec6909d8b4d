package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slicewise.catalog.Catalog;
import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.InstanceType;
import dev.slicewise.plan.PlanStep;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Decisions are data, re-validated right before they run: turns an approved plan into the concrete writes, waits and
 * checks, after re-reading every object the plan touches. Refuses (with every reason at once) a plan that is expired,
 * malformed, stale (an object deleted, re-created or edited since the analysis), unsafe (a template-label change
 * without a drift budget, limits that the sliced capacity would exceed, an unscoped overlay) or impossible (MIG on a
 * GPU without MIG, a layout that does not fit). Reads only; never writes.
 */
final class PlanCompiler {
    static final String DP_LABEL = "nvidia.com/device-plugin.config";
    static final String MIG_LABEL = "nvidia.com/mig.config";
    static final String MIG_STATE_LABEL = "nvidia.com/mig.config.state";
    static final String GPU_COUNT_LABEL = "nvidia.com/gpu.count";
    static final String NODEPOOL_LABEL = "karpenter.sh/nodepool";
    private static final Set<String> OVERLAY_FORBIDDEN_CAPACITY = Set.of("cpu", "memory", "ephemeral-storage", "pods");
    private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Gte", "Lte");
    private static final Pattern BUDGET_NODES = Pattern.compile("^((100|[0-9]{1,2})%|[0-9]+)$");

    private final Kube kube;
    private final Catalog catalog;
    private final Clock clock;

    PlanCompiler(Kube kube, Catalog catalog, Clock clock) {
        this.kube = kube;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** What the applier will do, in order. */
    sealed interface Action {}

    /** Server-side apply of {@code body} (a partial object) to {@code ref}. */
    record Write(ObjectRef ref, ObjectNode body, String action, String detail) implements Action {}

    /** Wait until every node's component sees {@code configName} in its mounted ConfigMap. */
    record AwaitMount(MountedConfigProbe.Component component, List<String> nodes, String configName, String content) implements Action {}

    /**
     * Set labels on nodes. With {@code mig}: node by node, cordon, let GPU pods finish (evict only nodes in
     * {@code evict}), label, wait for {@code mig.config.state=success}, uncordon.
     */
    record Relabel(List<String> nodes, Map<String, String> labels, boolean mig, Set<String> evict) implements Action {}

    /** Cordon and empty nodes of GPU pods (evicting when allowed); they stay cordoned. */
    record Drain(List<String> nodes, boolean evict, String why) implements Action {}

    /** Something reported but not executed. */
    record Note(String action, String target, String detail) implements Action {}

    /** Wait for Karpenter to mark a NodeOverlay Ready (a same-weight conflict shows as Ready=False). */
    record AwaitOverlay(String name) implements Action {}

    /** After applying, {@code status.allocatable[resource]} of {@code node} must read {@code quantity}. */
    record Expectation(String node, String resource, long quantity, String why) {}

    /**
     * @param fingerprints every touched object's fingerprint as re-read now (null = absent): a write refuses when the
     *                     object no longer has it
     * @param nodesBefore  every node the plan touches, as re-read now
     */
    record Compiled(List<Action> actions, List<Expectation> expectations, List<String> notes, List<String> refusals,
                    Map<ObjectRef, String> fingerprints, Map<String, ObjectNode> nodesBefore) {
        boolean refused() {
            return !refusals.isEmpty();
        }
    }

    Compiled compile(ApprovedPlan approved) {
        return new Run(approved).compile();
    }

    /** One compilation: the reads it made, what it found wrong, what it will do. */
    private final class Run {
        final ApprovedPlan approved;
        final DevicePluginTarget target;
        final List<String> refusals = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<Action> actions = new ArrayList<>();
        final List<Expectation> expectations = new ArrayList<>();
        final Map<ObjectRef, Optional<ObjectNode>> reads = new HashMap<>();
        /** Objects whose desired state is already in place: not stale even though they differ from the analysis. */
        final Set<ObjectRef> satisfied = new HashSet<>();
        /** Writes per object, merged, to decide "satisfied". */
        final Map<ObjectRef, ObjectNode> desired = new LinkedHashMap<>();
        /** device-plugin configs after the plan: name → parsed. */
        final Map<String, DevicePluginConfigs.Parsed> dpConfigs = new HashMap<>();
        final Map<String, String> dpTexts = new HashMap<>();
        /** MIG configs the plan defines: name → layout per GPU. */
        final Map<String, Map<String, Integer>> migLayouts = new HashMap<>();
        /** node → labels after the plan (relabels only). */
        final Map<String, Map<String, String>> relabels = new HashMap<>();
        /** NodePool → template labels after the plan. */
        final Map<String, Map<String, String>> poolTemplates = new HashMap<>();
        final Map<String, Map<String, String>> poolLimits = new HashMap<>();
        final Set<String> driftingPools = new HashSet<>();
        final List<PlanStep.NodeOverlay> overlays = new ArrayList<>();
        String migStrategy;

        Run(ApprovedPlan approved) {
            this.approved = approved;
            this.target = approved.devicePlugin();
        }

        Optional<ObjectNode> read(ObjectRef ref) {
            return reads.computeIfAbsent(ref, kube::get);
        }

        Compiled compile() {
            Instant now = clock.instant();
            if (!now.isBefore(approved.expiresAt())) {
                refusals.add("plan " + approved.planId() + " expired at " + approved.expiresAt() + " (now " + now
                        + "); re-run the analysis and approve a fresh plan");
                return result();
            }
            staticChecks();
            if (!refusals.isEmpty()) return result();

            Optional<JsonNode> clusterPolicy = target.gpuOperator()
                    ? read(target.clusterPolicyRef()).map(n -> (JsonNode) n) : Optional.empty();
            migStrategy = clusterPolicy.map(cp -> Json.text(cp, "spec", "mig", "strategy")).orElse(null);
            loadExistingDevicePluginConfigs();
            checkNodes();
            List<PlanStep> steps = approved.plan().steps();
            for (int i = 0; i < steps.size(); i++) {
                switch (steps.get(i)) {
                    case PlanStep.DevicePluginConfig s -> devicePluginConfig(s, clusterPolicy);
                    case PlanStep.ClusterPolicyPatch s -> clusterPolicyPatch(s, clusterPolicy);
                    case PlanStep.MigConfig s -> migConfig(s, clusterPolicy);
                    case PlanStep.DrainNodes s -> drain(s, steps.subList(i + 1, steps.size()));
                    case PlanStep.LabelNodes s -> label(s, steps.subList(0, i));
                    case PlanStep.RemoveNodes s -> actions.add(new Note("free nodes", String.join(", ", s.nodes()),
                            "not executed by the applier (a terminated instance cannot be rolled back): " + s.how()));
                    case PlanStep.NodePoolUpdate s -> nodePool(s);
                    case PlanStep.NodeOverlay s -> overlay(s);
                }
            }
            if (refusals.isEmpty()) karpenterConsistency();
            if (refusals.isEmpty()) staleness(clusterPolicy);
            return result();
        }

        Compiled result() {
            Map<ObjectRef, String> fps = new LinkedHashMap<>();
            reads.forEach((ref, o) -> fps.put(ref, Fingerprints.of(ref.kind(), o.orElse(null))));
            Map<String, ObjectNode> nodes = new LinkedHashMap<>();
            reads.forEach((ref, o) -> {
                if (ref.kind() == ObjectRef.Kind.NODE && o.isPresent()) nodes.put(ref.name(), o.get());
            });
            return new Compiled(List.copyOf(actions), List.copyOf(expectations), List.copyOf(notes), List.copyOf(refusals), fps, nodes);
        }

        // ---- checks that need no cluster ------------------------------------------------------------------------

        void staticChecks() {
            for (PlanStep step : approved.plan().steps()) {
                switch (step) {
                    case PlanStep.DevicePluginConfig s -> refusals.addAll(DevicePluginConfigs.problems(s));
                    case PlanStep.ClusterPolicyPatch s -> {
                        if (s.migStrategy() != null && !Set.of("none", "single", "mixed").contains(s.migStrategy())) {
                            refusals.add("ClusterPolicy mig.strategy must be none, single or mixed, not '" + s.migStrategy() + "'");
                        }
                        if (s.devicePluginConfigMap() != null && !KubeNames.validObjectName(s.devicePluginConfigMap())) {
                            refusals.add("'" + s.devicePluginConfigMap() + "' is not a valid ConfigMap name");
                        }
                        if (s.devicePluginConfigMap() == null && s.migStrategy() == null) refusals.add("ClusterPolicyPatch changes nothing");
                    }
                    case PlanStep.MigConfig s -> {
                        KubeNames.labelProblems(MIG_LABEL, s.configName()).forEach(p -> refusals.add("MIG config name: " + p));
                        if (s.layoutPerGpu() == null) refusals.add("MIG config '" + s.configName() + "' has no layout");
                        if (!s.stock() && (s.migPartedYaml() == null || s.migPartedYaml().isBlank())) {
                            refusals.add("custom MIG config '" + s.configName() + "' carries no mig-parted YAML");
                        }
                    }
                    case PlanStep.DrainNodes s -> {
                        if (s.nodes().isEmpty()) refusals.add("a drain step names no node");
                    }
                    case PlanStep.LabelNodes s -> {
                        if (s.nodes().isEmpty()) refusals.add("a label step names no node");
                        s.labels().forEach((k, v) -> KubeNames.labelProblems(k, v).forEach(p -> refusals.add("node label: " + p)));
                    }
                    case PlanStep.RemoveNodes s -> { }
                    case PlanStep.NodePoolUpdate s -> {
                        String where = "NodePool '" + s.nodePool() + "'";
                        s.templateLabels().forEach((k, v) -> KubeNames.labelProblems(k, v).forEach(p -> refusals.add(where + " template label: " + p)));
                        s.templateLabels().keySet().stream()
                                .filter(k -> k.startsWith("karpenter.sh/") || k.equals("kubernetes.io/hostname"))
                                .forEach(k -> refusals.add(where + ": template label '" + k + "' is reserved by Karpenter"));
                        s.limits().forEach((k, v) -> {
                            String p = KubeNames.quantityProblem(where + " limits." + k, v);
                            if (p != null) refusals.add(p);
                        });
                        if (s.driftBudgetNodes() != null && !BUDGET_NODES.matcher(s.driftBudgetNodes()).matches()) {
                            refusals.add(where + ": drift budget '" + s.driftBudgetNodes() + "' must be a node count or a percentage");
                        }
                    }
                    case PlanStep.NodeOverlay s -> {
                        String where = "NodeOverlay '" + s.name() + "'";
                        if (!KubeNames.validObjectName(s.name())) refusals.add(where + ": not a valid object name");
                        if (s.weight() < 1 || s.weight() > 10000) refusals.add(where + ": weight must be 1..10000, was " + s.weight());
                        if (s.capacity().isEmpty()) refusals.add(where + ": declares no capacity");
                        s.capacity().forEach((k, v) -> {
                            if (OVERLAY_FORBIDDEN_CAPACITY.contains(k)) refusals.add(where + ": capacity may not set '" + k + "' (Karpenter rejects it)");
                            String p = KubeNames.quantityProblem(where + " capacity." + k, v);
                            if (p != null) refusals.add(p);
                        });
                        for (PlanStep.Requirement r : s.requirements()) {
                            if (!OPERATORS.contains(r.operator())) refusals.add(where + ": unknown operator '" + r.operator() + "'");
                            if (Set.of("In", "NotIn").contains(r.operator()) && (r.values() == null || r.values().isEmpty())) {
                                refusals.add(where + ": requirement " + r.key() + " " + r.operator() + " needs values");
                            }
                            if (r.key().startsWith("karpenter.sh/") && !Set.of("karpenter.sh/capacity-type", NODEPOOL_LABEL).contains(r.key())) {
                                refusals.add(where + ": requirement key '" + r.key() + "' is not allowed");
                            }
                        }
                    }
                }
            }
        }

        // ---- nodes ----------------------------------------------------------------------------------------------

        void checkNodes() {
            Set<String> names = new LinkedHashSet<>();
            for (PlanStep step : approved.plan().steps()) {
                if (step instanceof PlanStep.DrainNodes d) names.addAll(d.nodes());
                if (step instanceof PlanStep.LabelNodes l) names.addAll(l.nodes());
            }
            for (String name : names) {
                Optional<ObjectNode> node = read(ObjectRef.node(name));
                Optional<TargetNode> t = approved.node(name);
                if (node.isEmpty()) {
                    refusals.add("node " + name + " no longer exists (replaced or scaled in since the analysis at "
                            + approved.createdAt() + "); re-run the analysis");
                    continue;
                }
                if (t.isEmpty()) {
                    refusals.add("the approved plan has no inventory (GPU count) for node " + name);
                    continue;
                }
                String uid = Json.text(node.get(), "metadata", "uid");
                if (t.get().uid() != null && !t.get().uid().equals(uid)) {
                    refusals.add("node " + name + " was re-created since the analysis (uid " + t.get().uid() + " is now " + uid + ")");
                }
                String count = Json.text(node.get(), "metadata", "labels", GPU_COUNT_LABEL);
                if (count != null && !count.equals(String.valueOf(t.get().gpus()))) {
                    refusals.add("node " + name + " reports " + count + " GPUs (" + GPU_COUNT_LABEL + "), the plan expects " + t.get().gpus());
                }
            }
        }

        Optional<GpuModel> modelOf(String nodeName) {
            Optional<TargetNode> t = approved.node(nodeName);
            ObjectNode node = read(ObjectRef.node(nodeName)).orElse(null);
            String key = t.map(TargetNode::gpuModel).orElse(null);
            if (key == null) {
                String type = t.map(TargetNode::instanceType).orElse(null);
                if (type == null && node != null) type = Json.text(node, "metadata", "labels", "node.kubernetes.io/instance-type");
                key = type == null ? null : catalog.instanceType(type).map(InstanceType::gpuModel).orElse(null);
            }
            if (key != null) return catalog.gpuModel(key);
            // GFD's product label, with its -SHARED / -MIG-<profile> suffixes understood by the catalog
            return catalog.gpuModelForProduct(node == null ? null : Json.text(node, "metadata", "labels", "nvidia.com/gpu.product"));
        }

        int gpus(String nodeName, ObjectNode node) {
            Optional<TargetNode> t = approved.node(nodeName);
            if (t.isPresent()) return t.get().gpus();
            String count = Json.text(node, "metadata", "labels", GPU_COUNT_LABEL);
            try {
                return count == null ? 0 : Integer.parseInt(count);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        // ---- device plugin --------------------------------------------------------------------------------------

        void loadExistingDevicePluginConfigs() {
            read(target.configMapRef()).ifPresent(cm -> cm.path("data").fields().forEachRemaining(e -> {
                List<String> ignored = new ArrayList<>();
                DevicePluginConfigs.Parsed parsed = DevicePluginConfigs.parse(e.getValue().asText(), ignored);
                if (parsed != null) dpConfigs.put(e.getKey(), parsed);
                dpTexts.put(e.getKey(), e.getValue().asText());
            }));
        }

        void devicePluginConfig(PlanStep.DevicePluginConfig s, Optional<JsonNode> clusterPolicy) {
            ObjectRef ref = target.configMapRef();
            Optional<ObjectNode> cm = read(ref);
            String text = DevicePluginConfigs.textFor(s);
            if (cm.isEmpty() && !target.gpuOperator()) {
                refusals.add("standalone device plugin: " + ref + " does not exist; deploy the k8s-device-plugin chart with "
                        + "config.name (or config.map) first, Slicewise only adds named configs to it");
                return;
            }
            String existing = cm.map(c -> Json.text(c, "data", s.configName())).orElse(null);
            if (existing != null && !sameDevicePluginConfig(existing, text)) {
                refusals.add(ref + " already has a config '" + s.configName() + "' with other content; the plugin only "
                        + "re-reads a config when the node label changes, so nodes using it would not pick up an edit: "
                        + "use a new config name");
                return;
            }
            if (cm.isPresent() && !target.gpuOperator()) {
                JsonNode data = cm.get().path("data");
                if (existing == null && data.size() == 1 && !data.has("default")) {
                    refusals.add("standalone device plugin: " + ref + " holds a single config '" + data.fieldNames().next()
                            + "' used as the fallback for unlabelled nodes; with a second config and no 'default' the "
                            + "plugin has no fallback on its next restart. Set config.default in the chart first");
                }
            }
            if (target.gpuOperator()) {
                String referenced = clusterPolicy.map(cp -> Json.text(cp, "spec", "devicePlugin", "config", "name")).orElse(null);
                if (clusterPolicy.isEmpty()) {
                    refusals.add(target.clusterPolicyRef() + " not found: is the GPU Operator still installed?");
                } else if (referenced != null && !referenced.isBlank() && !referenced.equals(target.configMap())) {
                    refusals.add(target.clusterPolicyRef() + " now uses device-plugin ConfigMap '" + referenced + "', the plan "
                            + "writes to '" + target.configMap() + "' (changed since the analysis)");
                } else if ((referenced == null || referenced.isBlank()) && approved.plan().steps().stream().noneMatch(p ->
                        p instanceof PlanStep.ClusterPolicyPatch c && target.configMap().equals(c.devicePluginConfigMap()))) {
                    refusals.add(target.clusterPolicyRef() + " references no device-plugin ConfigMap yet and the plan does not "
                            + "patch spec.devicePlugin.config.name to '" + target.configMap() + "'");
                }
            }
            ObjectNode body = Json.object();
            body.putObject("data").put(s.configName(), text);
            addWrite(ref, body, "write device-plugin config", "'" + s.configName() + "' in " + ref + " (other configs untouched)");
            List<String> ignored = new ArrayList<>();
            dpConfigs.put(s.configName(), DevicePluginConfigs.parse(text, ignored));
            dpTexts.put(s.configName(), text);
        }

        boolean sameDevicePluginConfig(String a, String b) {
            return a.strip().equals(b.strip()) || Objects.equals(
                    DevicePluginConfigs.parse(a, new ArrayList<>()), DevicePluginConfigs.parse(b, new ArrayList<>()));
        }

        void clusterPolicyPatch(PlanStep.ClusterPolicyPatch s, Optional<JsonNode> clusterPolicy) {
            if (!target.gpuOperator()) {
                refusals.add("the plan patches a ClusterPolicy but the cluster runs the standalone device plugin");
                return;
            }
            if (clusterPolicy.isEmpty()) {
                refusals.add(target.clusterPolicyRef() + " not found: is the GPU Operator still installed?");
                return;
            }
            if (s.devicePluginConfigMap() != null && !s.devicePluginConfigMap().equals(target.configMap())) {
                refusals.add("the plan points the ClusterPolicy at ConfigMap '" + s.devicePluginConfigMap()
                        + "' but writes its configs to '" + target.configMap() + "'");
                return;
            }
            ObjectNode body = Json.object();
            ObjectNode spec = body.putObject("spec");
            if (s.devicePluginConfigMap() != null) {
                spec.putObject("devicePlugin").putObject("config").put("name", s.devicePluginConfigMap());
                String before = Json.text(clusterPolicy.get(), "spec", "devicePlugin", "config", "name");
                if (!s.devicePluginConfigMap().equals(before)) {
                    notes.add("pointing the ClusterPolicy at '" + s.devicePluginConfigMap() + "' makes the GPU Operator "
                            + "restart the device-plugin and GFD pods on every GPU node (running workloads keep running)");
                }
            }
            if (s.migStrategy() != null) {
                spec.putObject("mig").put("strategy", s.migStrategy());
                if (!s.migStrategy().equals(migStrategy)) {
                    notes.add("mig.strategy " + migStrategy + " -> " + s.migStrategy() + " is cluster-wide: it changes the "
                            + "resource names of every MIG-enabled node, not only the plan's");
                }
                migStrategy = s.migStrategy();
            }
            addWrite(target.clusterPolicyRef(), body, "patch ClusterPolicy", s.describe());
        }

        // ---- MIG ------------------------------------------------------------------------------------------------

        void migConfig(PlanStep.MigConfig s, Optional<JsonNode> clusterPolicy) {
            if (!target.gpuOperator()) {
                refusals.add("MIG config '" + s.configName() + "' needs the GPU Operator's MIG manager; this cluster runs the standalone device plugin");
                return;
            }
            if (clusterPolicy.isEmpty()) {
                refusals.add(target.clusterPolicyRef() + " not found: is the GPU Operator still installed?");
                return;
            }
            Map<String, Integer> layout = new TreeMap<>(s.layoutPerGpu());
            layout.values().removeIf(c -> c == null || c == 0);
            migLayouts.put(s.configName(), layout);
            List<String> nodes = nodesLabelled(MIG_LABEL, s.configName());
            JsonNode customEntries = null;
            if (!s.stock()) {
                customEntries = MigPartedConfigs.customEntries(s.configName(), s.migPartedYaml(), refusals);
                if (customEntries == null) return;
            }
            for (String node : nodes) {
                Optional<GpuModel> model = modelOf(node);
                if (model.isEmpty()) {
                    refusals.add("MIG on node " + node + ": cannot tell its GPU model (no catalog entry for its instance type or product)");
                    continue;
                }
                if (!model.get().migCapable()) {
                    refusals.add("MIG on node " + node + ": its GPU (" + model.get().key() + ") does not support MIG; "
                            + "use time-slicing for it");
                    continue;
                }
                MigLayouts.problems(model.get(), layout).forEach(p -> refusals.add("MIG config '" + s.configName() + "' on node " + node + ": " + p));
                MigPartedConfigs.Document doc;
                if (s.stock()) {
                    doc = effectiveMigDocument(node, clusterPolicy.get());
                    if (doc == null) continue;
                    if (!doc.has(s.configName())) {
                        refusals.add("stock MIG config '" + s.configName() + "' does not exist in the MIG manager's config for node " + node);
                        continue;
                    }
                } else {
                    List<String> problems = new ArrayList<>();
                    List<MigPartedConfigs.Entry> entries = MigPartedConfigs.entries(s.configName(), customEntries, problems);
                    refusals.addAll(problems);
                    if (entries == null) continue;
                    doc = new MigPartedConfigs.Document(Map.of(s.configName(), entries));
                }
                int gpus = gpus(node, read(ObjectRef.node(node)).orElseThrow());
                for (int i = 0; i < gpus; i++) {
                    Optional<Map<String, Integer>> got = doc.layout(s.configName(), i, model.get().pciDeviceIds());
                    if (got.isEmpty() || !new TreeMap<>(got.get()).equals(layout)) {
                        refusals.add("MIG config '" + s.configName() + "' gives GPU " + i + " of node " + node + " ("
                                + model.get().key() + ") " + got.map(Object::toString).orElse("no entry") + ", the plan expects " + layout);
                        break;
                    }
                }
            }
            if (!s.stock() && refusals.isEmpty()) customMigConfig(s, clusterPolicy.get(), customEntries, nodes);
        }

        MigPartedConfigs.Document effectiveMigDocument(String node, JsonNode clusterPolicy) {
            String custom = Json.text(clusterPolicy, "spec", "migManager", "config", "name");
            List<String> candidates = custom != null && !custom.isBlank() ? List.of(custom)
                    : List.of(node + "-mig-config", PlanScope.DEFAULT_MIG_CONFIG_MAP);
            for (String name : candidates) {
                Optional<ObjectNode> cm = kube.get(ObjectRef.configMap(target.namespace(), name));
                if (cm.isEmpty()) continue;
                List<String> problems = new ArrayList<>();
                MigPartedConfigs.Document doc = MigPartedConfigs.parse(Json.text(cm.get(), "data", "config.yaml"), problems);
                if (doc == null) refusals.add("mig-parted ConfigMap " + target.namespace() + "/" + name + ": " + String.join("; ", problems));
                return doc;
            }
            refusals.add("no mig-parted config found for node " + node + " (looked for " + candidates + " in " + target.namespace() + ")");
            return null;
        }

        void customMigConfig(PlanStep.MigConfig s, JsonNode clusterPolicy, JsonNode entries, List<String> nodes) {
            String cmName = PlanScope.customMigConfigMap(Optional.of(clusterPolicy));
            ObjectRef ref = ObjectRef.configMap(target.namespace(), cmName);
            Optional<ObjectNode> cm = read(ref);
            String base;
            if (cm.isPresent()) {
                base = Json.text(cm.get(), "data", "config.yaml");
                List<String> problems = new ArrayList<>();
                if (MigPartedConfigs.parse(base, problems) == null) {
                    refusals.add(ref + ": " + String.join("; ", problems));
                    return;
                }
            } else {
                Optional<ObjectNode> seed = kube.get(ObjectRef.configMap(target.namespace(), PlanScope.DEFAULT_MIG_CONFIG_MAP));
                if (seed.isEmpty()) {
                    refusals.add("cannot add custom MIG config '" + s.configName() + "': the ClusterPolicy names no mig-parted "
                            + "ConfigMap and " + target.namespace() + "/" + PlanScope.DEFAULT_MIG_CONFIG_MAP + " is missing");
                    return;
                }
                base = Json.text(seed.get(), "data", "config.yaml");
                notes.add("custom MIG config: created " + ref + " from the stock " + PlanScope.DEFAULT_MIG_CONFIG_MAP
                        + " plus '" + s.configName() + "' and pointed ClusterPolicy.spec.migManager.config.name at it; "
                        + "the MIG manager then uses this static file instead of per-node generated configs");
            }
            try {
                JsonNode existing = MigPartedConfigs.YAML.readTree(base).path("mig-configs").get(s.configName());
                if (existing != null && !MigPartedConfigs.canonical(existing).equals(MigPartedConfigs.canonical(entries))) {
                    refusals.add(ref + " already has a MIG config '" + s.configName() + "' with other content: use a new name");
                    return;
                }
            } catch (Exception e) {
                refusals.add(ref + ": " + e.getMessage());
                return;
            }
            String text = MigPartedConfigs.withConfig(base, s.configName(), entries);
            ObjectNode body = Json.object();
            // already there with the same content (a second apply): write the text unchanged, which is a no-op
            body.putObject("data").put("config.yaml", configHas(base, s.configName()) ? base : text);
            addWrite(ref, body, "write MIG config", "'" + s.configName() + "' in " + ref + " (other configs untouched)");
            String named = Json.text(clusterPolicy, "spec", "migManager", "config", "name");
            if (named == null || named.isBlank()) {
                ObjectNode cp = Json.object();
                cp.putObject("spec").putObject("migManager").putObject("config").put("name", cmName);
                addWrite(target.clusterPolicyRef(), cp, "patch ClusterPolicy", "migManager.config.name=" + cmName);
            }
            if (!nodes.isEmpty()) {
                actions.add(new AwaitMount(MountedConfigProbe.Component.MIG_MANAGER, nodes, s.configName(), entries.toString()));
            }
        }

        boolean configHas(String yaml, String name) {
            try {
                return MigPartedConfigs.YAML.readTree(yaml).path("mig-configs").has(name);
            } catch (Exception e) {
                return false;
            }
        }

        List<String> nodesLabelled(String key, String value) {
            List<String> out = new ArrayList<>();
            for (PlanStep step : approved.plan().steps()) {
                if (step instanceof PlanStep.LabelNodes l && value.equals(l.labels().get(key))) out.addAll(l.nodes());
            }
            return out;
        }

        // ---- drains and labels ----------------------------------------------------------------------------------

        final Map<String, Boolean> migDrains = new HashMap<>();

        void drain(PlanStep.DrainNodes d, List<PlanStep> later) {
            Set<String> migNodes = new HashSet<>();
            for (PlanStep s : later) {
                if (s instanceof PlanStep.LabelNodes l && l.labels().containsKey(MIG_LABEL)) migNodes.addAll(l.nodes());
            }
            if (migNodes.containsAll(d.nodes())) {
                // drained node by node inside the MIG roll-out, so only one node's capacity is out at a time
                d.nodes().forEach(n -> migDrains.merge(n, d.evict(), Boolean::logicalOr));
            } else {
                actions.add(new Drain(d.nodes(), d.evict(), d.why()));
            }
        }

        void label(PlanStep.LabelNodes l, List<PlanStep> earlier) {
            String mig = l.labels().get(MIG_LABEL);
            String dp = l.labels().get(DP_LABEL);
            for (String n : l.nodes()) relabels.computeIfAbsent(n, k -> new HashMap<>()).putAll(l.labels());
            if (mig != null) {
                if (!migLayouts.containsKey(mig)) {
                    refusals.add("the plan labels nodes " + l.nodes() + " with " + MIG_LABEL + "=" + mig
                            + " but no earlier MigConfig step describes '" + mig + "'");
                    return;
                }
                Map<String, Integer> layout = migLayouts.get(mig);
                if (migStrategy == null || migStrategy.equals("none")) {
                    refusals.add("ClusterPolicy spec.mig.strategy is " + (migStrategy == null ? "unset" : "none")
                            + ": the plan must set single or mixed before using MIG config '" + mig + "'");
                    return;
                }
                if (migStrategy.equals("single") && layout.size() > 1) {
                    refusals.add("MIG config '" + mig + "' mixes profiles " + layout.keySet() + "; the single strategy "
                            + "refuses such nodes (the plan must set mig.strategy mixed)");
                    return;
                }
                Set<String> evict = new HashSet<>();
                l.nodes().forEach(n -> {
                    if (migDrains.getOrDefault(n, false)) evict.add(n);
                });
                actions.add(new Relabel(l.nodes(), l.labels(), true, evict));
                for (String n : l.nodes()) {
                    read(ObjectRef.node(n)).ifPresent(node -> expect(n, node, perGpu(Map.of(MIG_LABEL, mig)), "MIG config '" + mig + "'"));
                }
                return;
            }
            if (dp != null) {
                if (!dpTexts.containsKey(dp)) {
                    boolean writtenLater = approved.plan().steps().stream().anyMatch(s ->
                            s instanceof PlanStep.DevicePluginConfig c && c.configName().equals(dp) && !earlier.contains(s));
                    refusals.add("the plan labels nodes " + l.nodes() + " with " + DP_LABEL + "=" + dp + " but "
                            + (writtenLater ? "writes that config only afterwards" : "no such config exists in " + target.configMapRef()));
                    return;
                }
                actions.add(new AwaitMount(MountedConfigProbe.Component.DEVICE_PLUGIN, l.nodes(), dp, dpTexts.get(dp)));
            }
            actions.add(new Relabel(l.nodes(), l.labels(), false, Set.of()));
            if (dp != null) {
                for (String n : l.nodes()) {
                    read(ObjectRef.node(n)).ifPresent(node -> expect(n, node, perGpu(Map.of(DP_LABEL, dp)), "device-plugin config '" + dp + "'"));
                }
            }
        }

        void expect(String name, ObjectNode node, Map<String, Long> perGpu, String why) {
            if (perGpu == null) return;
            int gpus = gpus(name, node);
            perGpu.forEach((resource, count) -> {
                if (count > 0) expectations.add(new Expectation(name, resource, count * gpus, why + ": " + gpus + " GPU(s) x " + count));
            });
        }

        /** Resources one physical GPU advertises under the sharing labels given; null when unknown. */
        Map<String, Long> perGpu(Map<String, String> labels) {
            String mig = labels.get(MIG_LABEL);
            if (mig != null && migLayouts.containsKey(mig) && !migLayouts.get(mig).isEmpty()) {
                Map<String, Long> out = new TreeMap<>();
                Map<String, Integer> layout = migLayouts.get(mig);
                if ("single".equals(migStrategy)) {
                    out.put("nvidia.com/gpu", layout.values().stream().mapToLong(Integer::longValue).sum());
                } else {
                    out.put("nvidia.com/gpu", 0L);
                    layout.forEach((p, c) -> out.put("nvidia.com/mig-" + p.replace('+', '.'), (long) c));
                }
                return out;
            }
            String dp = labels.get(DP_LABEL);
            DevicePluginConfigs.Parsed parsed = dp == null ? null : dpConfigs.get(dp);
            if (parsed == null) return null;
            Map<String, Long> out = new TreeMap<>();
            out.put("nvidia.com/gpu", 1L);
            if (parsed.timeSlicing() != null) {
                Integer r = parsed.timeSlicing().replicas().get("nvidia.com/gpu");
                if (r != null) {
                    boolean renamed = parsed.timeSlicing().renameByDefault();
                    out.put(DevicePluginConfigs.Parsed.advertised("nvidia.com/gpu", renamed), (long) r);
                    if (renamed) out.put("nvidia.com/gpu", 0L);
                }
            }
            return out;
        }

        // ---- Karpenter ------------------------------------------------------------------------------------------

        void nodePool(PlanStep.NodePoolUpdate u) {
            ObjectRef ref = ObjectRef.nodePool(u.nodePool());
            Optional<ObjectNode> pool = read(ref);
            if (pool.isEmpty()) {
                List<String> names = kube.list(ObjectRef.Kind.NODE_POOL, Map.of()).stream()
                        .map(p -> Json.text(p, "metadata", "name")).toList();
                refusals.add("NodePool '" + u.nodePool() + "' not found (renamed or deleted since the analysis); NodePools now: " + names);
                return;
            }
            JsonNode spec = pool.get().path("spec");
            Map<String, String> labels = new TreeMap<>();
            spec.path("template").path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            boolean labelsChange = u.templateLabels().entrySet().stream().anyMatch(e -> !e.getValue().equals(labels.get(e.getKey())));
            labels.putAll(u.templateLabels());
            poolTemplates.put(u.nodePool(), labels);
            Map<String, String> limits = new TreeMap<>();
            spec.path("limits").fields().forEachRemaining(e -> limits.put(e.getKey(), e.getValue().asText()));
            limits.putAll(u.limits());
            poolLimits.put(u.nodePool(), limits);

            String dp = u.templateLabels().get(DP_LABEL);
            if (dp != null && !dpTexts.containsKey(dp)) {
                refusals.add("NodePool '" + u.nodePool() + "' template label " + DP_LABEL + "=" + dp + " names a config the ConfigMap will not have: new nodes would get no sharing");
            }
            String mig = u.templateLabels().get(MIG_LABEL);
            if (mig != null && !migLayouts.containsKey(mig)) {
                refusals.add("NodePool '" + u.nodePool() + "' template label " + MIG_LABEL + "=" + mig + " names a MIG config the plan does not describe");
            }

            ObjectNode body = Json.object();
            ObjectNode bodySpec = body.putObject("spec");
            if (!u.templateLabels().isEmpty()) {
                ObjectNode l = bodySpec.putObject("template").putObject("metadata").putObject("labels");
                u.templateLabels().forEach(l::put);
            }
            if (!u.limits().isEmpty()) {
                ObjectNode l = bodySpec.putObject("limits");
                u.limits().forEach(l::put);
            }
            if (labelsChange) {
                List<ObjectNode> poolNodes = kube.list(ObjectRef.Kind.NODE, Map.of(NODEPOOL_LABEL, u.nodePool()));
                if (u.driftBudgetNodes() == null) {
                    refusals.add("NodePool '" + u.nodePool() + "': changing template labels " + u.templateLabels() + " drifts the pool and "
                            + "Karpenter replaces its " + poolNodes.size() + " node(s); the plan must throttle that with a drift budget "
                            + "(driftBudgetNodes) or label the existing nodes directly instead");
                    return;
                }
                driftingPools.add(u.nodePool());
                ArrayNode budgets = spec.path("disruption").path("budgets").isArray()
                        ? ((ArrayNode) spec.path("disruption").path("budgets")).deepCopy() : Json.MAPPER.createArrayNode();
                ObjectNode ours = Json.object();
                ours.put("nodes", u.driftBudgetNodes());
                ours.putArray("reasons").add("Drifted");
                boolean present = false;
                for (JsonNode b : budgets) present |= b.equals(ours);
                if (!present) budgets.add(ours);
                if (budgets.size() > 50) refusals.add("NodePool '" + u.nodePool() + "' already has 50 disruption budgets");
                bodySpec.putObject("disruption").set("budgets", budgets);
                notes.add("NodePool '" + u.nodePool() + "': the template label change drifts its " + poolNodes.size()
                        + " node(s); Karpenter replaces them with nodes that boot with the new config, at most "
                        + u.driftBudgetNodes() + " at a time (budget reasons [Drifted])");
            }
            addWrite(ref, body, "update NodePool", u.describe());
        }

        void overlay(PlanStep.NodeOverlay o) {
            if (!kube.serves(ObjectRef.Kind.NODE_OVERLAY)) {
                actions.add(new Note("NodeOverlay", o.name(), "skipped: the NodeOverlay CRD (karpenter.sh/v1alpha1) is not "
                        + "installed. It needs self-managed Karpenter >= 1.7 with --feature-gates NodeOverlay=true (not EKS Auto "
                        + "Mode); until then Karpenter's simulation counts physical GPUs and may over-provision for time-sliced pods"));
                notes.add("NodeOverlay '" + o.name() + "' not created: CRD absent (Karpenter >= 1.7, feature gate NodeOverlay=true)");
                return;
            }
            overlays.add(o);
            ObjectNode body = Json.object();
            ObjectNode spec = body.putObject("spec");
            ArrayNode reqs = spec.putArray("requirements");
            for (PlanStep.Requirement r : o.requirements()) {
                ObjectNode req = reqs.addObject();
                req.put("key", r.key());
                req.put("operator", r.operator());
                if (r.values() != null && !r.values().isEmpty()) {
                    ArrayNode values = req.putArray("values");
                    r.values().forEach(values::add);
                }
            }
            ObjectNode cap = spec.putObject("capacity");
            new TreeMap<>(o.capacity()).forEach(cap::put);
            spec.put("weight", o.weight());
            addWrite(ObjectRef.nodeOverlay(o.name()), body, "write NodeOverlay", o.describe());
            actions.add(new AwaitOverlay(o.name()));
        }

        /** Limits and overlays must speak the same (sliced) units as the nodes will report. */
        void karpenterConsistency() {
            if (poolTemplates.isEmpty() && overlays.isEmpty() && relabels.isEmpty()) return;
            Map<String, List<ObjectNode>> poolNodes = new HashMap<>();
            Set<String> pools = new LinkedHashSet<>(poolTemplates.keySet());
            for (String n : relabels.keySet()) {
                read(ObjectRef.node(n)).map(node -> Json.text(node, "metadata", "labels", NODEPOOL_LABEL)).ifPresent(pools::add);
            }
            List<ObjectNode> allPools = overlays.isEmpty() ? List.of() : kube.list(ObjectRef.Kind.NODE_POOL, Map.of());
            for (ObjectNode p : allPools) {
                String name = Json.text(p, "metadata", "name");
                poolTemplates.computeIfAbsent(name, k -> {
                    Map<String, String> l = new TreeMap<>();
                    p.path("spec").path("template").path("metadata").path("labels").fields().forEachRemaining(e -> l.put(e.getKey(), e.getValue().asText()));
                    return l;
                });
                poolLimits.computeIfAbsent(name, k -> {
                    Map<String, String> l = new TreeMap<>();
                    p.path("spec").path("limits").fields().forEachRemaining(e -> l.put(e.getKey(), e.getValue().asText()));
                    return l;
                });
            }
            for (String pool : pools) {
                if (!poolLimits.containsKey(pool)) {
                    Optional<ObjectNode> p = kube.get(ObjectRef.nodePool(pool));
                    if (p.isEmpty()) continue;
                    Map<String, String> l = new TreeMap<>();
                    p.get().path("spec").path("limits").fields().forEachRemaining(e -> l.put(e.getKey(), e.getValue().asText()));
                    poolLimits.put(pool, l);
                }
                List<ObjectNode> nodes = poolNodes.computeIfAbsent(pool, k -> kube.list(ObjectRef.Kind.NODE, Map.of(NODEPOOL_LABEL, pool)));
                Map<String, BigDecimal> total = new TreeMap<>();
                for (ObjectNode node : nodes) capacityAfter(pool, node).forEach((r, q) -> total.merge(r, q, BigDecimal::add));
                poolLimits.get(pool).forEach((resource, limit) -> {
                    if (!resource.startsWith("nvidia.com/")) return;
                    BigDecimal sum = total.getOrDefault(resource, BigDecimal.ZERO);
                    if (KubeNames.amount(limit).compareTo(sum) < 0) {
                        refusals.add("NodePool '" + pool + "': limits." + resource + "=" + limit + " but its " + nodes.size()
                                + " node(s) will report " + sum.toPlainString() + " once sliced; Karpenter counts the sliced capacity "
                                + "against limits and would stop scaling the pool: set the limit in sliced units (>= " + sum.toPlainString() + ")");
                    }
                });
            }
            for (PlanStep.NodeOverlay o : overlays) overlayConsistency(o, poolNodes);
        }

        Map<String, BigDecimal> capacityAfter(String pool, ObjectNode node) {
            String name = Json.text(node, "metadata", "name");
            Map<String, String> labels = new HashMap<>();
            node.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            if (driftingPools.contains(pool)) labels.putAll(poolTemplates.get(pool));
            labels.putAll(relabels.getOrDefault(name, Map.of()));
            Map<String, Long> perGpu = perGpu(labels);
            Map<String, BigDecimal> out = new TreeMap<>();
            if (perGpu == null) {
                node.path("status").path("capacity").fields().forEachRemaining(e -> {
                    if (e.getKey().startsWith("nvidia.com/")) out.put(e.getKey(), KubeNames.amount(e.getValue().asText()));
                });
            } else {
                int gpus = gpus(name, node);
                perGpu.forEach((r, c) -> out.put(r, BigDecimal.valueOf(c * gpus)));
            }
            return out;
        }

        void overlayConsistency(PlanStep.NodeOverlay o, Map<String, List<ObjectNode>> poolNodes) {
            String where = "NodeOverlay '" + o.name() + "'";
            boolean scoped = o.requirements().stream().anyMatch(r -> !instanceKey(r.key()) && Set.of("In", "Exists").contains(r.operator()));
            if (!scoped) {
                refusals.add(where + " is not scoped to a NodePool (no requirement on karpenter.sh/nodepool or a template label): it "
                        + "would change the simulated capacity of every NodePool's instances");
                return;
            }
            Integer gpuCount = o.requirements().stream()
                    .filter(r -> r.key().equals("karpenter.k8s.aws/instance-gpu-count") && r.operator().equals("In") && r.values().size() == 1)
                    .map(r -> Integer.valueOf(r.values().get(0))).findFirst().orElse(null);
            List<String> matched = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> pool : poolTemplates.entrySet()) {
                if (!matches(o, pool.getKey(), pool.getValue())) continue;
                matched.add(pool.getKey());
                Map<String, String> sharing = new HashMap<>();
                for (String k : List.of(DP_LABEL, MIG_LABEL)) {
                    if (pool.getValue().containsKey(k)) sharing.put(k, pool.getValue().get(k));
                }
                List<ObjectNode> nodes = poolNodes.computeIfAbsent(pool.getKey(), k -> kube.list(ObjectRef.Kind.NODE, Map.of(NODEPOOL_LABEL, k)));
                if (sharing.isEmpty()) {
                    Set<Map<String, String>> seen = new HashSet<>();
                    for (ObjectNode n : nodes) {
                        Map<String, String> r = relabels.get(Json.text(n, "metadata", "name"));
                        if (r != null) seen.add(r);
                    }
                    if (seen.size() == 1) sharing.putAll(seen.iterator().next());
                }
                Map<String, Long> perGpu = perGpu(sharing);
                if (perGpu == null) {
                    refusals.add(where + " matches NodePool '" + pool.getKey() + "' whose sharing config the plan does not set: cannot check its capacity");
                    continue;
                }
                Integer g = gpuCount;
                if (g == null) {
                    Set<Integer> counts = new HashSet<>();
                    nodes.forEach(n -> counts.add(gpus(Json.text(n, "metadata", "name"), n)));
                    if (counts.size() != 1) {
                        refusals.add(where + " has no karpenter.k8s.aws/instance-gpu-count requirement and NodePool '" + pool.getKey()
                                + "' runs instances with " + counts + " GPUs: capacity is an absolute number per instance, use one overlay per GPU count");
                        continue;
                    }
                    g = counts.iterator().next();
                }
                int gpus = g;
                o.capacity().forEach((resource, value) -> {
                    Long per = perGpu.get(resource);
                    if (per == null) return;
                    BigDecimal expected = BigDecimal.valueOf(per * gpus);
                    if (KubeNames.amount(value).compareTo(expected) != 0) {
                        refusals.add(where + " declares " + resource + "=" + value + " for " + gpus + "-GPU instances of NodePool '"
                                + pool.getKey() + "', but its config gives " + gpus + " x " + per + " = " + expected.toPlainString());
                    }
                    String limit = poolLimits.getOrDefault(pool.getKey(), Map.of()).get(resource);
                    if (limit != null && KubeNames.amount(limit).compareTo(KubeNames.amount(value)) < 0) {
                        refusals.add("NodePool '" + pool.getKey() + "': limits." + resource + "=" + limit + " is below the "
                                + value + " one node declares through " + where + ": Karpenter could not launch any node");
                    }
                });
            }
            if (matched.isEmpty()) notes.add(where + " matches no NodePool today");
        }

        boolean matches(PlanStep.NodeOverlay o, String pool, Map<String, String> templateLabels) {
            for (PlanStep.Requirement r : o.requirements()) {
                if (instanceKey(r.key())) continue;
                String v = r.key().equals(NODEPOOL_LABEL) ? pool : templateLabels.get(r.key());
                boolean ok = switch (r.operator()) {
                    case "In" -> v != null && r.values().contains(v);
                    case "NotIn" -> v == null || !r.values().contains(v);
                    case "Exists" -> v != null;
                    case "DoesNotExist" -> v == null;
                    default -> true;
                };
                if (!ok) return false;
            }
            return true;
        }

        boolean instanceKey(String key) {
            return key.startsWith("karpenter.k8s.aws/") || key.startsWith("node.kubernetes.io/") || key.startsWith("kubernetes.io/")
                    || key.startsWith("topology.kubernetes.io/") || key.equals("karpenter.sh/capacity-type");
        }

        // ---- writes and staleness -------------------------------------------------------------------------------

        void addWrite(ObjectRef ref, ObjectNode body, String action, String detail) {
            actions.add(new Write(ref, body, action, detail));
            desired.merge(ref, body, (a, b) -> Json.merge(a, b));
        }

        /**
         * Every object the plan touches must be as the analysis saw it, unless it already is as the plan wants it
         * (a second apply of the same plan). Never overwrite what someone else changed.
         */
        void staleness(Optional<JsonNode> clusterPolicy) {
            Set<ObjectRef> scope = PlanScope.refs(approved.plan(), target, clusterPolicy);
            for (Map.Entry<ObjectRef, ObjectNode> d : desired.entrySet()) {
                if (read(d.getKey()).map(cur -> Json.contains(cur, d.getValue())).orElse(false)) satisfied.add(d.getKey());
            }
            Set<ObjectRef> written = new HashSet<>(desired.keySet());
            for (Action a : actions) {
                if (a instanceof Drain d) {
                    for (String n : d.nodes()) {
                        written.add(ObjectRef.node(n));
                        if (read(ObjectRef.node(n)).map(node -> node.path("spec").path("unschedulable").asBoolean(false)).orElse(false)) {
                            satisfied.add(ObjectRef.node(n));
                        }
                    }
                }
                if (a instanceof Relabel r) {
                    r.nodes().forEach(n -> written.add(ObjectRef.node(n)));
                    for (String n : r.nodes()) {
                        boolean labelled = read(ObjectRef.node(n)).map(node -> r.labels().entrySet().stream().allMatch(e ->
                                e.getValue().equals(Json.text(node, "metadata", "labels", e.getKey())))).orElse(false);
                        if (labelled) satisfied.add(ObjectRef.node(n));
                    }
                }
            }
            for (ObjectRef ref : scope) {
                // an object this run will not write (already as planned) cannot be overwritten, so it cannot be stale
                if (!written.contains(ref)) continue;
                Optional<ObservedObject> seen = approved.observation(ref);
                Optional<ObjectNode> now = read(ref);
                if (satisfied.contains(ref)) continue;
                if (seen.isEmpty()) {
                    refusals.add("the approved plan does not record how the analysis saw " + ref + "; re-run the analysis");
                    continue;
                }
                ObservedObject o = seen.get();
                if (o.existed() && now.isEmpty()) {
                    if (ref.kind() != ObjectRef.Kind.NODE && ref.kind() != ObjectRef.Kind.NODE_POOL) {
                        refusals.add(ref + " was deleted since the analysis");
                    }
                    continue; // nodes and NodePools already reported above with more detail
                }
                if (!o.existed() && now.isPresent()) {
                    refusals.add(ref + " was created by someone else since the analysis; not overwriting it");
                    continue;
                }
                if (now.isEmpty()) continue;
                String uid = Json.text(now.get(), "metadata", "uid");
                if (o.uid() != null && !o.uid().equals(uid) && ref.kind() != ObjectRef.Kind.NODE) {
                    refusals.add(ref + " was deleted and re-created since the analysis (uid " + o.uid() + " is now " + uid + ")");
                    continue;
                }
                String fp = Fingerprints.of(ref.kind(), now.get());
                if (!fp.equals(o.fingerprint())) {
                    refusals.add(ref + " was changed by someone else since the analysis at " + approved.createdAt()
                            + " (" + whatChanged(ref) + "); stopping rather than overwriting: re-run the analysis");
                }
            }
        }

        String whatChanged(ObjectRef ref) {
            return switch (ref.kind()) {
                case CONFIG_MAP -> "its data differs";
                case NODE -> "its sharing labels or cordon differ";
                case CLUSTER_POLICY -> "its devicePlugin.config, mig or migManager.config differ";
                case NODE_POOL, NODE_OVERLAY -> "its spec differs";
            };
        }
    }

}
