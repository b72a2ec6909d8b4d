package dev.slicewise.plan;

import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import dev.slicewise.catalog.mig.MigConfigs;
import dev.slicewise.catalog.mig.MigLayout;
import dev.slicewise.catalog.mig.MigPartedConfig;
import dev.slicewise.catalog.mig.MigProfileNames;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.NodePoolInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes the exact changes a recommendation needs as {@link PlanStep} data, in the order the applier runs them,
 * with the rollback and the warnings the approver must read. Only Karpenter pools get NodePool/NodeOverlay steps;
 * managed node groups and unmanaged nodes get a note saying what to change by hand.
 *
 * <p>Sources: device-plugin config v1 and its validation (k8s-device-plugin v0.20.0), GPU Operator ClusterPolicy and
 * MIG manager behaviour (it does not drain), Karpenter v1 drift on template changes and NodeOverlay capacity
 * semantics — see shared/reference/nvidia-k8s.md sections 1, 2, 4 and 5.
 */
public final class PlanBuilder {
    public static final String DEVICE_PLUGIN_CONFIG_LABEL = "nvidia.com/device-plugin.config";
    public static final String MIG_CONFIG_LABEL = "nvidia.com/mig.config";
    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    public static final String NODEPOOL_LABEL = "karpenter.sh/nodepool";
    public static final String GPU_COUNT_LABEL = "karpenter.k8s.aws/instance-gpu-count";
    /** ConfigMap created for the named device-plugin configs when the cluster has none yet. */
    public static final String DEFAULT_CONFIG_MAP = "slicewise-device-plugin-configs";
    static final String DRIFT_BUDGET = "1";
    static final int OVERLAY_WEIGHT = 100;

    /**
     * What a time-slicing plan needs to know.
     *
     * @param stay       nodes that stay and get sliced in place
     * @param freed      nodes emptied by the packing
     * @param multiGpuOwners owners of pods requesting more than one GPU in this pool (they cannot run on sliced nodes)
     * @param otherInstanceTypes other instance types the pool may launch (they would boot sliced without an overlay)
     */
    public record TimeSlicingInput(String cluster, NodePoolInfo pool, String instanceType, int gpusPerNode,
                                   DevicePluginSetup devicePlugin, int replicas, List<String> stay, List<String> freed,
                                   List<String> multiGpuOwners, List<String> otherInstanceTypes) {}

    /** The device-plugin config name for {@code replicas} time-sliced replicas. */
    public static String timeSlicingConfigName(int replicas) {
        return "slicewise-ts-" + replicas;
    }

    /** The device-plugin config (version v1) Slicewise writes for time-slicing. */
    public static String timeSlicingYaml(int replicas, boolean failRequestsGreaterThanOne) {
        return "version: v1\n"
                + "sharing:\n"
                + "  timeSlicing:\n"
                + "    renameByDefault: false\n"
                + "    failRequestsGreaterThanOne: " + failRequestsGreaterThanOne + "\n"
                + "    resources:\n"
                + "    - name: nvidia.com/gpu\n"
                + "      replicas: " + replicas + "\n";
    }

