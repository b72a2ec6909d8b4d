package dev.slicewise.collect;

import dev.slicewise.progress.Progress;
import static dev.slicewise.testkit.MetricPublisher.dims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slicewise.aws.AwsClients;
import dev.slicewise.aws.eks.EksCluster;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.Window;
import dev.slicewise.kube.KubeSeeds;
import dev.slicewise.pricing.Price;
import dev.slicewise.pricing.PriceSource;
import dev.slicewise.testing.MotoServer;
import dev.slicewise.testkit.MetricPublisher;
import dev.slicewise.testkit.ProbeTelemetry;
import dev.slicewise.testkit.RequestCounter;
import dev.slicewise.testkit.TestAws;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * The whole collection as {@code ./slicewise analyze --cluster probe-eks --region us-east-1} runs it: EKS DescribeCluster
 * and CloudWatch on moto, the Kubernetes API on fabric8's mock server (reached with the EKS bearer token), prices from
 * the Price List API — which moto does not implement, so the fallback must be used and said.
 */
@EnableKubernetesMockClient(crud = true)
class LiveFleetSourceIT {
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0.plus(Duration.ofHours(6)).plusSeconds(125), ZoneOffset.UTC);
    private static final String H100 = "ip-10-0-1-11.ec2.internal", G5 = "ip-10-0-1-12.ec2.internal", T4 = "ip-10-0-4-40.ec2.internal";

    KubernetesMockServer server;
    KubernetesClient client;

    private final RequestCounter counter = new RequestCounter();
    private final List<EksCluster> described = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();

    @BeforeEach
    void seed() {
        MotoServer.shared().reset();
        try (EksClient eks = AwsClients.eks(TestAws.moto(), List.of());
             CloudWatchClient cw = AwsClients.cloudWatch(TestAws.moto(), List.of())) {
            eks.createCluster(r -> r.name("probe-eks").roleArn("arn:aws:iam::123456789012:role/eks-cluster")
                    .resourcesVpcConfig(v -> v.subnetIds("subnet-0a1b2c3d")));
            MetricPublisher pub = new MetricPublisher(cw, "ContainerInsights");
            publish(pub, H100, "i-0b1b2c3d4e5f60718", "p5.48xlarge", ProbeTelemetry.load("inference/smi_T4.csv"));
            publish(pub, G5, "i-0c1c2c3d4e5f60719", "g5.xlarge", ProbeTelemetry.load("inference/smi_T1.csv"));
            // the llm-api pod is seen on the H100 node's nvidia0 (pod-level set); T4's node publishes nothing
            pub.series("pod_gpu_utilization", List.of(dims("ClusterName", "probe-eks", "Namespace", "inference", "PodName", "llm-api",
                    "FullPodName", "llm-api-7d9f8b6c5-x2x9q", "GpuDevice", "nvidia0")), T0, Duration.ofMinutes(1), List.of(50.0), StandardUnit.PERCENT);
            pub.flush();
        }
        KubeSeeds.karpenterAndGpuOperatorCrds(client);
        KubeSeeds.objects(client, "dev/slicewise/kube/fleet.yaml");
    }

    private static void publish(MetricPublisher pub, String node, String instanceId, String type, ProbeTelemetry t) {
        List<Map<String, String>> set = List.of(dims("ClusterName", "probe-eks", "NodeName", node, "InstanceId", instanceId,
                "InstanceType", type, "GpuDevice", "nvidia0"));
        pub.series("node_gpu_utilization", set, T0, Duration.ofMinutes(1), t.samples().stream().map(ProbeTelemetry.Sample::gpuUtilPct).toList(), StandardUnit.PERCENT);
        pub.series("node_gpu_memory_used", set, T0, Duration.ofMinutes(1), t.samples().stream().map(s -> s.fbUsedMiB() * 1048576).toList(), StandardUnit.BYTES);
    }

    /** Aims the client built from DescribeCluster at the mock API server, keeping the EKS token as its credential. */
    private LiveFleetSource.KubeConnector toMockServer() {
        return (cluster, token) -> {
            described.add(cluster);
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(client.getMasterUrl().toString())
                    .withTrustCerts(true).withOauthTokenProvider(token::get).build();
            return new KubernetesClientBuilder().withConfig(config).build();
        };
    }

    private Progress recording() {
        return new Progress() {
            @Override public void step(String cluster, String message) { steps.add(cluster + ": " + message); }
            @Override public void batch(String cluster, String what, int done, int total) { steps.add(cluster + ": " + what + " " + done + "/" + total); }
        };
    }

    @Test
    void analyzeCollectsTheLiveClusterIntoAFleetSnapshot() throws Exception {
        Window window = FleetCollector.hourlyWindow(CLOCK, Duration.ofHours(6));
        assertThat(window).isEqualTo(new Window(T0, T0.plus(Duration.ofHours(6)), Duration.ofHours(1)));

        CollectionResult r;
        try (LiveFleetSource live = LiveFleetSource.open(ClusterTarget.eks("probe-eks", "us-east-1"), TestAws.moto(), CLOCK,
                toMockServer(), List.of(counter))) {
            r = live.collect(window, recording());
        }

        // EKS: the endpoint and CA came from DescribeCluster; the API was called with an aws-iam-authenticator token
        assertThat(described).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("probe-eks");
            assertThat(c.caData()).isNotBlank();
        });
        String auth = server.getLastRequest().getHeader("Authorization");
        assertThat(auth).startsWith("Bearer k8s-aws-v1.");
        String url = new String(Base64.getUrlDecoder().decode(auth.substring("Bearer k8s-aws-v1.".length())), StandardCharsets.UTF_8);
        // signed for the real STS even though the SDK's calls go to the emulator: EKS, not us, replays this URL
        assertThat(URI.create(url).getHost()).isEqualTo("sts.us-east-1.amazonaws.com");
        assertThat(url).contains("X-Amz-SignedHeaders=host%3Bx-k8s-aws-id").contains("X-Amz-Date=20261124T060205Z");
        assertThat(counter.calls("DescribeCluster")).isEqualTo(1);

        ClusterSnapshot c = r.snapshot().clusters().get(0);
        assertThat(c.name()).isEqualTo("probe-eks");
        assertThat(c.region()).isEqualTo("us-east-1");
        assertThat(r.snapshot().window()).isEqualTo(window);
        assertThat(r.telemetrySource()).isEqualTo("Container Insights (namespace ContainerInsights)");
        assertThat(c.devicePlugin().mode()).isEqualTo(DevicePluginSetup.Mode.GPU_OPERATOR);
        assertThat(c.nodePools()).extracting(p -> p.name()).containsExactly("g5-inference", "h100-ts4", "t4-batch");

        GpuNode h100 = c.nodes().stream().filter(n -> n.name().equals(H100)).findFirst().orElseThrow();
        assertThat(h100.gpus()).hasSize(8);
        assertThat(h100.allocatableGpus()).isEqualTo(32);
        assertThat(h100.gpus().get(0).metrics().util().avg()[1]).isCloseTo(57.3, within(1e-9)); // T4 hour 1
        assertThat(h100.gpus().get(0).metrics().memUsedMiB().max()[2]).isEqualTo(7602.0);
        assertThat(h100.gpus().get(1).metrics()).isNull();

        GpuWorkload llm = workload(c, "llm-api-7d9f8b6c5-x2x9q");
        assertThat(llm.owner()).isEqualTo("Deployment/llm-api");
        assertThat(llm.gpuDevices()).containsExactly("nvidia0"); // from the pod-level metric's GpuDevice
        assertThat(llm.metrics()).isNull(); // time-sliced node: the GPU's series is not this pod's alone

        GpuWorkload embedder = workload(c, "embedder-0");
        assertThat(embedder.gpuDevices()).containsExactly("nvidia0"); // the one GPU of a g5.xlarge
        assertThat(embedder.metrics().util().avg()[1]).isCloseTo(8.6, within(1e-9)); // T1 hour 1: alone on an unshared GPU

        assertThat(workload(c, "nightly-train-29384756-abcde").metrics()).isNull();
        assertThat(c.notes()).contains(
                "pod batch/nightly-train-29384756-abcde: no GPU metrics for its GPU(s) on node " + T4
                        + ": it is packed by its request (2 × nvidia.com/gpu) without utilization",
                "node " + T4 + ": no GPU metrics in CloudWatch (node_gpu_utilization, g4dn.12xlarge): its GPUs are analysed as unmeasured",
                "nodepool g5-inference: may launch spot capacity [spot, on-demand]: savings are priced at on-demand rates and"
                        + " overstate what freeing its nodes saves",
                "nodeoverlay ts4-8gpu: weight 100, requirements [gpu-sharing In [ts-4], karpenter.k8s.aws/instance-gpu-count In [8]],"
                        + " capacity {nvidia.com/gpu=32}");
        assertThat(r.overlays()).hasSize(1);
        assertThat(r.hasErrors()).isFalse();

        // 2 measured GPUs × 2 metrics × 3 statistics = 12 queries: one GetMetricData request
        assertThat(r.cost().metricsRequested()).isEqualTo(12);
        assertThat(counter.calls("GetMetricData")).isEqualTo(1);
        assertThat(steps).contains("probe-eks: EKS: describing cluster probe-eks in us-east-1",
                "probe-eks: CloudWatch: fetching 12 metric queries in 1 GetMetricData request(s)", "probe-eks: metric batches 1/1");
    }

    @Test
    void theLocalCommandCanUseAKubeconfigInsteadOfEks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path kubeconfig = dir.resolve("config");
        java.nio.file.Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: probe
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                - name: reader
                  user: {token: kubeconfig-token}
                contexts:
                - name: probe-reader
                  context: {cluster: probe, user: reader}
                current-context: probe-reader
                """.formatted(client.getMasterUrl()));
        ClusterTarget target = new ClusterTarget("probe-eks", "us-east-1", kubeconfig, "probe-reader", null);

        CollectionResult r;
        try (LiveFleetSource live = LiveFleetSource.open(target, TestAws.moto(), CLOCK, toMockServer(), List.of(counter))) {
            r = live.collect(FleetCollector.hourlyWindow(CLOCK, Duration.ofHours(6)), Progress.NONE);
        }

        assertThat(counter.calls("DescribeCluster")).isZero(); // no eks:DescribeCluster needed
        assertThat(described).isEmpty();
        assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer kubeconfig-token");
        assertThat(r.snapshot().clusters().get(0).nodes()).hasSize(3);
        assertThat(r.cost().metricsRequested()).isEqualTo(12);
    }

    @Test
    void pricesFallBackToTheBundledTableWhenThePriceListApiIsUnavailableAndSaySo() {
        try (LiveFleetSource live = LiveFleetSource.open(ClusterTarget.eks("probe-eks", "us-east-1"), TestAws.at(MotoServer.shared().endpoint(), 1),
                CLOCK, toMockServer(), List.of())) {
            var book = live.priceBook((type, region) -> Optional.of(new Price(0.752, new PriceSource(PriceSource.Kind.BUNDLED_TABLE,
                    "us-east-1 list prices of 2026-07-20"))));
            Price p = book.onDemandHourly("g4dn.2xlarge", "us-east-1").orElseThrow();
            assertThat(p.usdPerHour()).isEqualTo(0.752);
            assertThat(p.source().kind()).isEqualTo(PriceSource.Kind.BUNDLED_TABLE);
            assertThat(p.source().detail()).contains("fallback: Price List API unavailable"); // moto has no Pricing API
            assertThat(book.notes()).singleElement().satisfies(n -> assertThat(n.item()).isEqualTo("price g4dn.2xlarge us-east-1"));
        }
    }

    private static GpuWorkload workload(ClusterSnapshot c, String pod) {
        return c.workloads().stream().filter(w -> w.pod().equals(pod)).findFirst().orElseThrow();
    }
}
