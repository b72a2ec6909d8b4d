package dev.slicewise.aws.eks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.slicewise.aws.AwsClients;
import dev.slicewise.collect.CollectionException;
import dev.slicewise.testkit.MotoPerClass;
import dev.slicewise.testkit.Resources;
import dev.slicewise.testkit.TestAws;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.eks.EksClient;

/** DescribeCluster against moto, and the errors a user meets (unknown cluster from moto, 403 from WireMock). */
@ExtendWith(MotoPerClass.class)
class EksClustersIT {

    @BeforeAll
    static void createCluster() {
        try (EksClient eks = AwsClients.eks(TestAws.moto(), List.of())) {
            eks.createCluster(r -> r.name("probe-eks").roleArn("arn:aws:iam::123456789012:role/eks-cluster")
                    .resourcesVpcConfig(v -> v.subnetIds("subnet-0a1b2c3d")));
        }
    }

    @Test
    void describeClusterGivesTheApiEndpointAndCa() {
        try (EksClient eks = AwsClients.eks(TestAws.moto(), List.of())) {
            EksCluster c = new EksClusters(eks, "us-east-1").describe("probe-eks");
            assertThat(c.name()).isEqualTo("probe-eks");
            assertThat(c.endpoint().getScheme()).isEqualTo("https");
            assertThat(c.caData()).isNotBlank();
            assertThat(c.arn()).isEqualTo("arn:aws:eks:us-east-1:123456789012:cluster/probe-eks");
        }
    }

    @Test
    void anUnknownClusterIsNamedWithTheRegion() {
        try (EksClient eks = AwsClients.eks(TestAws.moto(), List.of())) {
            assertThatThrownBy(() -> new EksClusters(eks, "us-east-1").describe("no-such-cluster"))
                    .isInstanceOf(CollectionException.class)
                    .hasMessage("EKS cluster \"no-such-cluster\" does not exist in region us-east-1 (eks:DescribeCluster"
                            + " answered ResourceNotFound). Check --cluster and --region.");
        }
    }

    @Test
    void aDeniedDescribeClusterNamesThePermissionAndTheAlternative() {
        WireMockServer wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
        try (EksClient eks = AwsClients.eks(TestAws.at(URI.create(wiremock.baseUrl()), 3), List.of())) {
            wiremock.stubFor(get(urlEqualTo("/clusters/prod")).willReturn(aResponse().withStatus(403)
                    .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "AccessDeniedException")
                    .withBody(Resources.text("dev/slicewise/aws/eks/access-denied.json"))));

            assertThatThrownBy(() -> new EksClusters(eks, "us-east-1").describe("prod"))
                    .isInstanceOf(CollectionException.class)
                    .hasMessageStartingWith("Not allowed to describe EKS cluster \"prod\" in us-east-1: AccessDeniedException"
                            + " (HTTP 403): User: arn:aws:sts::123456789012:assumed-role/slicewise-collector/slicewise is not"
                            + " authorized to perform: eks:DescribeCluster")
                    .hasMessageContaining("Grant the collector's role eks:DescribeCluster on arn:aws:eks:us-east-1:<account>:cluster/prod")
                    .hasMessageContaining("or pass --kubeconfig");
        } finally {
            wiremock.stop();
        }
    }
}