    public Plan timeSlicing(TimeSlicingInput in) {
        if (in.replicas() < 2) throw new IllegalArgumentException("the device plugin rejects fewer than 2 replicas: " + in.replicas());
        List<PlanStep> steps = new ArrayList<>();
        List<String> rollback = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String name = timeSlicingConfigName(in.replicas());
        String yaml = timeSlicingYaml(in.replicas(), true);
        DevicePluginSetup dp = in.devicePlugin() == null
                ? new DevicePluginSetup(DevicePluginSetup.Mode.UNKNOWN, null, null, null, Map.of(), null) : in.devicePlugin();
        String namespace = dp.namespace() != null ? dp.namespace() : dp.mode() == DevicePluginSetup.Mode.STANDALONE ? "kube-system" : "gpu-operator";
        String configMap = dp.configMap() != null ? dp.configMap() : DEFAULT_CONFIG_MAP;

        // 1. the named config (failRequestsGreaterThanOne: NVIDIA recommends it; a request for 2 replicas gives no
        //    extra compute and may land both on one GPU)
        String existing = dp.configs().get(name);
        if (existing != null && !existing.strip().equals(yaml.strip())) {
            warnings.add("ConfigMap " + namespace + "/" + configMap + " already has a config '" + name + "' with other content: "
                    + "it will be replaced (its before-image is kept for rollback)");
        }
        steps.add(new PlanStep.DevicePluginConfig(name, in.replicas(), false, true, yaml, configMap, namespace));
        rollback.add("remove key '" + name + "' from ConfigMap " + namespace + "/" + configMap
                + (dp.configMap() == null ? " (delete the ConfigMap Slicewise created)" : ""));

        // 2. make the device plugin read the ConfigMap
        switch (dp.mode()) {
            case GPU_OPERATOR -> {
                if (dp.configMap() == null) {
                    steps.add(new PlanStep.ClusterPolicyPatch(configMap, null));
                    rollback.add("patch ClusterPolicy back: unset spec.devicePlugin.config.name (nodes without the label keep "
                            + "no sharing either way)");
                    warnings.add("the GPU Operator restarts the device-plugin and GFD pods of every GPU node when "
                            + "spec.devicePlugin.config.name changes; running workloads keep running");
                }
            }
            case STANDALONE -> {
                if (dp.configMap() == null) {
                    warnings.add("the standalone device plugin (Helm chart) reads no config ConfigMap yet: set the chart value "
                            + "config.name=" + configMap + " (and config.default to a config without sharing) — Slicewise does "
                            + "not change Helm releases; until then the node label has no effect");
                }
            }
            case UNKNOWN -> warnings.add("how the NVIDIA device plugin is deployed is unknown: the ConfigMap " + namespace + "/"
                    + configMap + " must be the one it reads (GPU Operator: ClusterPolicy spec.devicePlugin.config.name; "
                    + "Helm chart: config.name), otherwise the label changes nothing");
        }

        // 3. Karpenter first learns the sliced capacity and the template, so nodes it launches from now on boot sliced
        Map<String, String> sliceLabel = Map.of(DEVICE_PLUGIN_CONFIG_LABEL, name);
        if (in.pool().kind() == NodePoolInfo.PoolKind.KARPENTER) {
            String overlay = overlayName(in.pool().name(), "ts" + in.replicas(), in.gpusPerNode());
            steps.add(new PlanStep.NodeOverlay(overlay, List.of(
                    new PlanStep.Requirement(NODEPOOL_LABEL, "In", List.of(in.pool().name())),
                    new PlanStep.Requirement(DEVICE_PLUGIN_CONFIG_LABEL, "In", List.of(name)),
                    new PlanStep.Requirement(GPU_COUNT_LABEL, "In", List.of(Integer.toString(in.gpusPerNode())))),
                    Map.of(GPU_RESOURCE, Integer.toString(in.gpusPerNode() * in.replicas())), OVERLAY_WEIGHT));
            rollback.add("delete NodeOverlay " + overlay);
            warnings.add("NodeOverlay is alpha: Karpenter must run with the NodeOverlay feature gate (not available in EKS "
                    + "Auto Mode); without it Karpenter counts one nvidia.com/gpu per physical GPU and over-provisions");

            Map<String, String> labels = new TreeMap<>(in.pool().templateLabels());
            labels.putAll(sliceLabel);
            Map<String, String> limits = new TreeMap<>(in.pool().limits());
            String gpuLimit = limits.get(GPU_RESOURCE);
            if (gpuLimit != null) {
                Long physical = parseCount(gpuLimit);
                if (physical != null) limits.put(GPU_RESOURCE, Long.toString(physical * in.replicas()));
                else warnings.add("NodePool " + in.pool().name() + " limit nvidia.com/gpu=" + gpuLimit + " is not a plain count: "
                        + "multiply it by " + in.replicas() + " by hand (limits count replicas once nodes are sliced)");
            }
            steps.add(new PlanStep.NodePoolUpdate(in.pool().name(), labels, limits, DRIFT_BUDGET));
            rollback.add("restore NodePool " + in.pool().name() + " template labels " + in.pool().templateLabels() + " and limits "
                    + in.pool().limits() + " (this drifts the nodes back to unshared, " + DRIFT_BUDGET + " at a time)");
            warnings.add("changing the NodePool template label drifts: Karpenter replaces every node of " + in.pool().name()
                    + " (" + DRIFT_BUDGET + " at a time, drift budget) with one booting sliced; pods are evicted and rescheduled");
            if (gpuLimit != null) {
                warnings.add("NodePool limit nvidia.com/gpu now counts replicas (" + in.replicas() + " per physical GPU), "
                        + "consistent with the NodeOverlay capacity");
            }
            if (!in.otherInstanceTypes().isEmpty()) {
                warnings.add("NodePool " + in.pool().name() + " may also launch " + String.join(", ", in.otherInstanceTypes())
                        + ": those boot sliced too; the overlay covers only " + in.gpusPerNode() + "-GPU instances");
            }
        } else {
            warnings.add(poolNote(in.pool(), DEVICE_PLUGIN_CONFIG_LABEL + "=" + name));
        }

        // 4. slice the nodes that stay, in place (the device plugin restarts; running pods keep their GPU)
        if (!in.stay().isEmpty()) {
            steps.add(new PlanStep.LabelNodes(in.stay(), sliceLabel));
            rollback.add("remove label " + DEVICE_PLUGIN_CONFIG_LABEL + " from " + String.join(", ", in.stay())
                    + " (they fall back to the default config: no sharing)");
        }

        // 5. empty the freed nodes onto the replicas, then remove them
        addRemoval(steps, rollback, in.pool(), in.freed());

        warnings.add("time-slicing has no memory isolation: co-located pods share the whole framebuffer; one growing past its "
                + "measured peak makes the others fail with CUDA out-of-memory");
        warnings.add("GPU Feature Discovery appends -SHARED to nvidia.com/gpu.product on sliced nodes: node selectors or "
                + "affinities on the exact product name stop matching");
        if (!in.multiGpuOwners().isEmpty()) {
            warnings.add("pods requesting more than one GPU (" + String.join(", ", in.multiGpuOwners()) + ") are rejected on sliced "
                    + "nodes (failRequestsGreaterThanOne: true, UnexpectedAdmissionError): give them a separate, unshared pool "
                    + "before new nodes boot sliced");
        }
        return new Plan(steps, rollback, warnings);
    }

