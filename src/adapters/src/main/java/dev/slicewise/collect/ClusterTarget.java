package dev.slicewise.collect;

import dev.slicewise.aws.cloudwatch.CloudWatchSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The cluster to collect, as the user names it.
 *
 * @param kubeconfig  null: reach the API through EKS DescribeCluster + an IAM token (needs eks:DescribeCluster and an
 *                    access entry); else this kubeconfig (the local command's alternative)
 * @param kubeContext context in the kubeconfig, null for its current context
 * @param metrics     which CloudWatch schema to read ({@link CloudWatchSettings#AUTO} detects it)
 */
public record ClusterTarget(String cluster, String region, Path kubeconfig, String kubeContext, CloudWatchSettings metrics) {
    public ClusterTarget {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(region, "region");
        if (metrics == null) metrics = CloudWatchSettings.AUTO;
    }

    public static ClusterTarget eks(String cluster, String region) {
        return new ClusterTarget(cluster, region, null, null, CloudWatchSettings.AUTO);
    }
}
