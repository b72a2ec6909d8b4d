package dev.slicewise.apply;

import dev.slicewise.fleet.DevicePluginSetup;

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
