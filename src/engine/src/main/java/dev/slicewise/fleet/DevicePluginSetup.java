package dev.slicewise.fleet;

import java.util.Map;

/**
 * How the NVIDIA device plugin is deployed and configured in a cluster today.
 *
 * @param mode            GPU_OPERATOR (ConfigMap named by {@code ClusterPolicy.spec.devicePlugin.config.name}),
 *                        STANDALONE (k8s-device-plugin Helm chart's {@code config.map}), or UNKNOWN
 * @param namespace       namespace of the ConfigMap (e.g. {@code gpu-operator}, {@code kube-system})
 * @param configMap       ConfigMap holding the named configs, or null when none exists yet
 * @param defaultConfig   config used by nodes without the {@code nvidia.com/device-plugin.config} label
 * @param configs         the named configs as found (key → YAML text)
 * @param migStrategy     {@code ClusterPolicy.spec.mig.strategy} (none/single/mixed) or null when unset
 */
public record DevicePluginSetup(Mode mode, String namespace, String configMap, String defaultConfig,
                                Map<String, String> configs, String migStrategy) {
    public DevicePluginSetup {
        configs = configs == null ? Map.of() : Map.copyOf(configs);
    }

    public enum Mode { GPU_OPERATOR, STANDALONE, UNKNOWN }
}
