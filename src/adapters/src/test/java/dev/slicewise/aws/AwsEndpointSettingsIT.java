package dev.slicewise.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.slicewise.testing.MotoServer;
import dev.slicewise.testkit.Resources;
import dev.slicewise.testkit.TestAws;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * The clients carry no endpoint of their own: the SDK's standard endpoint settings aim them. Shown with the JVM-property
 * forms ({@code aws.endpointUrl}, {@code aws.endpointUrl<ServiceId>}), which the SDK resolves in the same place and
 * before the environment variables {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>} (a JVM cannot set its
 * own environment).
 */
class AwsEndpointSettingsIT {

    @AfterEach
    void clear() {
        System.clearProperty("aws.endpointUrl");
        System.clearProperty("aws.endpointUrlPricing");
    }

    @Test
    void theGlobalEndpointSettingAimsCloudWatchAndEksAtTheEmulator() {
        MotoServer moto = MotoServer.shared();
        moto.reset();
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        AwsSettings noOverride = TestAws.moto().withEndpointOverride(null);
        try (CloudWatchClient cw = AwsClients.cloudWatch(noOverride, List.of());
             EksClient eks = AwsClients.eks(noOverride, List.of())) {
            cw.putMetricData(r -> r.namespace("ContainerInsights").metricData(m -> m.metricName("node_gpu_utilization").value(1.0)));
            assertThat(cw.listMetrics(r -> r.namespace("ContainerInsights")).metrics()).isNotEmpty(); // moto answered
            eks.createCluster(r -> r.name("endpoint-check").roleArn("arn:aws:iam::123456789012:role/eks")
                    .resourcesVpcConfig(v -> v.subnetIds("subnet-1")));
            assertThat(eks.listClusters().clusters()).contains("endpoint-check");
        }
    }

    @Test
    void aServiceSpecificSettingWinsForThatServiceOnly() {
        WireMockServer wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
        try {
            wiremock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSPriceListService.GetProducts"))
                    .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody(Resources.text("dev/slicewise/aws/pricing/get-products-g5.xlarge-us-east-1.json"))));
            System.setProperty("aws.endpointUrl", MotoServer.shared().endpoint().toString());
            System.setProperty("aws.endpointUrlPricing", wiremock.baseUrl());
            try (PricingClient pricing = AwsClients.pricing(TestAws.moto().withEndpointOverride(null), List.of())) {
                assertThat(pricing.getProducts(r -> r.serviceCode("AmazonEC2")).priceList()).hasSize(1);
            }
            wiremock.verify(1, postRequestedFor(urlEqualTo("/")));
        } finally {
            wiremock.stop();
        }
    }
}
