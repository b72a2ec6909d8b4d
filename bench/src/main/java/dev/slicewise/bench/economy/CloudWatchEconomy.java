package dev.slicewise.bench.economy;

import static dev.slicewise.testkit.MetricPublisher.dims;

import dev.slicewise.aws.AwsClients;
import dev.slicewise.aws.cloudwatch.CloudWatchGpuTelemetry;
import dev.slicewise.aws.cloudwatch.CloudWatchSettings;
import dev.slicewise.collect.GpuHost;
import dev.slicewise.collect.TelemetryRequest;
import dev.slicewise.collect.TelemetryResult;
import dev.slicewise.fleet.Window;
import dev.slicewise.progress.Progress;
import dev.slicewise.testing.MotoServer;
import dev.slicewise.testkit.MetricPublisher;
import dev.slicewise.testkit.RequestCounter;
import dev.slicewise.testkit.TestAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * What one collection costs in CloudWatch: the real {@link CloudWatchGpuTelemetry} adapter against the moto server,
 * for a cluster of p5.48xlarge nodes (8 GPUs each) publishing Container Insights' per-GPU metrics, with the SDK's
 * requests counted on the wire ({@link RequestCounter}).
 *
 * <p>Every GPU publishes {@code node_gpu_utilization} and {@code node_gpu_memory_used} under the per-GPU dimension set
 * (ClusterName, NodeName, InstanceId, InstanceType, GpuDevice). Each stream is seeded with one datapoint, an hour
 * before the window: enough for ListMetrics to find it, while GetMetricData has nothing in the window to scan. The
 * counts do not depend on the data: the adapter queries every stream it finds over the whole window whatever it
 * holds, and plans its requests before sending any. (moto's GetMetricData compares every datapoint with every query and
 * hour, so 14 days of real samples for 6,000 GPUs would take it hours; the adapters' own tests check the values with
 * real probe data.)
 *
 * <p>The minimum is computed here from the API's limits, independently of the adapter's plan: the engine needs, per GPU
 * and signal, the hourly Average, Maximum and SampleCount (docs/collect.md §3), so q = 6 × GPUs queries of
 * p = window / 1 h datapoints, and no client can send them in fewer than max(⌈q / 500⌉, ⌈q·p / 100,800⌉) requests.
 * Cost: $0.01 per 1,000 metrics requested (us-east-1 list price, GetMetricData).
 */
public final class CloudWatchEconomy {
    public static final int GPUS_PER_NODE = 8;
    public static final double USD_PER_1000_METRICS = 0.01;
    static final String NAMESPACE = "ContainerInsights";

    /**
     * @param requests         GetMetricData calls the SDK made (counted by the interceptor)
     * @param transmissions    HTTP attempts (retries included)
     * @param queries          metrics requested (the adapter's own count)
     * @param minimum          the minimum computed here
     * @param listMetricsCalls discovery calls
     * @param gpusRead         GPUs the result holds a reading for (all of them, or the run is wrong)
     */
    public record Row(int gpus, int windowHours, int requests, int transmissions, int queries, long datapoints, int minimum,
                      int adapterMinimum, int listMetricsCalls, int gpusRead, double seconds) {
        public double usd() {
            return queries * USD_PER_1000_METRICS / 1000.0;
        }

        public double ratio() {
            return minimum == 0 ? Double.NaN : (double) requests / minimum;
        }
    }

    private CloudWatchEconomy() {}

    /** The fewest GetMetricData requests for {@code queries} queries of {@code points} datapoints each. */
    public static int minimumRequests(long queries, long points) {
        if (queries == 0) return 0;
        return (int) Math.max(ceil(queries, 500), ceil(queries * points, 100_800));
    }

    public static Row measure(MotoServer moto, int gpus, Window window) {
        moto.reset();
        RequestCounter counter = new RequestCounter();
        try (CloudWatchClient cw = AwsClients.cloudWatch(TestAws.at(moto.endpoint(), 3), List.of(counter))) {
            String cluster = "bench-" + gpus;
            List<GpuHost> hosts = seed(cw, cluster, gpus, window.start().minus(Duration.ofHours(1)));
            counter.reset();
            long t0 = System.nanoTime();
            TelemetryResult r = new CloudWatchGpuTelemetry(cw, CloudWatchSettings.AUTO)
                    .fetch(new TelemetryRequest(cluster, hosts, List.of(), window), Progress.NONE);
            double secs = (System.nanoTime() - t0) / 1e9;
            int points = window.points();
            return new Row(gpus, points, counter.calls("GetMetricData"), counter.transmissions("GetMetricData"),
                    r.cost().metricsRequested(), r.cost().datapoints(), minimumRequests(6L * gpus, points),
                    r.cost().minimumRequests(), counter.calls("ListMetrics"), r.gpus().size(), secs);
        }
    }

    /** One datapoint per GPU and metric under the per-GPU dimension set; returns the nodes as the collector sees them. */
    static List<GpuHost> seed(CloudWatchClient cw, String cluster, int gpus, Instant at) {
        MetricPublisher pub = new MetricPublisher(cw, NAMESPACE);
        List<GpuHost> hosts = new ArrayList<>();
        int nodes = (gpus + GPUS_PER_NODE - 1) / GPUS_PER_NODE;
        for (int n = 0; n < nodes; n++) {
            String node = String.format(Locale.ROOT, "ip-10-%d-%d-%d.ec2.internal", n / 65536, (n / 256) % 256, n % 256);
            String instance = String.format(Locale.ROOT, "i-%017x", 0x5000000L + n);
            int onNode = Math.min(GPUS_PER_NODE, gpus - n * GPUS_PER_NODE);
            hosts.add(new GpuHost(node, instance, "p5.48xlarge", onNode));
            for (int g = 0; g < onNode; g++) {
                Map<String, String> d = dims("ClusterName", cluster, "NodeName", node, "InstanceId", instance,
                        "InstanceType", "p5.48xlarge", "GpuDevice", "nvidia" + g);
                pub.put("node_gpu_utilization", d, at, 12.5, StandardUnit.PERCENT);
                pub.put("node_gpu_memory_used", d, at, 2.0e9, StandardUnit.BYTES);
            }
        }
        pub.flush();
        return hosts;
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    public static void main(String[] args) {
        Instant end = Instant.parse("2026-11-23T00:00:00Z");
        Window w = new Window(end.minus(Duration.ofDays(14)), end, Duration.ofHours(1));
        for (String a : args) System.out.println(measure(MotoServer.shared(), Integer.parseInt(a), w));
    }
}
