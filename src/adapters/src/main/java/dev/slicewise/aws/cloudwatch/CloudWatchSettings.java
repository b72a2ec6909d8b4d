package dev.slicewise.aws.cloudwatch;

/**
 * Which GPU metrics to read.
 *
 * @param schema           null = auto-detect with ListMetrics (Container Insights first, then dcgm-exporter)
 * @param dcgmNamespace    where the CloudWatch agent's Prometheus pipeline puts dcgm-exporter metrics
 *                         ({@code ContainerInsights/Prometheus} on EKS)
 * @param dcgmClusterDimension the dimension holding the cluster name in the user's dcgm {@code metric_declaration}
 *                         ({@code ClusterName}); null when the declaration has none: streams are then matched to the
 *                         cluster's nodes by Hostname only
 */
public record CloudWatchSettings(MetricSchema schema, String dcgmNamespace, String dcgmClusterDimension) {
    public static final CloudWatchSettings AUTO = new CloudWatchSettings(null, "ContainerInsights/Prometheus", "ClusterName");

    public CloudWatchSettings {
        if (dcgmNamespace == null || dcgmNamespace.isBlank()) dcgmNamespace = "ContainerInsights/Prometheus";
    }

    public CloudWatchSettings withSchema(MetricSchema s) {
        return new CloudWatchSettings(s, dcgmNamespace, dcgmClusterDimension);
    }

    String namespace(MetricSchema s) {
        return s == MetricSchema.DCGM_EXPORTER ? dcgmNamespace : s.defaultNamespace();
    }

    String clusterDimension(MetricSchema s) {
        return s == MetricSchema.DCGM_EXPORTER ? dcgmClusterDimension : "ClusterName";
    }
}
