package dev.slicewise.functions.it;

import static dev.slicewise.testkit.MetricPublisher.dims;

import dev.slicewise.aws.AwsClients;
import dev.slicewise.testkit.MetricPublisher;
import dev.slicewise.testkit.ProbeTelemetry;
import dev.slicewise.testkit.TestAws;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * What CloudWatch holds for prod-eks's three GPUs over the analysis window: the real H100 probe telemetry (nvidia-smi,
 * the counters dcgm-exporter exports as DCGM_FI_DEV_GPU_UTIL and DCGM_FI_DEV_FB_USED) of one BERT-large inference server
 * (scenario T1) on two GPUs and of two time-sliced servers (T2) on the third, replayed in a loop at the CloudWatch agent's
 * 60-second scrape interval, under Container Insights' per-GPU dimension set.
 *
 * <p>Each hour's 60 samples are put as one statistic set (count, sum, minimum, maximum) — what CloudWatch itself keeps
 * of them at one-hour resolution — rather than 60 single values: GetMetricData's hourly Average, Maximum and
 * SampleCount are the same either way, and moto's ListMetrics is quadratic in the number of stored datapoints (it
 * de-duplicates multi-dimension metrics by comparing every pair), which 35,000 single values would not survive.
 */
final class ProbeTelemetry4Days {
    record Gpu(String node, String instanceId, String scenario, int offset) {}

    static final String CLUSTER = "prod-eks";
    static final List<Gpu> GPUS = List.of(
            new Gpu("ip-10-0-1-11.ec2.internal", "i-0a1b2c3d4e5f60711", "inference/smi_T1.csv", 0),
            new Gpu("ip-10-0-2-12.ec2.internal", "i-0a1b2c3d4e5f60712", "inference/smi_T1.csv", 97),
            new Gpu("ip-10-0-3-13.ec2.internal", "i-0a1b2c3d4e5f60713", "inference/smi_T2.csv", 0));

    private ProbeTelemetry4Days() {}

    /** One sample a minute from an hour before the window up to the current hour. */
    static void publish(Instant now, Duration lookback) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(lookback).minus(Duration.ofHours(1));
        int hours = (int) Duration.between(start, end).toHours();
        try (CloudWatchClient cw = AwsClients.cloudWatch(TestAws.moto(), List.of())) {
            MetricPublisher pub = new MetricPublisher(cw, "ContainerInsights");
            for (Gpu g : GPUS) {
                ProbeTelemetry probe = ProbeTelemetry.load(g.scenario());
                var set = dims("ClusterName", CLUSTER, "NodeName", g.node(), "InstanceId", g.instanceId(),
                        "InstanceType", "g4dn.xlarge", "GpuDevice", "nvidia0");
                for (int h = 0; h < hours; h++) {
                    List<Double> util = new ArrayList<>();
                    List<Double> memBytes = new ArrayList<>();
                    for (int m = 0; m < 60; m++) {
                        ProbeTelemetry.Sample s = probe.samples().get((h * 60 + m + g.offset()) % probe.size());
                        util.add(s.gpuUtilPct());
                        memBytes.add(s.fbUsedMiB() * 1024 * 1024);
                    }
                    Instant hour = start.plus(Duration.ofHours(h));
                    pub.statistics("node_gpu_utilization", set, hour, util, StandardUnit.PERCENT);
                    pub.statistics("node_gpu_memory_used", set, hour, memBytes, StandardUnit.BYTES);
                }
            }
            pub.flush();
        }
    }
}