    /**
     * A MIG plan's inputs.
     *
     * @param configOf      the MIG config each staying node gets (from {@link #migConfig})
     * @param templateConfig the config new nodes of the pool boot with
     * @param workloadOwners owners whose requests must change (mixed), for the warning
     */
    public record MigInput(String cluster, NodePoolInfo pool, String instanceType, int gpusPerNode, GpuModel model,
                           DevicePluginSetup devicePlugin, String strategy, Map<String, MigConfigChoice> configOf,
                           MigConfigChoice templateConfig, List<String> freed, List<String> workloadOwners) {}

    /**
     * A mig-parted config for one node: a stock name of the GPU Operator's default config, or a custom entry.
     *
     * @param layoutPerDevice profile → instances for each GPU index of the node (all equal when {@code uniform}), in
     *                        the profile names the node reports
     * @param yaml            the mig-parted v1 config for a custom one (null for stock)
     */
    public record MigConfigChoice(String name, boolean stock, List<Map<String, Integer>> layoutPerDevice, List<String> deviceFilter,
                                  String yaml) {
        public boolean uniform() {
            return layoutPerDevice.stream().distinct().count() <= 1;
        }

        public Map<String, Integer> firstLayout() {
            return layoutPerDevice.isEmpty() ? Map.of() : layoutPerDevice.get(0);
        }
    }

    /** {@link #migConfig(GpuModel, List, MigProfileNames)} with the catalog's profile names. */
    public static MigConfigChoice migConfig(GpuModel model, List<Map<String, Integer>> layouts) {
        return migConfig(model, layouts, MigProfileNames.catalog(model));
    }

