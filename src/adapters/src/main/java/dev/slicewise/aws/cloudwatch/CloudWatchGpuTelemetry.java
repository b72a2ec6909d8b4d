package dev.slicewise.aws.cloudwatch;

import dev.slicewise.progress.Progress;
import dev.slicewise.aws.AwsErrors;
import dev.slicewise.aws.cloudwatch.MetricSchema.SignalMetric;
import dev.slicewise.aws.cloudwatch.MetricSchema.StreamIdentity;
import dev.slicewise.collect.CollectionNote;
import dev.slicewise.collect.DeviceNames;
import dev.slicewise.collect.GpuHost;
import dev.slicewise.collect.GpuKey;
import dev.slicewise.collect.GpuReading;
import dev.slicewise.collect.GpuTelemetry;
import dev.slicewise.collect.PodKey;
import dev.slicewise.collect.TelemetryCost;
import dev.slicewise.collect.TelemetryRequest;
import dev.slicewise.collect.TelemetryResult;
import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.UsageSeries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * GPU series from CloudWatch.
 *
 * <ol>
 *   <li><b>Schema</b>: taken from the settings, or detected with ListMetrics (Container Insights'
 *       {@code node_gpu_utilization} for the cluster, else dcgm-exporter's {@code DCGM_FI_DEV_GPU_UTIL}).</li>
 *   <li><b>Streams</b>: ListMetrics per signal gives the exact dimension sets published (GetMetricData matches
 *       dimensions exactly); each stream is tied to a GPU (node + device) or a pod of the request.</li>
 *   <li><b>Fetch</b>: one query per stream and statistic — Average, Maximum and SampleCount at the window's step —
 *       packed by {@link QueryPlan} into the fewest GetMetricData requests the API's limits allow. Percentiles are
 *       deliberately not requested: hourly averages and maxima of every GPU let the engine compute percentiles and the
 *       peak of co-located tenants' summed load itself, at a third of the cost of per-percentile queries.</li>
 * </ol>
 * Pages are followed (NextToken) and merged by query id; PartialData, InternalError, Forbidden and messages become
 * notes naming the GPU; gaps stay gaps.
 */
public final class CloudWatchGpuTelemetry implements GpuTelemetry {
    private static final String ITEM = "cloudwatch";
    private static final List<String> STATS = List.of("Average", "Maximum", "SampleCount");

    private final CloudWatchClient cw;
    private final CloudWatchSettings settings;

    public CloudWatchGpuTelemetry(CloudWatchClient cw, CloudWatchSettings settings) {
        this.cw = Objects.requireNonNull(cw, "cw");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public TelemetryResult fetch(TelemetryRequest request, Progress progress) {
        return new Run(request, progress).execute();
    }

    /** The state of one fetch. */
    private final class Run {
        final TelemetryRequest req;
        final Window window;
        final Progress progress;
        final List<CollectionNote> notes = new ArrayList<>();
        final Map<String, GpuHost> hosts = new HashMap<>();
        final Map<PodKey, String> podNodes = new HashMap<>();
        int listCalls;

        // discovered streams
        final Map<GpuKey, Map<GpuSignal, List<MetricStream>>> gpuLevel = new TreeMap<>();
        final Map<GpuKey, Map<GpuSignal, List<MetricStream>>> gpuPodLevel = new TreeMap<>();
        final Map<PodKey, Map<GpuSignal, List<MetricStream>>> podOnly = new TreeMap<>();
        final Map<GpuKey, String> uuids = new HashMap<>();
        final Map<GpuKey, String> models = new HashMap<>();
        final Map<PodKey, Set<String>> podDevices = new TreeMap<>();
        final Set<String> otherNodes = new TreeSet<>();
        final Set<String> replacedInstances = new TreeSet<>();

        Run(TelemetryRequest req, Progress progress) {
            this.req = req;
            this.window = req.window();
            this.progress = progress;
            req.hosts().forEach(h -> hosts.put(h.node(), h));
            req.pods().forEach(p -> podNodes.put(p.pod(), p.node()));
        }

        TelemetryResult execute() {
            long step = window.step().toSeconds();
            if (step % 60 != 0) {
                throw new IllegalArgumentException("CloudWatch periods are multiples of 60 s; window step is " + window.step());
            }
            MetricSchema schema;
            Map<GpuSignal, List<MetricStream>> streams = new EnumMap<>(GpuSignal.class);
            try {
                schema = detect(streams);
                if (schema == null) return empty("none");
                discover(schema, streams);
                if (settings.schema() != null && streams.values().stream().allMatch(List::isEmpty)) {
                    notes.add(CollectionNote.error(ITEM, noMetricsMessage()));
                    return empty("none");
                }
            } catch (SdkException e) {
                notes.add(CollectionNote.error(ITEM, failure("ListMetrics", e)));
                return empty("none");
            }
            String source = schema.displayName() + " (namespace " + settings.namespace(schema) + ")";
            notes.add(CollectionNote.info(ITEM, "GPU metrics read from " + source));
            return fetchSeries(schema, source);
        }

        /** The schema to read, and its UTIL streams (reused: detection lists exactly what discovery needs). */
        private MetricSchema detect(Map<GpuSignal, List<MetricStream>> streams) {
            if (settings.schema() != null) return settings.schema();
            for (MetricSchema s : MetricSchema.values()) {
                List<MetricStream> util = list(s, s.detectionMetric());
                if (!util.isEmpty()) {
                    streams.put(GpuSignal.UTIL, util);
                    return s;
                }
            }
            notes.add(CollectionNote.error(ITEM, noMetricsMessage()));
            return null;
        }

        private String noMetricsMessage() {
            String cluster = req.cluster();
            boolean containerInsights = !listRaw("ContainerInsights", "node_cpu_utilization", "ClusterName", cluster).isEmpty();
            StringBuilder m = new StringBuilder("No GPU metrics in CloudWatch for cluster ").append(cluster)
                    .append(": neither Container Insights' node_gpu_utilization (namespace ContainerInsights) nor"
                            + " dcgm-exporter's DCGM_FI_DEV_GPU_UTIL (namespace ").append(settings.dcgmNamespace())
                    .append(") is published. ");
            if (containerInsights) {
                m.append("Container Insights is installed (node_cpu_utilization is there) but publishes no GPU metrics:"
                        + " use the Amazon CloudWatch Observability add-on v1.3.0 or later (agent 1.300034.0+), keep"
                        + " \"accelerated_compute_metrics\" enabled, and check that its dcgm-exporter DaemonSet runs on"
                        + " the GPU nodes (it needs the NVIDIA device plugin).");
            } else {
                m.append("Install the Amazon CloudWatch Observability EKS add-on (Container Insights with enhanced"
                        + " observability, v1.3.0 or later; GPU metrics are on by default), or configure the CloudWatch"
                        + " agent's Prometheus pipeline to scrape NVIDIA dcgm-exporter with DCGM_FI_DEV_GPU_UTIL and"
                        + " DCGM_FI_DEV_FB_USED in its metric_selectors and ClusterName, Hostname, gpu in its dimensions.");
            }
            m.append(" Every GPU is analysed as unmeasured until then.");
            return m.toString();
        }

        private void discover(MetricSchema schema, Map<GpuSignal, List<MetricStream>> streams) {
            progress.step(req.cluster(), "CloudWatch: listing " + schema.displayName() + " GPU metrics");
            for (Map.Entry<GpuSignal, SignalMetric> e : schema.signals().entrySet()) {
                List<MetricStream> found = streams.computeIfAbsent(e.getKey(), k -> list(schema, e.getValue().name()));
                for (MetricStream s : found) classify(schema, e.getKey(), s);
            }
            if (schema.podMappingMetric() != null) {
                for (MetricStream s : list(schema, schema.podMappingMetric())) mapPod(schema, s);
            }
            if (!otherNodes.isEmpty()) {
                notes.add(CollectionNote.info(ITEM, otherNodes.size() + " node(s) publish GPU metrics but are not GPU nodes"
                        + " of the cluster now (ignored): " + abbreviate(otherNodes)));
            }
            if (!replacedInstances.isEmpty()) {
                notes.add(CollectionNote.info(ITEM, "ignored metrics of earlier EC2 instances that had the same node name: "
                        + abbreviate(replacedInstances)));
            }
        }

        private void classify(MetricSchema schema, GpuSignal signal, MetricStream stream) {
            StreamIdentity id = schema.identify(stream.dimensions());
            String node = id.node() != null ? id.node() : id.pod() != null ? podNodes.get(id.pod()) : null;
            if (node == null) return; // cluster-, namespace- or service-level aggregate
            GpuHost host = hosts.get(node);
            if (host == null) {
                otherNodes.add(node);
                return;
            }
            if (id.device() == null) {
                if (id.pod() != null) add(podOnly, id.pod(), signal, stream);
                return; // otherwise a node-level aggregate over the node's GPUs
            }
            if (id.instanceId() != null && host.instanceId() != null && !id.instanceId().equals(host.instanceId())) {
                replacedInstances.add(node + " (" + id.instanceId() + ")");
                return;
            }
            GpuKey key = new GpuKey(node, id.device());
            if (id.uuid() != null) uuids.put(key, id.uuid());
            if (id.model() != null) models.put(key, id.model());
            if (id.pod() == null) {
                add(gpuLevel, key, signal, stream);
            } else {
                add(gpuPodLevel, key, signal, stream);
                if (podNodes.containsKey(id.pod())) podDevices.computeIfAbsent(id.pod(), k -> new TreeSet<>(DeviceNames::compare)).add(id.device());
            }
        }

        private void mapPod(MetricSchema schema, MetricStream stream) {
            StreamIdentity id = schema.identify(stream.dimensions());
            if (id.pod() == null || id.device() == null || !podNodes.containsKey(id.pod())) return;
            podDevices.computeIfAbsent(id.pod(), k -> new TreeSet<>(DeviceNames::compare)).add(id.device());
        }

        private TelemetryResult fetchSeries(MetricSchema schema, String source) {
            // what to fetch: per GPU and signal one GPU-level stream, else all pod-labelled streams of that GPU
            Map<GpuKey, Map<GpuSignal, List<MetricStream>>> perGpu = new TreeMap<>();
            Set<GpuKey> keys = new TreeSet<>(gpuLevel.keySet());
            keys.addAll(gpuPodLevel.keySet());
            for (GpuKey k : keys) {
                for (GpuSignal sig : schema.signals().keySet()) {
                    List<MetricStream> level = gpuLevel.getOrDefault(k, Map.of()).get(sig);
                    List<MetricStream> chosen = level != null && !level.isEmpty()
                            // duplicates of one GPU (several declared dimension sets) carry the same samples: take one
                            ? List.of(level.stream().min(Comparator.comparing(MetricStream::toString)).orElseThrow())
                            : gpuPodLevel.getOrDefault(k, Map.of()).getOrDefault(sig, List.of());
                    if (!chosen.isEmpty()) perGpu.computeIfAbsent(k, x -> new EnumMap<>(GpuSignal.class)).put(sig, chosen);
                }
            }
            // pod-only streams are fetched only for pods on nodes that have no GPU-level series at all
            Set<String> measuredNodes = new TreeSet<>();
            perGpu.keySet().forEach(k -> measuredNodes.add(k.node()));
            Map<PodKey, Map<GpuSignal, List<MetricStream>>> perPod = new TreeMap<>();
            podOnly.forEach((pod, bySignal) -> {
                if (!measuredNodes.contains(podNodes.get(pod))) perPod.put(pod, bySignal);
            });

            List<Query> queries = new ArrayList<>();
            perGpu.forEach((k, bySignal) -> bySignal.forEach((sig, list) -> list.forEach(s -> addQueries(queries, k.toString(), sig, s))));
            perPod.forEach((p, bySignal) -> bySignal.forEach((sig, list) -> list.forEach(s -> addQueries(queries, "pod " + p, sig, s))));

            QueryPlan plan = QueryPlan.of(queries.size(), window.points());
            int requests;
            try {
                requests = execute(plan, queries);
            } catch (SdkException e) {
                notes.add(CollectionNote.error(ITEM, failure("GetMetricData", e)));
                return result(source, Map.of(), Map.of(), new TelemetryCost(queries.size(), plan.datapoints(), 0,
                        plan.minimumRequests(), listCalls));
            }

            Map<GpuKey, GpuReading> gpus = new TreeMap<>();
            Map<Series, List<StatSeries>> fetched = new HashMap<>();
            for (Query q : queries) fetched.computeIfAbsent(q.series, x -> new ArrayList<>()).add(q.data);
            perGpu.forEach((k, bySignal) -> gpus.put(k, new GpuReading(uuids.get(k), models.get(k),
                    metrics(schema, k.toString(), bySignal, fetched))));
            Map<PodKey, GpuMetrics> pods = new TreeMap<>();
            perPod.forEach((p, bySignal) -> pods.put(p, metrics(schema, "pod " + p, bySignal, fetched)));

            reportUnmeasured(schema, perGpu.keySet(), pods.keySet());
            return result(source, gpus, pods, new TelemetryCost(queries.size(), plan.datapoints(), requests,
                    plan.minimumRequests(), listCalls));
        }

        private void addQueries(List<Query> queries, String target, GpuSignal sig, MetricStream s) {
            Series series = new Series(target, sig);
            // the three statistics of one stream share one StatSeries
            StatSeries data = new StatSeries(window.points());
            for (String stat : STATS) {
                queries.add(new Query("q" + queries.size(), series, s, stat, data));
            }
        }

        private GpuMetrics metrics(MetricSchema schema, String target, Map<GpuSignal, List<MetricStream>> bySignal,
                                   Map<Series, List<StatSeries>> fetched) {
            Map<GpuSignal, UsageSeries> out = new EnumMap<>(GpuSignal.class);
            bySignal.keySet().forEach(sig -> {
                List<StatSeries> data = fetched.get(new Series(target, sig));
                // one StatSeries per stream, listed three times (one per statistic): keep distinct instances
                List<StatSeries> distinct = data.stream().distinct().toList();
                out.put(sig, StatSeries.combine(window, distinct, schema.signals().get(sig).scale()));
            });
            return new GpuMetrics(out.get(GpuSignal.UTIL), out.get(GpuSignal.MEM_USED_MIB), out.get(GpuSignal.SM_ACTIVE),
                    out.get(GpuSignal.GR_ENGINE_ACTIVE));
        }

        /** Sends the planned requests, follows NextToken, merges pages by query id. @return requests made */
        private int execute(QueryPlan plan, List<Query> queries) {
            Map<String, Query> byId = new HashMap<>();
            queries.forEach(q -> byId.put(q.id, q));
            Map<String, StatusCode> lastStatus = new LinkedHashMap<>();
            int requests = 0;
            if (plan.requests() > 0) {
                progress.step(req.cluster(), "CloudWatch: fetching " + plan.queries() + " metric queries in " + plan.requests()
                        + " GetMetricData request(s)");
            }
            for (int b = 0; b < plan.requests(); b++) {
                List<MetricDataQuery> batch = new ArrayList<>(plan.size(b));
                for (int i = plan.from(b); i < plan.to(b); i++) batch.add(queries.get(i).toSdk(window));
                String token = null;
                do {
                    GetMetricDataResponse r = cw.getMetricData(GetMetricDataRequest.builder()
                            .metricDataQueries(batch)
                            .startTime(window.start())
                            .endTime(window.end())
                            .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                            .nextToken(token)
                            .build());
                    requests++;
                    for (MetricDataResult res : r.metricDataResults()) {
                        Query q = byId.get(res.id());
                        if (q == null) continue;
                        int dropped = StatSeries.place(q.target(), window, res.timestamps(), res.values());
                        if (dropped > 0) {
                            notes.add(CollectionNote.warn(q.series.target, dropped + " datapoint(s) of " + q.describe()
                                    + " fell outside the window's hourly grid and were not used"));
                        }
                        if (res.statusCode() != null) lastStatus.put(res.id(), res.statusCode());
                        for (MessageData m : res.messages()) {
                            notes.add(CollectionNote.warn(q.series.target, q.describe() + ": CloudWatch says " + m.code() + " " + m.value()));
                        }
                    }
                    for (MessageData m : r.messages()) {
                        notes.add(CollectionNote.warn(ITEM, "GetMetricData says " + m.code() + ": " + m.value()));
                    }
                    progress.batch(req.cluster(), "metric batches", requests, plan.requests());
                    token = r.nextToken();
                } while (token != null && !token.isEmpty());
            }
            lastStatus.forEach((id, status) -> {
                Query q = byId.get(id);
                switch (status) {
                    case COMPLETE -> { }
                    case PARTIAL_DATA -> notes.add(CollectionNote.warn(q.series.target, q.describe()
                            + ": CloudWatch returned partial data and no further page; the missing steps stay gaps"));
                    case FORBIDDEN -> notes.add(CollectionNote.error(q.series.target, q.describe()
                            + ": CloudWatch answered Forbidden (cross-account metric without permission)"));
                    default -> notes.add(CollectionNote.warn(q.series.target, q.describe()
                            + ": CloudWatch returned status " + status + "; the missing steps stay gaps"));
                }
            });
            return requests;
        }

        private void reportUnmeasured(MetricSchema schema, Set<GpuKey> measured, Set<PodKey> measuredPods) {
            Map<String, List<String>> missingByNode = new TreeMap<>();
            for (GpuHost h : req.hosts()) {
                boolean any = measured.stream().anyMatch(k -> k.node().equals(h.node()));
                boolean anyPod = measuredPods.stream().anyMatch(p -> h.node().equals(podNodes.get(p)));
                if (!any && !anyPod) {
                    missingByNode.put(h.node(), List.of());
                    continue;
                }
                List<String> missing = new ArrayList<>();
                for (int i = 0; i < h.physicalGpus(); i++) {
                    String device = DeviceNames.ofIndex(i);
                    if (any && !measured.contains(new GpuKey(h.node(), device))) missing.add(device);
                }
                if (!missing.isEmpty()) missingByNode.put(h.node(), missing);
            }
            missingByNode.forEach((node, devices) -> {
                GpuHost h = hosts.get(node);
                String what = devices.isEmpty() ? "no GPU metrics" : "no metrics for " + String.join(", ", devices);
                notes.add(CollectionNote.warn("node " + node, what + " in CloudWatch (" + schema.detectionMetric()
                        + ", " + (h.instanceType() == null ? "unknown type" : h.instanceType())
                        + "): its GPUs are analysed as unmeasured"));
            });
        }

        private TelemetryResult empty(String source) {
            return result(source, Map.of(), Map.of(), new TelemetryCost(0, 0, 0, 0, listCalls));
        }

        private TelemetryResult result(String source, Map<GpuKey, GpuReading> gpus, Map<PodKey, GpuMetrics> pods, TelemetryCost cost) {
            Map<PodKey, Set<String>> devices = new TreeMap<>();
            podDevices.forEach((k, v) -> devices.put(k, Set.copyOf(v)));
            return new TelemetryResult(source, gpus, devices, pods, notes, cost);
        }

        private List<MetricStream> list(MetricSchema schema, String metricName) {
            return listRaw(settings.namespace(schema), metricName, settings.clusterDimension(schema), req.cluster());
        }

        private List<MetricStream> listRaw(String namespace, String metricName, String clusterDim, String cluster) {
            ListMetricsRequest.Builder b = ListMetricsRequest.builder().namespace(namespace).metricName(metricName);
            if (clusterDim != null) b.dimensions(DimensionFilter.builder().name(clusterDim).value(cluster).build());
            // a set: each stream once even if listed twice (moto 5.2 lists a multi-dimension metric once per datum)
            Set<MetricStream> out = new LinkedHashSet<>();
            String token = null;
            do {
                ListMetricsResponse r = cw.listMetrics(b.nextToken(token).build());
                listCalls++;
                for (Metric m : r.metrics()) out.add(MetricStream.of(m));
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
            return List.copyOf(out);
        }

        private String failure(String operation, SdkException e) {
            if (AwsErrors.accessDenied(e)) {
                return "CloudWatch denied " + operation + " — " + AwsErrors.describe(e) + ". The collector's role needs"
                        + " cloudwatch:ListMetrics and cloudwatch:GetMetricData on Resource \"*\"; no GPU metrics were read.";
            }
            if (AwsErrors.throttled(e)) {
                return "CloudWatch kept throttling " + operation + " after the SDK's retries with backoff — "
                        + AwsErrors.describe(e) + ". Run again later (GetMetricData allows 50 requests/s per account"
                        + " and region, shared with dashboards and other tools); no GPU metrics were read.";
            }
            return "CloudWatch " + operation + " failed — " + AwsErrors.describe(e) + "; no GPU metrics were read.";
        }
    }

    private static <K> void add(Map<K, Map<GpuSignal, List<MetricStream>>> map, K key, GpuSignal sig, MetricStream s) {
        map.computeIfAbsent(key, k -> new EnumMap<>(GpuSignal.class)).computeIfAbsent(sig, k -> new ArrayList<>()).add(s);
    }

    private static String abbreviate(Set<String> items) {
        List<String> l = new ArrayList<>(items);
        return l.size() <= 10 ? String.join(", ", l) : String.join(", ", l.subList(0, 10)) + " … (" + (l.size() - 10) + " more)";
    }

    /** One signal of one GPU or pod. */
    private record Series(String target, GpuSignal signal) {}

    /** One GetMetricData query: one stream, one statistic; its values land in {@code data}. */
    private record Query(String id, Series series, MetricStream stream, String stat, StatSeries data) {
        MetricDataQuery toSdk(Window w) {
            return MetricDataQuery.builder()
                    .id(id)
                    .metricStat(MetricStat.builder()
                            .metric(stream.toMetric())
                            .period((int) w.step().toSeconds())
                            .stat(stat)
                            .build())
                    .returnData(true)
                    .build();
        }

        double[] target() {
            return switch (stat) {
                case "Average" -> data.avg;
                case "Maximum" -> data.max;
                default -> data.count;
            };
        }

        String describe() {
            return stream.metricName() + " " + stat;
        }
    }

    /** A metric as ListMetrics returned it: namespace, name and the exact dimension set. */
    record MetricStream(String namespace, String metricName, Map<String, String> dimensions) {
        static MetricStream of(Metric m) {
            // keep ListMetrics' order and send it back unchanged: CloudWatch matches dimension sets regardless of order,
            // moto 5.2 only when the order is the one the data was put with (its Dimension ordering is broken)
            Map<String, String> dims = new LinkedHashMap<>();
            for (Dimension d : m.dimensions()) dims.put(d.name(), d.value());
            return new MetricStream(m.namespace(), m.metricName(), dims);
        }

        Metric toMetric() {
            List<Dimension> dims = new ArrayList<>();
            dimensions.forEach((k, v) -> dims.add(Dimension.builder().name(k).value(v).build()));
            return Metric.builder().namespace(namespace).metricName(metricName).dimensions(dims).build();
        }
    }
}
