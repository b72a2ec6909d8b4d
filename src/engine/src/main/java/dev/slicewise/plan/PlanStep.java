package dev.slicewise.plan;

import java.util.List;
import java.util.Map;

/**
 * One change applying a recommendation would make. Decisions are data: the applier re-validates each step against
 * the live cluster right before it runs it, and records the before-image of every object it touches.
 */
public sealed interface PlanStep {

    /** One line a person can read in a notification or on the review page. */
    String describe();

    /**
     * Add (or update) a named device-plugin config holding the time-slicing setting to the ConfigMap the cluster
     * uses, leaving its other named configs untouched.
     */
    record DevicePluginConfig(String configName, int replicas, boolean renameByDefault, boolean failRequestsGreaterThanOne,
                              String yaml, String configMap, String namespace) implements PlanStep {
        /** Without naming the ConfigMap: the applier then uses the one the cluster's device plugin references. */
        public DevicePluginConfig(String configName, int replicas, boolean renameByDefault, boolean failRequestsGreaterThanOne,
                                  String yaml) {
            this(configName, replicas, renameByDefault, failRequestsGreaterThanOne, yaml, null, null);
        }

        public String describe() {
            return "add device-plugin config '" + configName + "' (time-slicing, " + replicas + " replicas per GPU)"
                    + (configMap == null ? "" : " to ConfigMap " + (namespace == null ? "" : namespace + "/") + configMap);
        }
    }

    /** Point the GPU Operator ClusterPolicy at the ConfigMap and/or set the MIG strategy; null fields stay as they are. */
    record ClusterPolicyPatch(String devicePluginConfigMap, String migStrategy) implements PlanStep {
        public String describe() {
            return "patch ClusterPolicy" + (devicePluginConfigMap == null ? "" : " devicePlugin.config.name=" + devicePluginConfigMap)
                    + (migStrategy == null ? "" : " mig.strategy=" + migStrategy);
        }
    }

    /**
     * Use a MIG layout: a stock config of the GPU Operator's mig-parted ConfigMap, or a custom one
     * ({@code migPartedYaml} non-null) for a mixed layout.
     *
     * @param layoutPerGpu profile name → instances on each GPU
     */
    record MigConfig(String configName, boolean stock, Map<String, Integer> layoutPerGpu, List<String> deviceFilter,
                     String migPartedYaml) implements PlanStep {
        public String describe() {
            return (stock ? "use stock MIG config '" : "add custom MIG config '") + configName + "' " + layoutPerGpu;
        }
    }

    /** Cordon nodes and let their GPU pods finish (or evict them, respecting PodDisruptionBudgets, when {@code evict}). */
    record DrainNodes(List<String> nodes, boolean evict, String why) implements PlanStep {
        public String describe() {
            return (evict ? "cordon and drain " : "cordon and wait for GPU pods to finish on ") + nodes.size() + " node(s): " + why;
        }
    }

    /** Set labels on existing nodes (e.g. {@code nvidia.com/device-plugin.config}); MIG labels are polled to success. */
    record LabelNodes(List<String> nodes, Map<String, String> labels) implements PlanStep {
        public String describe() {
            return "label " + nodes.size() + " node(s) " + labels;
        }
    }

    /** Remove nodes that the packing empties (Karpenter consolidation, or scaling the node group down). */
    record RemoveNodes(List<String> nodes, String how) implements PlanStep {
        public String describe() {
            return "free " + nodes.size() + " node(s) " + nodes + " (" + how + ")";
        }
    }

    /**
     * Patch a Karpenter NodePool: template labels (so new nodes boot with the sharing config — this drifts and
     * replaces existing nodes, hence the budget), limits consistent with the overlay's capacity, a drift budget.
     */
    record NodePoolUpdate(String nodePool, Map<String, String> templateLabels, Map<String, String> limits,
                          String driftBudgetNodes) implements PlanStep {
        public String describe() {
            return "update NodePool '" + nodePool + "' labels " + templateLabels + " limits " + limits
                    + (driftBudgetNodes == null ? "" : " drift budget " + driftBudgetNodes + " node(s) at a time");
        }
    }

    /** Create/update a Karpenter NodeOverlay declaring the sliced capacity so provisioning stops over-counting. */
    record NodeOverlay(String name, List<Requirement> requirements, Map<String, String> capacity, int weight) implements PlanStep {
        public String describe() {
            return "NodeOverlay '" + name + "' capacity " + capacity;
        }
    }

    /** A NodePool/NodeOverlay requirement ({@code key operator values}). */
    record Requirement(String key, String operator, List<String> values) {}
}