    /**
     * The config for a node whose GPUs get these layouts (catalog profile names): the stock config that yields the
     * layout on this GPU model (looked up in the bundled copy of the GPU Operator's default mig-parted config, per PCI
     * device id: stock names are GPU-relative), else a custom {@code slicewise-…} config, validated by the MIG placer,
     * with per-device entries when the node's GPUs differ.
     *
     * @param names how the node spells the profiles (drivers differ, e.g. {@code 3g.39gb})
     * @throws IllegalArgumentException when a layout names a profile the model lacks or does not fit one GPU
     */
    public static MigConfigChoice migConfig(GpuModel model, List<Map<String, Integer>> layouts, MigProfileNames names) {
        List<MigLayout> parsed = layouts.stream().map(l -> layout(model, l)).toList();
        List<Map<String, Integer>> spelled = parsed.stream().map(l -> (Map<String, Integer>) new TreeMap<>(names.rename(l))).toList();
        boolean uniform = parsed.stream().distinct().count() <= 1;
        if (uniform && !parsed.isEmpty()) {
            Optional<String> stock = MigConfigs.stockConfigFor(model, parsed.get(0), names);
            if (stock.isPresent()) return new MigConfigChoice(stock.get(), true, spelled, model.pciDeviceIds(), null);
        }
        String name = customName(spelled);
        MigPartedConfig custom = uniform
                ? MigConfigs.custom(model, name, parsed.get(0), names)
                : MigConfigs.custom(model, name, parsed, names);
        return new MigConfigChoice(name, false, spelled, model.pciDeviceIds(), custom.toYaml());
    }

    private static MigLayout layout(GpuModel model, Map<String, Integer> byName) {
        Map<MigProfile, Integer> counts = new LinkedHashMap<>();
        new TreeMap<>(byName).forEach((n, c) -> counts.put(model.profile(n)
                .orElseThrow(() -> new IllegalArgumentException(model.key() + " has no MIG profile " + n)), c));
        return new MigLayout(counts);
    }

    private static String customName(List<Map<String, Integer>> layouts) {
        List<Map<String, Integer>> distinct = layouts.stream().distinct().toList();
        StringBuilder sb = new StringBuilder("slicewise");
        for (Map<String, Integer> l : distinct) {
            for (Map.Entry<String, Integer> e : l.entrySet()) sb.append('-').append(e.getValue()).append('x').append(e.getKey().replace('+', '.'));
        }
        String name = sb.toString();
        // label values are limited to 63 characters
        return name.length() <= 63 ? name : "slicewise-mig-" + sha256(layouts.toString()).substring(0, 12);
    }

