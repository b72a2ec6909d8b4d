package dev.slicewise.aws.cloudwatch;

import dev.slicewise.progress.Progress;
import static dev.slicewise.testkit.MetricPublisher.dims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slicewise.aws.AwsClients;
import dev.slicewise.collect.CollectionNote;
import dev.slicewise.collect.GpuHost;
import dev.slicewise.collect.GpuKey;
import dev.slicewise.collect.GpuReading;
import dev.slicewise.collect.PodKey;
import dev.slicewise.collect.TelemetryRequest;
import dev.slicewise.collect.TelemetryRequest.PodPlacement;
import dev.slicewise.collect.TelemetryResult;
import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.UsageSeries;
import dev.slicewise.testing.MotoServer;
import dev.slicewise.testkit.MetricPublisher;
import dev.slicewise.testkit.ProbeTelemetry;
import dev.slicewise.testkit.RequestCounter;
import dev.slicewise.testkit.TestAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * CloudWatch GPU telemetry against the moto server: real H100 probe telemetry is published with PutMetricData under
 * both schemas, then collected back through ListMetrics + GetMetricData and checked against hourly aggregates
 * computed by hand from the CSVs (one row = one minute; e.g. T4 hour 1 = mean of rows 60–119 of smi_T4.csv).
 */
class CloudWatchGpuTelemetryIT {
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Window SIX_HOURS = new Window(T0, T0.plus(Duration.ofHours(6)), Duration.ofHours(1));
    private static final double MIB = 1024 * 1024;
    private static final double NAN = Double.NaN;

    private static final ProbeTelemetry T1 = ProbeTelemetry.load("inference/smi_T1.csv");
    private static final ProbeTelemetry T4 = ProbeTelemetry.load("inference/smi_T4.csv");
    private static final ProbeTelemetry T7 = ProbeTelemetry.load("inference/smi_T7.csv");
    private static final ProbeTelemetry A1 = ProbeTelemetry.load("kernel/smi_A1.csv");

    private static final RequestCounter COUNTER = new RequestCounter();
    private static CloudWatchClient cw;

    /** Published once for the class (moto is slow to index many datapoints); each test reads its own cluster. */
    @BeforeAll
    static void seed() {
        MotoServer.shared().reset();
        cw = AwsClients.cloudWatch(TestAws.moto(), List.of(COUNTER));
        seedContainerInsights();
        seedDcgm();
    }

    @AfterAll
    static void close() {
        cw.close();
    }

    @BeforeEach
    void countFromZero() {
        COUNTER.reset();
    }

    // ------------------------------------------------------------------ Container Insights

    private static final String NODE_A = "ip-10-0-1-10.ec2.internal", NODE_B = "ip-10-0-1-11.ec2.internal",
            NODE_C = "ip-10-0-1-12.ec2.internal";
    private static final PodKey LLM = new PodKey("inference", "llm-api-7d9f8b6c5-x2x9q");

    private static void publishContainerInsights(MetricPublisher pub, String cluster, String node, String instanceId,
                                                 String type, String device, ProbeTelemetry t, int rows) {
        // the agent publishes every GPU sample under all three node_gpu_* dimension sets; the two aggregate sets get
        // only the first five minutes here (enough to show they are not mistaken for the GPU; moto indexes slowly)
        List<Map<String, String>> aggregates = List.of(
                dims("ClusterName", cluster),
                dims("ClusterName", cluster, "NodeName", node, "InstanceId", instanceId));
        List<Map<String, String>> perGpu = List.of(
                dims("ClusterName", cluster, "NodeName", node, "InstanceId", instanceId, "InstanceType", type, "GpuDevice", device));
        List<ProbeTelemetry.Sample> s = t.samples().subList(0, rows);
        List<Double> util = s.stream().map(ProbeTelemetry.Sample::gpuUtilPct).toList();
        List<Double> bytes = s.stream().map(x -> x.fbUsedMiB() * MIB).toList();
        pub.series("node_gpu_utilization", perGpu, T0, MINUTE, util, StandardUnit.PERCENT);
        pub.series("node_gpu_memory_used", perGpu, T0, MINUTE, bytes, StandardUnit.BYTES);
        pub.series("node_gpu_utilization", aggregates, T0, MINUTE, util.subList(0, Math.min(5, rows)).stream().map(v -> 100.0).toList(), StandardUnit.PERCENT);
        pub.series("node_gpu_memory_used", aggregates, T0, MINUTE, bytes.subList(0, Math.min(5, rows)).stream().map(v -> 80000 * MIB).toList(), StandardUnit.BYTES);
    }

