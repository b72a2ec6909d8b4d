package dev.slicewise.aws.cloudwatch;

import dev.slicewise.progress.Progress;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.slicewise.testkit.MetricPublisher.dims;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.slicewise.aws.AwsClients;
import dev.slicewise.collect.CollectionNote;
import dev.slicewise.collect.GpuHost;
import dev.slicewise.collect.GpuKey;
import dev.slicewise.collect.TelemetryRequest;
import dev.slicewise.collect.TelemetryResult;
import dev.slicewise.fleet.Window;
import dev.slicewise.testing.MotoServer;
import dev.slicewise.testkit.MetricPublisher;
import dev.slicewise.testkit.ProbeTelemetry;
import dev.slicewise.testkit.RequestCounter;
import dev.slicewise.testkit.Resources;
import dev.slicewise.testkit.TestAws;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Faults moto cannot produce, injected by WireMock standing in front of it: requests a stub does not claim are proxied
 * to moto, so the data still comes from the real peer.
 */
class CloudWatchFaultsIT {
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final Window W = new Window(T0, T0.plus(Duration.ofHours(6)), Duration.ofHours(1));
    private static final String NODE = "ip-10-0-3-30.ec2.internal";
    private static final TelemetryRequest REQUEST = new TelemetryRequest("faults",
            List.of(new GpuHost(NODE, "i-030", "g6e.xlarge", 1)), List.of(), W);

    private static WireMockServer wiremock;
    private final RequestCounter counter = new RequestCounter();

    @BeforeAll
    static void start() {
        MotoServer moto = MotoServer.shared();
        moto.reset();
        try (CloudWatchClient direct = AwsClients.cloudWatch(TestAws.moto(), List.of())) {
            ProbeTelemetry t4 = ProbeTelemetry.load("inference/smi_T4.csv");
            new MetricPublisher(direct, "ContainerInsights").series("node_gpu_utilization",
                    List.of(dims("ClusterName", "faults", "NodeName", NODE, "InstanceId", "i-030", "InstanceType", "g6e.xlarge",
                            "GpuDevice", "nvidia0")),
                    T0, Duration.ofMinutes(1), t4.samples().stream().map(ProbeTelemetry.Sample::gpuUtilPct).toList(),
                    StandardUnit.PERCENT).flush();
        }
        wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
    }

    @AfterAll
    static void stop() {
        wiremock.stop();
    }

    @BeforeEach
    void proxyEverythingToMoto() {
        wiremock.resetAll();
        wiremock.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(MotoServer.shared().endpoint().toString())));
    }

    private TelemetryResult fetch(int maxAttempts) {
        try (CloudWatchClient cw = AwsClients.cloudWatch(TestAws.at(URI.create(wiremock.baseUrl()), maxAttempts), List.of(counter))) {
            return new CloudWatchGpuTelemetry(cw, CloudWatchSettings.AUTO).fetch(REQUEST, Progress.NONE);
        }
    }

    @Test
    void aThrottledRequestIsRetriedWithBackoffAndTheDataArrivesWhole() {
        wiremock.stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing("Action=GetMetricData"))
                .inScenario("throttle once").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml")
                        .withBody(Resources.text("dev/slicewise/aws/cloudwatch/throttling.xml")))
                .willSetStateTo("throttled"));

        TelemetryResult r = fetch(3);

        assertThat(counter.calls("GetMetricData")).isEqualTo(1);
        assertThat(counter.transmissions("GetMetricData")).isEqualTo(2); // the SDK retried once
        assertThat(r.cost().requests()).isEqualTo(1);
        assertThat(r.notes()).noneMatch(n -> n.severity() == CollectionNote.Severity.ERROR);
        // T4 hour 1: mean of rows 60–119 of smi_T4.csv
        assertThat(r.gpus().get(new GpuKey(NODE, "nvidia0")).metrics().util().avg()[1]).isCloseTo(57.3, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsReportedAndNothingIsMadeUp() {
        wiremock.stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing("Action=GetMetricData"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml")
                        .withBody(Resources.text("dev/slicewise/aws/cloudwatch/throttling.xml"))));

        TelemetryResult r = fetch(2);

        assertThat(counter.transmissions("GetMetricData")).isEqualTo(2);
        assertThat(r.gpus()).isEmpty();
        assertThat(r.notes()).anySatisfy(n -> {
            assertThat(n.severity()).isEqualTo(CollectionNote.Severity.ERROR);
            assertThat(n.message()).contains("kept throttling GetMetricData").contains("Throttling (HTTP 400): Rate exceeded");
        });
    }

    @Test
    void pagesAreFollowedMergedByIdAndPartialDataAndMessagesAreReported() {
        wiremock.stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing("Action=GetMetricData"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("NextToken"))
                .willReturn(aResponse().withHeader("Content-Type", "text/xml")
                        .withBody(Resources.text("dev/slicewise/aws/cloudwatch/get-metric-data-page1.xml"))));
        wiremock.stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing("Action=GetMetricData"))
                .withRequestBody(containing("NextToken=eyJwYWdlIjoyfQ%3D%3D"))
                .willReturn(aResponse().withHeader("Content-Type", "text/xml")
                        .withBody(Resources.text("dev/slicewise/aws/cloudwatch/get-metric-data-page2.xml"))));

        TelemetryResult r = fetch(3);

        // one GPU × node_gpu_utilization × 3 statistics = 3 queries: one planned request, one more for the page
        assertThat(r.cost().minimumRequests()).isEqualTo(1);
        assertThat(r.cost().requests()).isEqualTo(2);
        assertThat(counter.calls("GetMetricData")).isEqualTo(2);
        var util = r.gpus().get(new GpuKey(NODE, "nvidia0")).metrics().util();
        assertThat(util.avg()).containsExactly(0.6, 57.3, 66.23333333333333, 65.26666666666667, 63.073170731707314, Double.NaN);
        assertThat(util.max()).containsExactly(3, 99, 98, 98, 99, Double.NaN);
        // hour 4's count never came (the result stayed PartialData): the hour keeps its average, counted as at least one sample
        assertThat(util.samples()).containsExactly(60, 60, 60, 60, 1, 0);
        assertThat(r.notes()).extracting(CollectionNote::toString).contains(
                "cloudwatch: GetMetricData says MaxDatapointsExceeded: The maximum datapoints limit was exceeded; follow NextToken for the rest.",
                NODE + "/nvidia0: node_gpu_utilization SampleCount: CloudWatch says InternalError Some datapoints could not be retrieved.",
                NODE + "/nvidia0: node_gpu_utilization SampleCount: CloudWatch returned partial data and no further page; the missing steps stay gaps");
    }

    @Test
    void aDeniedListMetricsNamesThePermissionsToGrant() {
        wiremock.stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing("Action=ListMetrics"))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml")
                        .withBody(Resources.text("dev/slicewise/aws/cloudwatch/access-denied.xml"))));

        TelemetryResult r = fetch(3);

        assertThat(counter.transmissions("ListMetrics")).isEqualTo(1); // access denied is not retried
        assertThat(r.gpus()).isEmpty();
        CollectionNote n = r.notes().get(0);
        assertThat(n.severity()).isEqualTo(CollectionNote.Severity.ERROR);
        assertThat(n.message()).startsWith("CloudWatch denied ListMetrics — AccessDenied (HTTP 403): User: arn:aws:sts::123456789012:"
                + "assumed-role/slicewise-collector/slicewise is not authorized to perform: cloudwatch:ListMetrics")
                .contains("needs cloudwatch:ListMetrics and cloudwatch:GetMetricData");
    }
}
