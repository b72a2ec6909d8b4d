package dev.slicewise.collect;

import dev.slicewise.progress.Progress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.NodePoolInfo;
import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetCollectorTest {
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final Window W = new Window(T0, T0.plus(Duration.ofHours(6)), Duration.ofHours(1));
    private static final Clock CLOCK = Clock.fixed(T0.plus(Duration.ofHours(6)).plusSeconds(42), ZoneOffset.UTC);
    private static final DevicePluginSetup NO_PLUGIN = new DevicePluginSetup(DevicePluginSetup.Mode.UNKNOWN, null, null, null, Map.of(), null);

    private static KubeNode node(String name, String type, int gpus, boolean shared, String capacityType, Instant created) {
        return new KubeNode(name, "i-" + name, type, "gpu-pool", capacityType, created, Map.of("karpenter.sh/nodepool", "gpu-pool"),
                shared ? gpus * 4 : gpus, gpus, shared);
    }

    private static KubePod pod(String ns, String name, String node, Instant started) {
        return new KubePod(new PodKey(ns, name), "Deployment/" + name, node, node == null ? "Pending" : "Running",
                "nvidia.com/gpu", 1, 2000, 8192, started);
    }

    /** 6 hourly points: 10, 20, 30, 40, 50, 60 % busy; memory 1000..6000 MiB. */
    private static GpuMetrics ramp() {
        return new GpuMetrics(new UsageSeries(T0, Duration.ofHours(1), new double[] {10, 20, 30, 40, 50, 60},
                new double[] {15, 25, 35, 45, 55, 65}, new long[] {60, 60, 60, 60, 60, 60}),
                UsageSeries.of(T0, Duration.ofHours(1), 1000, 2000, 3000, 4000, 5000, 6000));
    }

    private record Recording(TelemetryResult answer, List<TelemetryRequest> requests) implements GpuTelemetry {
        Recording(TelemetryResult answer) {
            this(answer, new ArrayList<>());
        }

        @Override
        public TelemetryResult fetch(TelemetryRequest request, Progress progress) {
            requests.add(request);
            return answer;
        }
    }

    private static TelemetryResult telemetry(Map<GpuKey, GpuReading> gpus, Map<PodKey, Set<String>> podDevices) {
        return new TelemetryResult("test", gpus, podDevices, Map.of(), List.of(), new TelemetryCost(12, 72, 1, 1, 2));
    }

    private static KubeFleet fleet(List<KubeNode> nodes, List<KubePod> pods, List<NodePoolInfo> pools) {
        return new KubeFleet(nodes, pods, pools, List.of(), true, NO_PLUGIN, List.of());
    }

    @Test
    void aPodAloneOnAnUnsharedGpuGetsThatGpusSeriesFromItsStartOn() {
        KubeNode n = node("n1", "g5.xlarge", 1, false, "on-demand", T0.minus(Duration.ofDays(3)));
        // started 02:30: hours 00, 01 and the partial 02 belonged to whatever ran before
        KubePod p = pod("inference", "api-1", "n1", T0.plus(Duration.ofMinutes(150)));
        Recording tel = new Recording(telemetry(Map.of(new GpuKey("n1", "nvidia0"), new GpuReading(null, null, ramp())), Map.of()));

        CollectionResult r = new FleetCollector(() -> fleet(List.of(n), List.of(p), List.of()), tel, CLOCK)
                .collect("c", "us-east-1", W, Progress.NONE);

        GpuWorkload w = r.snapshot().clusters().get(0).workloads().get(0);
        assertThat(w.gpuDevices()).containsExactly("nvidia0"); // the node's only GPU
        assertThat(w.metrics().util().avg()).containsExactly(Double.NaN, Double.NaN, Double.NaN, 40, 50, 60);
        assertThat(w.metrics().util().samples()).containsExactly(0, 0, 0, 60, 60, 60);
        assertThat(w.metrics().memUsedMiB().max()).containsExactly(Double.NaN, Double.NaN, Double.NaN, 4000, 5000, 6000);
        // the GPU itself keeps its whole series
        assertThat(r.snapshot().clusters().get(0).nodes().get(0).gpus().get(0).metrics().util().avg()[0]).isEqualTo(10);
    }

    @Test
    void podsSharingATimeSlicedGpuGetTheirDeviceButNoSeriesOfTheirOwn() {
        KubeNode n = node("n1", "g5.xlarge", 1, true, "on-demand", T0);
        KubePod a = pod("ml", "a", "n1", T0), b = pod("ml", "b", "n1", T0);
        Recording tel = new Recording(telemetry(Map.of(new GpuKey("n1", "nvidia0"), new GpuReading(null, null, ramp())),
                Map.of(a.key(), Set.of("nvidia0"), b.key(), Set.of("nvidia0"))));

        List<GpuWorkload> ws = new FleetCollector(() -> fleet(List.of(n), List.of(a, b), List.of()), tel, CLOCK)
                .collect("c", "us-east-1", W, Progress.NONE).snapshot().clusters().get(0).workloads();

        assertThat(ws).extracting(GpuWorkload::gpuDevices).containsExactly(List.of("nvidia0"), List.of("nvidia0"));
        assertThat(ws).extracting(GpuWorkload::metrics).containsOnlyNulls();
    }

    @Test
    void everyPhysicalGpuIsListedAndUnmeasuredOnesCarryNoSeries() {
        KubeNode n = node("n8", "p5.48xlarge", 8, false, "on-demand", T0);
        Recording tel = new Recording(telemetry(Map.of(
                new GpuKey("n8", "nvidia0"), new GpuReading("GPU-a", "NVIDIA H100 80GB HBM3", ramp()),
                new GpuKey("n8", "nvidia1"), new GpuReading("GPU-b", null, ramp())), Map.of()));

        GpuNode g = new FleetCollector(() -> fleet(List.of(n), List.of(), List.of()), tel, CLOCK)
                .collect("c", "us-east-1", W, Progress.NONE).snapshot().clusters().get(0).nodes().get(0);

        assertThat(g.gpus()).extracting(d -> d.device()).containsExactly("nvidia0", "nvidia1", "nvidia2", "nvidia3",
                "nvidia4", "nvidia5", "nvidia6", "nvidia7");
        assertThat(g.gpus().get(0).uuid()).isEqualTo("GPU-a");
        assertThat(g.gpus().subList(2, 8)).allSatisfy(d -> assertThat(d.metrics()).isNull());
        assertThat(tel.requests().get(0).hosts()).containsExactly(new GpuHost("n8", "i-n8", "p5.48xlarge", 8));
    }

    @Test
    void aGpuPodWithoutMetricsIsKeptAndNamed() {
        KubeNode measured = node("n1", "g5.xlarge", 1, false, "on-demand", T0);
        KubeNode dark = node("n2", "g5.xlarge", 1, false, "on-demand", T0);
        KubePod p = pod("ml", "dark-job", "n2", T0);
        Recording tel = new Recording(telemetry(Map.of(new GpuKey("n1", "nvidia0"), new GpuReading(null, null, ramp())), Map.of()));

        CollectionResult r = new FleetCollector(() -> fleet(List.of(measured, dark), List.of(p), List.of()), tel, CLOCK)
                .collect("c", "us-east-1", W, Progress.NONE);

        assertThat(r.snapshot().clusters().get(0).workloads()).extracting(GpuWorkload::pod).containsExactly("dark-job");
        assertThat(r.notes()).anySatisfy(n -> {
            assertThat(n.item()).isEqualTo("pod ml/dark-job");
            assertThat(n.severity()).isEqualTo(CollectionNote.Severity.WARNING);
            assertThat(n.message()).contains("no GPU metrics").contains("n2");
        });
    }

    @Test
    void pendingPodsAreNotSentToTelemetryNorPacked() {
        KubeNode n = node("n1", "g5.xlarge", 1, false, "on-demand", T0);
        Recording tel = new Recording(telemetry(Map.of(), Map.of()));
        CollectionResult r = new FleetCollector(() -> fleet(List.of(n), List.of(pod("ml", "waiting", null, null)), List.of()), tel, CLOCK)
                .collect("c", "us-east-1", W, Progress.NONE);
        assertThat(tel.requests().get(0).pods()).isEmpty();
        assertThat(r.snapshot().clusters().get(0).workloads()).isEmpty();
    }

    @Test
    void lowCoverageSinceTheNodeStartedIsReportedNotFilled() {
        // created 01:00 → 5 hours expected; 2 present (40 %) → reported; the gaps stay NaN
        KubeNode n = node("n1", "g5.xlarge", 1, false, "on-demand", T0.plus(Duration.ofHours(1)));
        GpuMetrics sparse = new GpuMetrics(UsageSeries.of(T0, Duration.ofHours(1), Double.NaN, Double.NaN, 30, Double.NaN, 50, Double.NaN), null);
        Recording tel = new Recording(telemetry(Map.of(new GpuKey("n1", "nvidia0"), new GpuReading(null, null, sparse)), Map.of()));

        CollectionResult r = new FleetCollector(() -> fleet(List.of(n), List.of(), List.of()), tel, CLOCK)
                .collect("c", "us-east-1", W, Progress.NONE);

        assertThat(r.notes()).anySatisfy(note -> assertThat(note.toString()).isEqualTo("node n1: utilization covers only"
                + " part of the hours the node existed in the window (nvidia0 2/5 hours); the gaps are left empty"));
        assertThat(r.snapshot().clusters().get(0).nodes().get(0).gpus().get(0).metrics().util().avg()[0]).isNaN();
    }

    @Test
    void spotPoolsAreFlaggedBecauseOnDemandPricesOverstateTheirSavings() {
        KubeNode n = node("n1", "g5.xlarge", 1, false, "spot", T0);
        NodePoolInfo pool = new NodePoolInfo("gpu-pool", NodePoolInfo.PoolKind.KARPENTER, Map.of(), Map.of(), List.of(), List.of("spot", "on-demand"));
        CollectionResult r = new FleetCollector(() -> fleet(List.of(n), List.of(), List.of(pool)),
                new Recording(telemetry(Map.of(), Map.of())), CLOCK).collect("c", "us-east-1", W, Progress.NONE);
        assertThat(r.notes()).anySatisfy(note -> {
            assertThat(note.item()).isEqualTo("nodepool gpu-pool");
            assertThat(note.message()).contains("spot").contains("overstate");
        });
    }

    @Test
    void theSnapshotCarriesClusterWindowClockAndNotes() {
        KubeNode n = node("n1", "g5.xlarge", 1, false, "on-demand", T0);
        CollectionResult r = new FleetCollector(() -> fleet(List.of(n), List.of(), List.of()),
                new Recording(telemetry(Map.of(), Map.of())), CLOCK).collect("prod", "eu-west-1", W, Progress.NONE);
        FleetSnapshot s = r.snapshot();
        assertThat(s.schemaVersion()).isEqualTo(FleetSnapshot.SCHEMA_VERSION);
        assertThat(s.collectedAt()).isEqualTo(CLOCK.instant());
        assertThat(s.window()).isEqualTo(W);
        ClusterSnapshot c = s.clusters().get(0);
        assertThat(c.name()).isEqualTo("prod");
        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(c.notes()).hasSameSizeAs(r.notes());
        assertThat(r.cost().getMetricDataUsd()).isEqualTo(12 * 0.01 / 1000);
    }

    @Test
    void withoutGpuNodesCloudWatchIsNotAsked() {
        Recording tel = new Recording(telemetry(Map.of(), Map.of()));
        CollectionResult r = new FleetCollector(() -> fleet(List.of(), List.of(), List.of()), tel, CLOCK)
                .collect("c", "us-east-1", W, Progress.NONE);
        assertThat(tel.requests()).isEmpty();
        assertThat(r.cost()).isEqualTo(TelemetryCost.NONE);
    }

    @Test
    void expectedPointsCountWholeHoursAfterTheNodeAppeared() {
        assertThat(FleetCollector.expectedPoints(W, null)).isEqualTo(6);
        assertThat(FleetCollector.expectedPoints(W, T0.minusSeconds(1))).isEqualTo(6);
        assertThat(FleetCollector.expectedPoints(W, T0.plus(Duration.ofMinutes(90)))).isEqualTo(4); // 02:00..06:00
        assertThat(FleetCollector.expectedPoints(W, T0.plus(Duration.ofHours(7)))).isZero();
    }
}