    private static void seedContainerInsights() {
        MetricPublisher pub = new MetricPublisher(cw, "ContainerInsights");
        publishContainerInsights(pub, "probe-ci", NODE_A, "i-0a1", "p5.4xlarge", "nvidia0", T1, T1.size());
        publishContainerInsights(pub, "probe-ci", NODE_B, "i-0b1", "p5.48xlarge", "nvidia0", T4, T4.size());
        publishContainerInsights(pub, "probe-ci", NODE_B, "i-0b1", "p5.48xlarge", "nvidia1", A1, A1.size());
        // an earlier instance that had node B's name: its 100 % must not leak into hour 0
        publishContainerInsights(pub, "probe-ci", NODE_B, "i-0old", "p5.48xlarge", "nvidia0",
                new ProbeTelemetry("busy", List.of(new ProbeTelemetry.Sample(100, 80000))), 1);
        // a node of the cluster that is no GPU node any more, and a node of another cluster
        publishContainerInsights(pub, "probe-ci", "ip-10-0-1-99.ec2.internal", "i-099", "g5.xlarge", "nvidia0", T1, 5);
        publishContainerInsights(pub, "other-cluster", NODE_A, "i-0a1", "p5.4xlarge", "nvidia0", T7, 5);
        // the pod-level set ties the llm-api pod to node B's nvidia0
        pub.series("pod_gpu_utilization", List.of(
                        dims("ClusterName", "probe-ci", "Namespace", "inference", "PodName", "llm-api", "FullPodName", LLM.name()),
                        dims("ClusterName", "probe-ci", "Namespace", "inference", "PodName", "llm-api", "FullPodName", LLM.name(), "GpuDevice", "nvidia0")),
                T0, MINUTE, T4.samples().stream().map(ProbeTelemetry.Sample::gpuUtilPct).toList(), StandardUnit.PERCENT);
        pub.flush();
    }

    private static TelemetryRequest ciRequest() {
        return new TelemetryRequest("probe-ci",
                List.of(new GpuHost(NODE_A, "i-0a1", "p5.4xlarge", 1), new GpuHost(NODE_B, "i-0b1", "p5.48xlarge", 8),
                        new GpuHost(NODE_C, "i-0c1", "g5.xlarge", 1)),
                List.of(new PodPlacement(LLM, NODE_B)), SIX_HOURS);
    }

    @Test
    void containerInsightsSeriesComeBackAsTheProbesHourlyAggregates() {

        TelemetryResult r = new CloudWatchGpuTelemetry(cw, CloudWatchSettings.AUTO).fetch(ciRequest(), Progress.NONE);

        assertThat(r.source()).isEqualTo("Container Insights (namespace ContainerInsights)");
        assertThat(r.gpus()).containsOnlyKeys(new GpuKey(NODE_A, "nvidia0"), new GpuKey(NODE_B, "nvidia0"), new GpuKey(NODE_B, "nvidia1"));

        UsageSeries t4util = r.gpus().get(new GpuKey(NODE_B, "nvidia0")).metrics().util();
        assertSeries(t4util.avg(), 0.6, 57.3, 66.23333333333333, 65.26666666666667, 63.073170731707314, NAN);
        assertThat(t4util.max()).containsExactly(3, 99, 98, 98, 99, NAN);
        assertThat(t4util.samples()).containsExactly(60, 60, 60, 60, 41, 0); // 281 rows; hour 5 is a gap, not a zero

        UsageSeries t4mem = r.gpus().get(new GpuKey(NODE_B, "nvidia0")).metrics().memUsedMiB(); // bytes → MiB
        assertSeries(t4mem.avg(), 261.1666666666667, 6762.816666666667, 7602, 7602, 7092.292682926829, NAN);
        assertThat(t4mem.max()).containsExactly(1893, 7602, 7602, 7602, 7602, NAN);

        UsageSeries a1util = r.gpus().get(new GpuKey(NODE_B, "nvidia1")).metrics().util();
        assertSeries(a1util.avg(), 20.35, 23.966666666666665, 24, 24, 16.9375, NAN);
        assertThat(a1util.samples()).containsExactly(60, 60, 60, 60, 32, 0);

        UsageSeries t1util = r.gpus().get(new GpuKey(NODE_A, "nvidia0")).metrics().util();
        assertSeries(t1util.avg(), 0.7333333333333333, 8.6, 8.566666666666666, 7.533333333333333, 6.8, NAN);
        assertThat(t1util.max()).containsExactly(9, 18, 17, 16, 21, NAN);

        assertThat(r.podDevices()).containsEntry(LLM, java.util.Set.of("nvidia0"));
        assertThat(r.gpus().get(new GpuKey(NODE_B, "nvidia0")).metrics().smActive()).isNull(); // not in Container Insights

        // 3 GPUs × 2 signals × 3 statistics, 6 points each: one request
        assertThat(r.cost().metricsRequested()).isEqualTo(18);
        assertThat(r.cost().datapoints()).isEqualTo(108);
        assertThat(r.cost().requests()).isEqualTo(1).isEqualTo(COUNTER.calls("GetMetricData"));
    }

