package dev.slicewise.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanBuilder;
import dev.slicewise.plan.PlanStep;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

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
     * As {@link #forPlan(DevicePluginSetup, Plan, String)}, with the name of the cluster's one ClusterPolicy read from
     * the API in GPU Operator mode.
     *
     * @throws IllegalArgumentException naming what is missing (setup unknown, no ClusterPolicy, several of them)
     */
    public static DevicePluginTarget forPlan(KubernetesClient client, DevicePluginSetup setup, Plan plan) {
        requireKnown(setup);
        String clusterPolicy = null;
        if (setup.mode() == DevicePluginSetup.Mode.GPU_OPERATOR) {
            List<ObjectNode> policies = new Kube(client, ApplierSettings.FIELD_MANAGER).list(ObjectRef.Kind.CLUSTER_POLICY, Map.of());
            if (policies.size() != 1) {
                throw new IllegalArgumentException("the GPU Operator should have exactly one ClusterPolicy, the cluster has "
                        + policies.size());
            }
            clusterPolicy = Json.text(policies.get(0), "metadata", "name");
        }
        return forPlan(setup, plan, clusterPolicy);
    }

    /**
     * Where a plan computed from {@code setup} (what the collector found) writes: the ConfigMap and namespace its
     * device-plugin step names (the engine names one even when the cluster has none yet), else the collected ones,
     * else the ConfigMap the plan points the ClusterPolicy at.
     *
     * @param clusterPolicy the name of the cluster's GPU Operator ClusterPolicy, or null for {@value #DEFAULT_CLUSTER_POLICY}
     * @throws IllegalArgumentException when the setup is UNKNOWN (no GPU Operator and no device-plugin DaemonSet found):
     *                                  the applier cannot know which ConfigMap the plugin reads
     */
    public static DevicePluginTarget forPlan(DevicePluginSetup setup, Plan plan, String clusterPolicy) {
        requireKnown(setup);
        String namespace = setup.namespace();
        String configMap = setup.configMap();
        String patched = null;
        for (PlanStep s : plan.steps()) {
            if (s instanceof PlanStep.DevicePluginConfig c) {
                if (c.namespace() != null) namespace = c.namespace();
                if (c.configMap() != null) configMap = c.configMap();
            } else if (s instanceof PlanStep.ClusterPolicyPatch p && p.devicePluginConfigMap() != null) {
                patched = p.devicePluginConfigMap();
            }
        }
        if (configMap == null) configMap = patched != null ? patched : PlanBuilder.DEFAULT_CONFIG_MAP;
        if (namespace == null) namespace = setup.mode() == DevicePluginSetup.Mode.GPU_OPERATOR ? "gpu-operator" : "kube-system";
        return new DevicePluginTarget(setup.mode(), namespace, configMap,
                setup.mode() != DevicePluginSetup.Mode.GPU_OPERATOR ? null
                        : clusterPolicy == null || clusterPolicy.isBlank() ? DEFAULT_CLUSTER_POLICY : clusterPolicy);
    }

    private static void requireKnown(DevicePluginSetup setup) {
        if (setup == null || setup.mode() == DevicePluginSetup.Mode.UNKNOWN) {
            throw new IllegalArgumentException("how the NVIDIA device plugin is deployed is unknown (neither a GPU Operator"
                    + " ClusterPolicy nor the device-plugin DaemonSet was found), so there is no ConfigMap to write to");
        }
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
