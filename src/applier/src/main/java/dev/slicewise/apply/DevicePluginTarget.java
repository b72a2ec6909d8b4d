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

    /**
     * Where {@code plan} writes, from the device-plugin setup the collector found and the plan itself: the plan's
     * ConfigMap and namespace when it names them (the engine does when the cluster has none yet), else the setup's;
     * in GPU Operator mode the name of the cluster's one ClusterPolicy, read from the API.
     *
     * @throws IllegalArgumentException naming what is missing (setup unknown, no ClusterPolicy, several of them)
     */
    public static DevicePluginTarget forPlan(KubernetesClient client, DevicePluginSetup setup, Plan plan) {
        if (setup == null || setup.mode() == DevicePluginSetup.Mode.UNKNOWN) {
            throw new IllegalArgumentException("how the NVIDIA device plugin is deployed is unknown (neither a GPU Operator"
                    + " ClusterPolicy nor the device-plugin DaemonSet was found), so there is no ConfigMap to write to");
        }
        PlanStep.DevicePluginConfig config = plan.steps().stream().filter(PlanStep.DevicePluginConfig.class::isInstance)
                .map(PlanStep.DevicePluginConfig.class::cast).findFirst().orElse(null);
        String patched = plan.steps().stream().filter(PlanStep.ClusterPolicyPatch.class::isInstance)
                .map(s -> ((PlanStep.ClusterPolicyPatch) s).devicePluginConfigMap()).filter(n -> n != null).findFirst().orElse(null);
        String namespace = config != null && config.namespace() != null ? config.namespace() : setup.namespace();
        String configMap = config != null && config.configMap() != null ? config.configMap()
                : setup.configMap() != null ? setup.configMap() : patched != null ? patched : PlanBuilder.DEFAULT_CONFIG_MAP;
        String clusterPolicy = null;
        if (setup.mode() == DevicePluginSetup.Mode.GPU_OPERATOR) {
            List<ObjectNode> policies = new Kube(client, ApplierSettings.FIELD_MANAGER).list(ObjectRef.Kind.CLUSTER_POLICY, Map.of());
            if (policies.size() != 1) {
                throw new IllegalArgumentException("the GPU Operator should have exactly one ClusterPolicy, the cluster has "
                        + policies.size());
            }
            clusterPolicy = Json.text(policies.get(0), "metadata", "name");
        }
        return new DevicePluginTarget(setup.mode(), namespace, configMap, clusterPolicy);
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