    @Test
    void containerInsightsGapsAndStrangersAreReportedByName() {

        TelemetryResult r = new CloudWatchGpuTelemetry(cw, CloudWatchSettings.AUTO).fetch(ciRequest(), Progress.NONE);

        assertThat(notes(r)).contains(
                "node " + NODE_C + ": no GPU metrics in CloudWatch (node_gpu_utilization, g5.xlarge): its GPUs are analysed as unmeasured",
                "node " + NODE_B + ": no metrics for nvidia2, nvidia3, nvidia4, nvidia5, nvidia6, nvidia7 in CloudWatch"
                        + " (node_gpu_utilization, p5.48xlarge): its GPUs are analysed as unmeasured",
                "cloudwatch: ignored metrics of earlier EC2 instances that had the same node name: " + NODE_B + " (i-0old)",
                "cloudwatch: 1 node(s) publish GPU metrics but are not GPU nodes of the cluster now (ignored): ip-10-0-1-99.ec2.internal");
    }

    // ------------------------------------------------------------------ dcgm-exporter

    private static final String NODE_D = "ip-10-0-2-20.ec2.internal", NODE_E = "ip-10-0-2-21.ec2.internal";
    private static final PodKey T7_POD = new PodKey("serving", "t7-server-0"), A1_POD = new PodKey("batch", "a1-job-2");

    private static void seedDcgm() {
        MetricPublisher pub = new MetricPublisher(cw, "ContainerInsights/Prometheus");
        // the user's metric_declaration has a GPU-level set and a pod-labelled set
        Map<String, String> gpu = dims("ClusterName", "probe-dcgm", "Hostname", NODE_D, "gpu", "0", "device", "nvidia0",
                "UUID", "GPU-3f2a9c1e-8b7d-4e55-a0c4-1d2e3f4a5b6c", "modelName", "NVIDIA H100 80GB HBM3");
        Map<String, String> gpuPod = new java.util.LinkedHashMap<>(gpu);
        gpuPod.put("namespace", T7_POD.namespace());
        gpuPod.put("pod", T7_POD.name());
        pub.series("DCGM_FI_DEV_GPU_UTIL", List.of(gpu, gpuPod), T0, MINUTE,
                T7.samples().stream().map(ProbeTelemetry.Sample::gpuUtilPct).toList(), StandardUnit.NONE);
        pub.series("DCGM_FI_DEV_FB_USED", List.of(gpu, gpuPod), T0, MINUTE,
                T7.samples().stream().map(ProbeTelemetry.Sample::fbUsedMiB).toList(), StandardUnit.NONE);
        // the probe has no DCP field: GPU_UTIL/100 stands in, only to check that DCGM's 0..1 ratios become percent
        pub.series("DCGM_FI_PROF_GR_ENGINE_ACTIVE", List.of(gpu), T0, MINUTE,
                T7.samples().stream().map(s -> s.gpuUtilPct() / 100).toList(), StandardUnit.NONE);

        // node E's GPU 1 is only published pod-labelled: a1-job-1 for two hours, then a1-job-2
        for (int i = 0; i < A1.size(); i++) {
            PodKey pod = i < 120 ? new PodKey("batch", "a1-job-1") : A1_POD;
            Map<String, String> d = dims("ClusterName", "probe-dcgm", "Hostname", NODE_E, "gpu", "1",
                    "UUID", "GPU-77aa", "namespace", pod.namespace(), "pod", pod.name());
            pub.put("DCGM_FI_DEV_GPU_UTIL", d, T0.plus(MINUTE.multipliedBy(i)), A1.samples().get(i).gpuUtilPct(), StandardUnit.NONE);
            pub.put("DCGM_FI_DEV_FB_USED", d, T0.plus(MINUTE.multipliedBy(i)), A1.samples().get(i).fbUsedMiB(), StandardUnit.NONE);
        }
        pub.flush();
    }

