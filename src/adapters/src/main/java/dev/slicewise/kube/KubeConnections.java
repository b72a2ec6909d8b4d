package dev.slicewise.kube;

import io.fabric8.kubernetes.client.KubernetesClient;

/** Opens a Kubernetes client for a cluster by name (production: EKS DescribeCluster + IAM token). The caller closes it. */
@FunctionalInterface
public interface KubeConnections {
    /** @throws dev.slicewise.collect.CollectionException when the cluster cannot be found or reached */
    KubernetesClient open(String cluster);
}
