package dev.slicewise.aws.cloudwatch;

import dev.slicewise.collect.DeviceNames;
import dev.slicewise.collect.PodKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two ways GPU metrics reach CloudWatch from EKS, with their metric names, units and dimension names.
 * Sources (docs/collect.md has the full table): the Container Insights enhanced-observability metric reference and the
 * CloudWatch agent's EMF declarations for the GPU metrics; NVIDIA dcgm-exporter's counters and labels.
 */
public enum MetricSchema {
    /**
     * Container Insights with enhanced observability (Amazon CloudWatch Observability add-on ≥ v1.3.0 / agent ≥
     * 1.300034.0): the agent scrapes the dcgm-exporter it deploys and publishes {@code node_gpu_*},
     * {@code pod_gpu_*}, {@code container_gpu_*}. Per-GPU set: [ClusterName, NodeName, InstanceId, InstanceType,
     * GpuDevice]; per-pod-per-GPU set: [ClusterName, Namespace, PodName, FullPodName, GpuDevice].
     */
    CONTAINER_INSIGHTS("Container Insights", "ContainerInsights", "pod_gpu_utilization",
            Map.of(GpuSignal.UTIL, new SignalMetric("node_gpu_utilization", 1.0),
                    // published in bytes (the agent multiplies DCGM's MiB by 1024²)
                    GpuSignal.MEM_USED_MIB, new SignalMetric("node_gpu_memory_used", 1.0 / (1024 * 1024)))),

    /**
     * NVIDIA dcgm-exporter scraped by the CloudWatch agent's Prometheus pipeline: metrics keep their DCGM names, the
     * exporter's labels that the user's {@code metric_declaration} lists become dimensions.
     */
    DCGM_EXPORTER("dcgm-exporter via the CloudWatch agent", "ContainerInsights/Prometheus", null,
            Map.of(GpuSignal.UTIL, new SignalMetric("DCGM_FI_DEV_GPU_UTIL", 1.0),
                    GpuSignal.MEM_USED_MIB, new SignalMetric("DCGM_FI_DEV_FB_USED", 1.0),
                    // DCP profiling fields are 0..1 ratios
                    GpuSignal.SM_ACTIVE, new SignalMetric("DCGM_FI_PROF_SM_ACTIVE", 100.0),
                    GpuSignal.GR_ENGINE_ACTIVE, new SignalMetric("DCGM_FI_PROF_GR_ENGINE_ACTIVE", 100.0)));

    private final String displayName;
    private final String defaultNamespace;
    private final String podMappingMetric;
    private final Map<GpuSignal, SignalMetric> signals;

    MetricSchema(String displayName, String defaultNamespace, String podMappingMetric, Map<GpuSignal, SignalMetric> signals) {
        this.displayName = displayName;
        this.defaultNamespace = defaultNamespace;
        this.podMappingMetric = podMappingMetric;
        this.signals = signals;
    }

    public String displayName() {
        return displayName;
    }

    public String defaultNamespace() {
        return defaultNamespace;
    }

    /** The metric whose dimension sets tie pods to GPU devices, when the signal metrics themselves do not. */
    public String podMappingMetric() {
        return podMappingMetric;
    }

    /** Signals in a fixed order, each with its metric name and the factor to the engine's unit. */
    public Map<GpuSignal, SignalMetric> signals() {
        Map<GpuSignal, SignalMetric> ordered = new LinkedHashMap<>();
        for (GpuSignal s : GpuSignal.values()) if (signals.containsKey(s)) ordered.put(s, signals.get(s));
        return ordered;
    }

    /** The metric {@code ListMetrics} is asked for to tell whether a cluster publishes this schema. */
    public String detectionMetric() {
        return signals.get(GpuSignal.UTIL).name();
    }

    /** Reads who a metric stream is about from its dimensions. */
    public StreamIdentity identify(Map<String, String> dims) {
        return switch (this) {
            case CONTAINER_INSIGHTS -> new StreamIdentity(
                    dims.get("NodeName"), dims.get("GpuDevice"), null, null, dims.get("InstanceId"),
                    // FullPodName is the pod's real name; PodName is the owner-derived short name
                    pod(dims.get("Namespace"), dims.get("FullPodName")));
            case DCGM_EXPORTER -> new StreamIdentity(
                    first(dims, "Hostname", "NodeName"),
                    dcgmDevice(dims),
                    dims.get("UUID"),
                    dims.get("modelName"),
                    dims.get("InstanceId"),
                    // with Prometheus' honor_labels off, the exporter's own pod/namespace labels are renamed exported_*
                    // because the scrape target's labels take the plain names; very old exporters used pod_name
                    pod(first(dims, "exported_namespace", "namespace", "pod_namespace"),
                            first(dims, "exported_pod", "pod", "pod_name")));
        };
    }

    private static String dcgmDevice(Map<String, String> dims) {
        String device = dims.get("device");
        if (device != null && !device.isEmpty()) return device;
        String gpu = dims.get("gpu");
        if (gpu != null) {
            try {
                return DeviceNames.ofIndex(Integer.parseInt(gpu.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static PodKey pod(String namespace, String name) {
        return namespace == null || namespace.isEmpty() || name == null || name.isEmpty() ? null : new PodKey(namespace, name);
    }

    private static String first(Map<String, String> dims, String... names) {
        for (String n : names) {
            String v = dims.get(n);
            if (v != null && !v.isEmpty()) return v;
        }
        return null;
    }

    /** A CloudWatch metric name and the factor that turns its values into the engine's unit. */
    public record SignalMetric(String name, double scale) {}

    /**
     * Who a metric stream is about; any part may be null.
     *
     * @param instanceId Container Insights' InstanceId dimension (tells a reused node name apart)
     */
    public record StreamIdentity(String node, String device, String uuid, String model, String instanceId, PodKey pod) {}
}