    @Test
    void dcgmExporterSeriesAreDetectedMappedByExporterLabelsAndMergedAcrossPods() {
        TelemetryRequest req = new TelemetryRequest("probe-dcgm",
                List.of(new GpuHost(NODE_D, null, "p5.48xlarge", 8), new GpuHost(NODE_E, null, "g6.12xlarge", 4)),
                List.of(new PodPlacement(T7_POD, NODE_D), new PodPlacement(A1_POD, NODE_E)), SIX_HOURS);

        TelemetryResult r = new CloudWatchGpuTelemetry(cw, CloudWatchSettings.AUTO).fetch(req, Progress.NONE);

        assertThat(r.source()).isEqualTo("dcgm-exporter via the CloudWatch agent (namespace ContainerInsights/Prometheus)");
        GpuReading t7 = r.gpus().get(new GpuKey(NODE_D, "nvidia0"));
        assertThat(t7.uuid()).isEqualTo("GPU-3f2a9c1e-8b7d-4e55-a0c4-1d2e3f4a5b6c");
        assertThat(t7.model()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertSeries(t7.metrics().util().avg(), 0.5, 19.633333333333333, 94.48333333333333, 93.76666666666667, 89.45, 60.4);
        assertThat(t7.metrics().util().samples()).containsExactly(60, 60, 60, 60, 60, 20); // the GPU-level stream, not doubled
        assertSeries(t7.metrics().memUsedMiB().avg(), 0, 3519.5666666666666, 13301, 13301, 13301, 11686.15);
        assertSeries(t7.metrics().grEngineActive().avg(), 0.5, 19.633333333333333, 94.48333333333333, 93.76666666666667, 89.45, 60.4);
        assertThat(t7.metrics().smActive()).isNull();

        GpuReading a1 = r.gpus().get(new GpuKey(NODE_E, "nvidia1")); // gpu label "1" → nvidia1
        assertSeries(a1.metrics().util().avg(), 20.35, 23.966666666666665, 24, 24, 16.9375, NAN);
        assertThat(a1.metrics().util().samples()).containsExactly(60, 60, 60, 60, 32, 0);
        assertThat(a1.metrics().memUsedMiB().max()).containsExactly(8721, 8721, 8721, 8721, 8721, NAN);

        assertThat(r.podDevices()).containsEntry(T7_POD, java.util.Set.of("nvidia0")).containsEntry(A1_POD, java.util.Set.of("nvidia1"))
                .doesNotContainKey(new PodKey("batch", "a1-job-1")); // finished: not a pod of the fleet
        assertThat(notes(r)).contains("node " + NODE_E + ": no metrics for nvidia0, nvidia2, nvidia3 in CloudWatch"
                + " (DCGM_FI_DEV_GPU_UTIL, g6.12xlarge): its GPUs are analysed as unmeasured");
    }

    // ------------------------------------------------------------------ nothing published

    @Test
    void withoutAnyGpuMetricTheUserIsToldWhichCloudWatchSetupIsMissing() {
        TelemetryRequest req = new TelemetryRequest("bare", List.of(new GpuHost("n1", null, "g5.xlarge", 1)), List.of(), SIX_HOURS);

        TelemetryResult r = new CloudWatchGpuTelemetry(cw, CloudWatchSettings.AUTO).fetch(req, Progress.NONE);

        assertThat(r.gpus()).isEmpty();
        assertThat(r.source()).isEqualTo("none");
        assertThat(r.cost().requests()).isZero();
        assertThat(COUNTER.calls("GetMetricData")).isZero();
        CollectionNote n = r.notes().get(0);
        assertThat(n.severity()).isEqualTo(CollectionNote.Severity.ERROR);
        assertThat(n.message()).startsWith("No GPU metrics in CloudWatch for cluster bare")
                .contains("Install the Amazon CloudWatch Observability EKS add-on")
                .contains("DCGM_FI_DEV_GPU_UTIL");
    }

    @Test
    void containerInsightsWithoutGpuMetricsIsToldApartFromNoContainerInsights() {
        new MetricPublisher(cw, "ContainerInsights").put("node_cpu_utilization",
                dims("ClusterName", "cpu-insights", "NodeName", "n1", "InstanceId", "i-1"), T0, 12.5, StandardUnit.PERCENT).flush();
        TelemetryRequest req = new TelemetryRequest("cpu-insights", List.of(new GpuHost("n1", "i-1", "g5.xlarge", 1)), List.of(), SIX_HOURS);

        TelemetryResult r = new CloudWatchGpuTelemetry(cw, CloudWatchSettings.AUTO).fetch(req, Progress.NONE);

        assertThat(r.notes().get(0).message()).contains("Container Insights is installed (node_cpu_utilization is there) but"
                + " publishes no GPU metrics").contains("v1.3.0").contains("accelerated_compute_metrics");
    }

    @Test
    void aSchemaForcedByConfigurationIsReadWithoutDetection() {
        // the dcgm cluster publishes no Container Insights metrics: forcing that schema finds nothing
        TelemetryRequest req = new TelemetryRequest("probe-dcgm", List.of(new GpuHost(NODE_D, null, "p5.48xlarge", 8)), List.of(), SIX_HOURS);
        TelemetryResult forced = new CloudWatchGpuTelemetry(cw, CloudWatchSettings.AUTO.withSchema(MetricSchema.CONTAINER_INSIGHTS))
                .fetch(req, Progress.NONE);
        assertThat(forced.gpus()).isEmpty();
        assertThat(forced.notes().get(0).severity()).isEqualTo(CollectionNote.Severity.ERROR);

        TelemetryResult dcgm = new CloudWatchGpuTelemetry(cw, CloudWatchSettings.AUTO.withSchema(MetricSchema.DCGM_EXPORTER))
                .fetch(req, Progress.NONE);
        assertThat(dcgm.gpus()).containsOnlyKeys(new GpuKey(NODE_D, "nvidia0"));
        assertThat(dcgm.source()).startsWith("dcgm-exporter");
    }

    // ------------------------------------------------------------------ economy

    @Test
    void sixHundredGpusOverSevenDaysTakeExactlyTheMinimumNumberOfGetMetricDataRequests() {
        // a window away from the probe data, so moto scans only this fleet's datapoints
        Instant start = T0.plus(Duration.ofDays(30)), end = start.plus(Duration.ofDays(7));
        List<GpuHost> hosts = seedFleet("fleet-600-week", 75, 8, start, end);
        Window week = new Window(start, end, Duration.ofHours(1));
        List<int[]> progress = new ArrayList<>();

        TelemetryResult r = new CloudWatchGpuTelemetry(cw, CloudWatchSettings.AUTO).fetch(
                new TelemetryRequest("fleet-600-week", hosts, List.of(), week), recording(progress));

        // hand-computed: 600 GPUs × 2 metrics × 3 statistics = 3,600 queries; × 168 hourly points = 604,800 datapoints;
        // max(ceil(3,600 / 500), ceil(604,800 / 100,800)) = max(8, 6) = 8 requests
        assertThat(r.gpus()).hasSize(600);
        assertThat(r.cost().metricsRequested()).isEqualTo(3600);
        assertThat(r.cost().datapoints()).isEqualTo(604_800);
        assertThat(r.cost().minimumRequests()).isEqualTo(8);
        assertThat(COUNTER.calls("GetMetricData")).isEqualTo(8);
        assertThat(COUNTER.transmissions("GetMetricData")).isEqualTo(8);
        assertThat(r.cost().requests()).isEqualTo(8);
        assertThat(progress).hasSize(8).allSatisfy(p -> assertThat(p[1]).isEqualTo(8));
        assertThat(r.cost().getMetricDataUsd()).isEqualTo(0.036, within(1e-12)); // $0.01 per 1,000 metrics
        // the two GPUs with data in the window come back with it
        assertThat(r.gpus().get(new GpuKey("gpu-node-000", "nvidia0")).metrics().util().avg()[5]).isEqualTo(42.0);
        assertThat(r.gpus().get(new GpuKey("gpu-node-074", "nvidia7")).metrics().memUsedMiB().max()[100]).isEqualTo(40960.0);
        assertThat(r.gpus().get(new GpuKey("gpu-node-074", "nvidia7")).metrics().util().presentPoints()).isEqualTo(1);
    }

    @Test
    void fourteenDaysAreBoundByTheDatapointLimitAndStillTakeTheMinimum() {
        Instant start = T0.plus(Duration.ofDays(60)), end = start.plus(Duration.ofDays(14));
        List<GpuHost> hosts = seedFleet("fleet-600-fortnight", 75, 8, start, end);

        TelemetryResult r = new CloudWatchGpuTelemetry(cw, CloudWatchSettings.AUTO).fetch(
                new TelemetryRequest("fleet-600-fortnight", hosts, List.of(), new Window(start, end, Duration.ofHours(1))), Progress.NONE);

        // 3,600 × 336 = 1,209,600 datapoints → ceil(/100,800) = 12 > ceil(3,600/500) = 8
        assertThat(r.cost().minimumRequests()).isEqualTo(12);
        assertThat(COUNTER.calls("GetMetricData")).isEqualTo(12);
        assertThat(COUNTER.transmissions("GetMetricData")).isEqualTo(12);
    }

    /**
     * {@code nodes × gpus} GPUs, each with one util and one memory sample just before the window (so ListMetrics lists
     * them but the window holds no data, which keeps moto fast), and two GPUs with one sample inside the window.
     */
    private static List<GpuHost> seedFleet(String cluster, int nodes, int gpus, Instant start, Instant end) {
        MetricPublisher pub = new MetricPublisher(cw, "ContainerInsights");
        List<GpuHost> hosts = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            String node = String.format("gpu-node-%03d", n), id = String.format("i-%017d", n);
            hosts.add(new GpuHost(node, id, "p5.48xlarge", gpus));
            for (int g = 0; g < gpus; g++) {
                Map<String, String> d = dims("ClusterName", cluster, "NodeName", node, "InstanceId", id,
                        "InstanceType", "p5.48xlarge", "GpuDevice", "nvidia" + g);
                pub.put("node_gpu_utilization", d, start.minusSeconds(60), 1, StandardUnit.PERCENT);
                pub.put("node_gpu_memory_used", d, start.minusSeconds(60), MIB, StandardUnit.BYTES);
            }
        }
        Map<String, String> first = dims("ClusterName", cluster, "NodeName", "gpu-node-000", "InstanceId", String.format("i-%017d", 0),
                "InstanceType", "p5.48xlarge", "GpuDevice", "nvidia0");
        pub.put("node_gpu_utilization", first, start.plus(Duration.ofHours(5)).plusSeconds(60), 42, StandardUnit.PERCENT);
        Map<String, String> last = dims("ClusterName", cluster, "NodeName", "gpu-node-074", "InstanceId", String.format("i-%017d", 74),
                "InstanceType", "p5.48xlarge", "GpuDevice", "nvidia7");
        pub.put("node_gpu_utilization", last, start.plus(Duration.ofHours(100)), 97, StandardUnit.PERCENT);
        pub.put("node_gpu_memory_used", last, start.plus(Duration.ofHours(100)), 40960 * MIB, StandardUnit.BYTES);
        pub.flush();
        return hosts;
    }

    // ------------------------------------------------------------------ helpers

    private static Progress recording(List<int[]> batches) {
        return new Progress() {
            @Override public void batch(String cluster, String what, int done, int total) { batches.add(new int[] {done, total}); }
        };
    }

    private static List<String> notes(TelemetryResult r) {
        return r.notes().stream().map(CollectionNote::toString).toList();
    }

    private static void assertSeries(double[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) assertThat(actual[i]).as("step %d", i).isNaN();
            else assertThat(actual[i]).as("step %d", i).isCloseTo(expected[i], within(1e-9));
        }
    }
}