    public Plan mig(MigInput in) {
        List<PlanStep> steps = new ArrayList<>();
        List<String> rollback = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        DevicePluginSetup dp = in.devicePlugin() == null
                ? new DevicePluginSetup(DevicePluginSetup.Mode.UNKNOWN, null, null, null, Map.of(), null) : in.devicePlugin();

        // 1. the configs (stock ones exist already in the GPU Operator's default mig-parted ConfigMap)
        Map<String, MigConfigChoice> configs = new TreeMap<>();
        in.configOf().values().forEach(c -> configs.put(c.name(), c));
        configs.put(in.templateConfig().name(), in.templateConfig());
        for (MigConfigChoice c : configs.values()) {
            steps.add(new PlanStep.MigConfig(c.name(), c.stock(), c.firstLayout(), c.deviceFilter(), c.yaml()));
            if (!c.stock()) {
                warnings.add("custom MIG config '" + c.name() + "': the mig-parted ConfigMap named by ClusterPolicy "
                        + "spec.migManager.config.name must contain it (a copy of the default config plus this entry)");
                rollback.add("remove MIG config '" + c.name() + "' from the mig-parted ConfigMap");
            }
        }

        // 2. strategy: cluster-wide; it reaches the device plugin and GFD of every node as MIG_STRATEGY
        if (!in.strategy().equals(dp.migStrategy())) {
            if (dp.mode() == DevicePluginSetup.Mode.GPU_OPERATOR) {
                steps.add(new PlanStep.ClusterPolicyPatch(null, in.strategy()));
                rollback.add("patch ClusterPolicy spec.mig.strategy back to " + (dp.migStrategy() == null ? "unset" : dp.migStrategy()));
                warnings.add("spec.mig.strategy is cluster-wide: it applies to every GPU node of " + in.cluster()
                        + " and overrides flags.migStrategy in device-plugin configs");
            } else {
                warnings.add("MIG needs the GPU Operator's MIG manager (or mig-parted run by hand) and the device plugin's "
                        + "migStrategy=" + in.strategy() + "; this cluster's device plugin is " + dp.mode());
            }
        }

        // 3. Karpenter: new nodes boot partitioned; limits stop relying on nvidia.com/gpu under mixed
        String template = in.templateConfig().name();
        Map<String, Integer> layout = in.templateConfig().firstLayout();
        if (in.pool().kind() == NodePoolInfo.PoolKind.KARPENTER) {
            String overlay = overlayName(in.pool().name(), "mig-" + in.strategy(), in.gpusPerNode());
            Map<String, String> capacity = new TreeMap<>();
            Map<String, Integer> perNode = perNode(in.templateConfig(), in.gpusPerNode());
            if (in.strategy().equals("mixed")) {
                capacity.put(GPU_RESOURCE, "0");
                perNode.forEach((p, n) -> {
                    String resource = in.model().profile(p).map(MigProfile::resourceName).orElse("nvidia.com/mig-" + p.replace('+', '.'));
                    capacity.put(resource, Integer.toString(n));
                });
            } else {
                int total = perNode.values().stream().mapToInt(Integer::intValue).sum();
                capacity.put(GPU_RESOURCE, Integer.toString(total));
            }
            steps.add(new PlanStep.NodeOverlay(overlay, List.of(
                    new PlanStep.Requirement(NODEPOOL_LABEL, "In", List.of(in.pool().name())),
                    new PlanStep.Requirement(MIG_CONFIG_LABEL, "In", List.of(template)),
                    new PlanStep.Requirement(GPU_COUNT_LABEL, "In", List.of(Integer.toString(in.gpusPerNode())))),
                    capacity, OVERLAY_WEIGHT));
            rollback.add("delete NodeOverlay " + overlay);
            warnings.add("NodeOverlay is alpha: Karpenter must run with the NodeOverlay feature gate (not in EKS Auto Mode); "
                    + "without it Karpenter does not know the MIG resources and cannot provision for them");

            Map<String, String> labels = new TreeMap<>(in.pool().templateLabels());
            labels.put(MIG_CONFIG_LABEL, template);
            Map<String, String> limits = new TreeMap<>(in.pool().limits());
            String gpuLimit = limits.get(GPU_RESOURCE);
            if (in.strategy().equals("mixed")) {
                if (gpuLimit != null) {
                    limits.remove(GPU_RESOURCE);
                    Long physical = parseCount(gpuLimit);
                    if (physical != null && !limits.containsKey("nodes")) {
                        limits.put("nodes", Long.toString(Math.max(1, physical / Math.max(1, in.gpusPerNode()))));
                    }
                    warnings.add("under mixed, nvidia.com/gpu counts 0 on MIG GPUs, so limits.nvidia.com/gpu no longer bounds the "
                            + "pool: it is replaced by limits.nodes");
                }
            } else if (gpuLimit != null) {
                Long physical = parseCount(gpuLimit);
                int perGpu = layout.values().stream().mapToInt(Integer::intValue).sum();
                if (physical != null) limits.put(GPU_RESOURCE, Long.toString(physical * perGpu));
            }
            steps.add(new PlanStep.NodePoolUpdate(in.pool().name(), labels, limits, DRIFT_BUDGET));
            rollback.add("restore NodePool " + in.pool().name() + " template labels " + in.pool().templateLabels() + " and limits "
                    + in.pool().limits());
            warnings.add("changing the NodePool template label drifts: Karpenter replaces every node of " + in.pool().name()
                    + " (" + DRIFT_BUDGET + " at a time) with one that boots partitioned");
        } else {
            warnings.add(poolNote(in.pool(), MIG_CONFIG_LABEL + "=" + template));
        }

        // 4. in place: the MIG manager does not drain, and a GPU still in use makes it fail, so drain first
        List<String> stay = new ArrayList<>(new TreeMap<>(in.configOf()).keySet());
        if (!stay.isEmpty()) {
            steps.add(new PlanStep.DrainNodes(stay, true, "the MIG manager does not drain and fails (mig.config.state=failed) "
                    + "on a GPU in use; nodes are uncordoned once nvidia.com/mig.config.state=success"));
            Map<String, List<String>> byConfig = new TreeMap<>();
            new TreeMap<>(in.configOf()).forEach((n, c) -> byConfig.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(n));
            byConfig.forEach((c, nodes) -> steps.add(new PlanStep.LabelNodes(nodes, Map.of(MIG_CONFIG_LABEL, c))));
            rollback.add("drain " + String.join(", ", stay) + " again and label them " + MIG_CONFIG_LABEL + "=all-disabled");
        }
        addRemoval(steps, rollback, in.pool(), in.freed());

        warnings.add("MIG reconfiguration needs idle GPUs: every instance on a GPU is destroyed and recreated; a MIG mode "
                + "change may need a reboot (set WITH_REBOOT=true; whether EC2 instances need it is UNCONFIRMED)");
        if (in.strategy().equals("mixed")) {
            warnings.add("change these workloads' GPU requests before applying (under mixed, a pod requesting nvidia.com/gpu no "
                    + "longer fits a MIG GPU): " + String.join(", ", in.workloadOwners()));
        } else {
            warnings.add("under single, pods keep requesting nvidia.com/gpu but get a MIG slice; nvidia.com/gpu.product becomes "
                    + "<model>-MIG-<profile>, so selectors on the exact product name stop matching");
        }
        warnings.add("GPU-to-GPU peer-to-peer (NVLink) is disabled in MIG mode");
        return new Plan(steps, rollback, warnings);
    }

