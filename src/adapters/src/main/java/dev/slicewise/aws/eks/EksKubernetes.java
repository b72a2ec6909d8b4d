package dev.slicewise.aws.eks;

import dev.slicewise.aws.AwsClients;
import dev.slicewise.aws.AwsSettings;
import dev.slicewise.collect.CollectionException;
import dev.slicewise.collect.LiveFleetSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * Opens a Kubernetes client for an EKS cluster the way Slicewise reaches every cluster: eks:DescribeCluster for the
 * endpoint and CA, and the aws-iam-authenticator bearer token of the caller's IAM role, minted on the first request
 * (never at Lambda SnapStart init) and refreshed before it expires. The Kubernetes side authorises the role through
 * its EKS access entry. Shared by the collector, the analysis-time observation and the applier.
 */
public final class EksKubernetes implements dev.slicewise.kube.KubeConnections {
    private final AwsSettings aws;
    private final Clock clock;
    private final LiveFleetSource.KubeConnector connector;
    private final List<ExecutionInterceptor> interceptors;

    /** @param connector how the client is built from DescribeCluster's answer ({@link LiveFleetSource.KubeConnector#EKS}) */
    public EksKubernetes(AwsSettings aws, Clock clock, LiveFleetSource.KubeConnector connector, List<ExecutionInterceptor> interceptors) {
        this.aws = Objects.requireNonNull(aws, "aws");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.interceptors = List.copyOf(interceptors);
    }

    /**
     * The caller closes the client.
     *
     * @throws CollectionException the cluster does not exist in the region (reason CLUSTER_NOT_FOUND), DescribeCluster
     *                             is denied (ACCESS_DENIED), or EKS cannot answer (OTHER)
     */
    @Override
    public KubernetesClient open(String cluster) {
        EksCluster described;
        try (EksClient eks = AwsClients.eks(aws, interceptors)) {
            described = new EksClusters(eks, aws.region().id()).describe(cluster);
        }
        EksTokenProvider tokens = new EksTokenProvider(aws.credentials(), aws.region(), described.name(), clock);
        return connector.connect(described, tokens::token);
    }
}
