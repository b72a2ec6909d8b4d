package dev.slicewise.aws.eks;

import dev.slicewise.aws.AwsErrors;
import dev.slicewise.collect.CollectionException;
import java.net.URI;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/** EKS DescribeCluster, with errors that say which permission or name is wrong. */
public final class EksClusters {
    private final EksClient eks;
    private final String region;

    public EksClusters(EksClient eks, String region) {
        this.eks = eks;
        this.region = region;
    }

    public EksCluster describe(String name) {
        Cluster c;
        try {
            c = eks.describeCluster(r -> r.name(name)).cluster();
        } catch (ResourceNotFoundException e) {
            throw new CollectionException(CollectionException.Reason.CLUSTER_NOT_FOUND, "EKS cluster \"" + name + "\" does not exist in region " + region
                    + " (eks:DescribeCluster answered ResourceNotFound). Check --cluster and --region.", e);
        } catch (SdkException e) {
            if (AwsErrors.accessDenied(e)) {
                throw new CollectionException(CollectionException.Reason.ACCESS_DENIED, "Not allowed to describe EKS cluster \"" + name + "\" in " + region + ": "
                        + AwsErrors.describe(e) + ". Grant the collector's role eks:DescribeCluster on"
                        + " arn:aws:eks:" + region + ":<account>:cluster/" + name + " (SAM policy template"
                        + " EKSDescribePolicy), or pass --kubeconfig to use a kubeconfig instead.", e);
            }
            throw new CollectionException("EKS DescribeCluster for \"" + name + "\" in " + region + " failed: "
                    + AwsErrors.describe(e), e);
        }
        if (c.endpoint() == null || c.certificateAuthority() == null || c.certificateAuthority().data() == null) {
            throw new CollectionException("EKS cluster \"" + name + "\" has no API endpoint or CA yet (status "
                    + c.statusAsString() + "); try again when it is ACTIVE.");
        }
        String authMode = c.accessConfig() == null ? null : c.accessConfig().authenticationModeAsString();
        return new EksCluster(c.name(), c.arn(), URI.create(c.endpoint()), c.certificateAuthority().data(),
                c.statusAsString(), authMode);
    }
}