    /** Instances of each profile on one node: the per-device layouts summed, or the layout × GPUs when uniform. */
    static Map<String, Integer> perNode(MigConfigChoice c, int gpus) {
        Map<String, Integer> out = new TreeMap<>();
        if (c.layoutPerDevice().size() == gpus) {
            c.layoutPerDevice().forEach(l -> l.forEach((p, n) -> out.merge(p, n, Integer::sum)));
        } else {
            c.firstLayout().forEach((p, n) -> out.put(p, n * gpus));
        }
        return out;
    }

    private static void addRemoval(List<PlanStep> steps, List<String> rollback, NodePoolInfo pool, List<String> freed) {
        if (freed.isEmpty()) return;
        steps.add(new PlanStep.DrainNodes(freed, true, "their pods move onto the shared GPUs of the nodes that stay "
                + "(evictions respect PodDisruptionBudgets)"));
        String how = switch (pool.kind()) {
            case KARPENTER -> "Karpenter consolidation removes the drained, empty nodes (or delete their NodeClaims)";
            case MANAGED_NODEGROUP -> "lower the desired size of node group " + pool.name() + " by " + freed.size()
                    + ", terminating these drained instances";
            case UNMANAGED -> "terminate the drained instances";
        };
        steps.add(new PlanStep.RemoveNodes(freed, how));
        rollback.add("freed nodes are not brought back by rollback: " + (pool.kind() == NodePoolInfo.PoolKind.KARPENTER
                ? "Karpenter provisions nodes again when pods are pending" : "raise the node group's desired size by " + freed.size()));
    }

    private static String poolNote(NodePoolInfo pool, String label) {
        return switch (pool.kind()) {
            case MANAGED_NODEGROUP -> "managed node group " + pool.name() + ": add the Kubernetes label " + label
                    + " to the node group (eks update-nodegroup-config) so replacement nodes boot the same way; Slicewise "
                    + "changes only the existing nodes";
            case UNMANAGED, KARPENTER -> "nodes without a NodePool/node group: new nodes will not get " + label
                    + " automatically; add it to whatever launches them";
        };
    }

    private static String overlayName(String pool, String mode, int gpus) {
        return ("slicewise-" + pool + "-" + mode + "-" + gpus + "gpu").toLowerCase().replaceAll("[^a-z0-9.-]", "-");
    }

    private static Long parseCount(String quantity) {
        try {
            return Long.parseLong(quantity.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
