package dev.slicewise.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/** Publishes metric data with PutMetricData the way the CloudWatch agent would: one value per metric, stream and scrape. */
public final class MetricPublisher {
    private static final int PER_REQUEST = 500;

    private final CloudWatchClient cw;
    private final String namespace;
    private final List<MetricDatum> pending = new ArrayList<>();

    public MetricPublisher(CloudWatchClient cw, String namespace) {
        this.cw = cw;
        this.namespace = namespace;
    }

    /** Ordered dimensions, e.g. {@code dims("ClusterName", "c", "NodeName", "n1")}. */
    public static Map<String, String> dims(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    public MetricPublisher put(String metric, Map<String, String> dimensions, Instant at, double value, StandardUnit unit) {
        List<Dimension> d = new ArrayList<>();
        dimensions.forEach((k, v) -> d.add(Dimension.builder().name(k).value(v).build()));
        pending.add(MetricDatum.builder().metricName(metric).dimensions(d).timestamp(at).value(value).unit(unit).build());
        if (pending.size() >= PER_REQUEST) flush();
        return this;
    }

    /** {@code values[i]} at {@code start + i × every}, under each of the dimension sets. */
    public MetricPublisher series(String metric, List<Map<String, String>> dimensionSets, Instant start, Duration every,
                                  List<Double> values, StandardUnit unit) {
        for (int i = 0; i < values.size(); i++) {
            for (Map<String, String> d : dimensionSets) put(metric, d, start.plus(every.multipliedBy(i)), values.get(i), unit);
        }
        return this;
    }

    /**
     * One statistic set (PutMetricData {@code StatisticValues}): what CloudWatch keeps of many samples of one period —
     * their count, sum, minimum and maximum. GetMetricData answers Average, Maximum and SampleCount over a period from
     * these exactly as from the samples themselves.
     */
    public MetricPublisher statistics(String metric, Map<String, String> dimensions, Instant at, List<Double> samples, StandardUnit unit) {
        if (samples.isEmpty()) return this;
        List<Dimension> d = new ArrayList<>();
        dimensions.forEach((k, v) -> d.add(Dimension.builder().name(k).value(v).build()));
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : samples) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double s = sum, lo = min, hi = max;
        pending.add(MetricDatum.builder().metricName(metric).dimensions(d).timestamp(at).unit(unit)
                .statisticValues(v -> v.sampleCount((double) samples.size()).sum(s).minimum(lo).maximum(hi)).build());
        if (pending.size() >= PER_REQUEST) flush();
        return this;
    }

    public void flush() {
        if (pending.isEmpty()) return;
        List<MetricDatum> batch = List.copyOf(pending);
        pending.clear();
        cw.putMetricData(r -> r.namespace(namespace).metricData(batch));
    }
}
