package dev.slicewise.apply;

import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanBuilder;
import dev.slicewise.plan.PlanStep;

/**
 * Where the cluster keeps its NVIDIA device-plugin configuration.
 *
 * @param mode          GPU_OPERATOR: the ConfigMap named by {@code ClusterPolicy.spec.devicePlugin.config.name};
 *                      STANDALONE: the k8s-device-plugin Helm chart's {@code config.name}/{@code config.map}
 * @param namespace     namespace of the ConfigMap (and of the GPU Operator's operands)
 * @param configMap     the ConfigMap holding the named configs (created when the plan says so)
 * @param clusterPolicy name of the GPU Operator ClusterPolicy ({@code cluster-policy}); null in STANDALONE mode
 */
public record DevicePluginTarget(DevicePluginSetup.Mode mode, String namespace, String configMap, String clusterPolicy) {
    public DevicePluginTarget {
        if (mode == null || mode == DevicePluginSetup.Mode.UNKNOWN) {
            throw new IllegalArgumentException("device-plugin mode must be GPU_OPERATOR or STANDALONE, was " + mode);
        }
        if (namespace == null || namespace.isBlank()) throw new IllegalArgumentException("device-plugin namespace is required");
        if (configMap == null || configMap.isBlank()) throw new IllegalArgumentException("device-plugin ConfigMap name is required");
        if (mode == DevicePluginSetup.Mode.GPU_OPERATOR && (clusterPolicy == null || clusterPolicy.isBlank())) {
            throw new IllegalArgumentException("GPU Operator mode needs the ClusterPolicy name");
        }
    }

    /** The GPU Operator's Helm chart names its ClusterPolicy so (the collector reads the one the cluster has). */
    public static final String DEFAULT_CLUSTER_POLICY = "cluster-policy";

    /**
     * Where a plan computed from {@code setup} (what the collector found) writes: the ConfigMap and namespace its
     * device-plugin step names (the engine names one even when the cluster has none yet), else the collected ones.
     *
     * @param clusterPolicy the name of the cluster's GPU Operator ClusterPolicy, or null for {@value #DEFAULT_CLUSTER_POLICY}
     *
     * @throws IllegalArgumentException when the setup is UNKNOWN (no GPU Operator and no device-plugin DaemonSet found):
     *                                  the applier cannot know which ConfigMap the plugin reads
     */
    public static DevicePluginTarget forPlan(DevicePluginSetup setup, Plan plan, String clusterPolicy) {
        if (setup == null || setup.mode() == DevicePluginSetup.Mode.UNKNOWN) {
            throw new IllegalArgumentException("how the NVIDIA device plugin is deployed is unknown (no GPU Operator ClusterPolicy"
                    + " and no device-plugin DaemonSet found): Slicewise cannot apply a plan to it");
        }
        String namespace = setup.namespace();
        String configMap = setup.configMap();
        for (PlanStep s : plan.steps()) {
            if (s instanceof PlanStep.DevicePluginConfig c) {
                if (c.namespace() != null) namespace = c.namespace();
                if (c.configMap() != null) configMap = c.configMap();
            }
        }
        if (configMap == null) configMap = PlanBuilder.DEFAULT_CONFIG_MAP;
        if (namespace == null) namespace = setup.mode() == DevicePluginSetup.Mode.GPU_OPERATOR ? "gpu-operator" : "kube-system";
        return new DevicePluginTarget(setup.mode(), namespace, configMap,
                setup.mode() != DevicePluginSetup.Mode.GPU_OPERATOR ? null
                        : clusterPolicy == null || clusterPolicy.isBlank() ? DEFAULT_CLUSTER_POLICY : clusterPolicy);
    }

    public ObjectRef configMapRef() {
        return ObjectRef.configMap(namespace, configMap);
    }

    public ObjectRef clusterPolicyRef() {
        return clusterPolicy == null ? null : ObjectRef.clusterPolicy(clusterPolicy);
    }

    public boolean gpuOperator() {
        return mode == DevicePluginSetup.Mode.GPU_OPERATOR;
    }
}
