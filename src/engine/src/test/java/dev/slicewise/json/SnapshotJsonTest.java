package dev.slicewise.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.demo.DemoFleet;
import dev.slicewise.engine.InputProblem;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.NodePoolInfo;
import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.UsageSeries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotJsonTest {
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    static final Duration H = Duration.ofHours(1);
    static final double NaN = Double.NaN;

    static String fixture(String name) {
        try (InputStream in = SnapshotJsonTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every optional part filled in, gaps included, so the round trip covers the whole format. */
    static FleetSnapshot everyField() {
        Window window = new Window(T0, T0.plus(Duration.ofHours(3)), H);
        UsageSeries util = new UsageSeries(T0, H, new double[] {12.5, NaN, 7}, new double[] {30, NaN, 9.25}, new long[] {60, 0, 58});
        UsageSeries mem = new UsageSeries(T0, H, new double[] {2048, NaN, 2100}, new double[] {2050, NaN, 2300}, null);
        UsageSeries sm = UsageSeries.of(T0, H, 3.5, NaN, 2);
        GpuMetrics full = new GpuMetrics(util, mem, sm, UsageSeries.of(T0, H, 10, NaN, 8));
        GpuNode node = new GpuNode("ip-10-0-1-1.ec2.internal", "pool", "g5.12xlarge", "spot", Instant.parse("2026-10-01T12:00:00Z"),
                Map.of("nvidia.com/gpu.product", "NVIDIA-A10G", "karpenter.sh/nodepool", "pool"), 4,
                List.of(new GpuDevice("nvidia0", "GPU-1234", full), new GpuDevice("nvidia1", null, null)));
        GpuNode bare = new GpuNode("mng-node", null, "g4dn.xlarge", null, Instant.parse("2026-10-02T00:00:00Z"), Map.of(), 1, List.of());
        GpuWorkload pod = new GpuWorkload("ml", "api-7d-x", "Deployment/api", "ip-10-0-1-1.ec2.internal", List.of("nvidia0"),
                "nvidia.com/gpu", 1, 1500, 6144, new GpuMetrics(util, mem));
        GpuWorkload barePod = new GpuWorkload("ml", "job-1", null, "mng-node", List.of(), "nvidia.com/mig-1g.10gb", 2, 0, 0, null);
        NodePoolInfo pool = new NodePoolInfo("pool", NodePoolInfo.PoolKind.KARPENTER, Map.of("team", "ml"), Map.of("nvidia.com/gpu", "64"),
                List.of("g5.12xlarge"), List.of("spot", "on-demand"));
        NodePoolInfo group = new NodePoolInfo("ng-1", NodePoolInfo.PoolKind.MANAGED_NODEGROUP, Map.of(), Map.of(), List.of(), List.of());
        DevicePluginSetup plugin = new DevicePluginSetup(DevicePluginSetup.Mode.STANDALONE, "kube-system", "dp-config", "default",
                Map.of("default", "version: v1\n", "ts-4", "version: v1\nsharing: {}\n"), null);
        ClusterSnapshot c1 = new ClusterSnapshot("c1", "eu-west-1", List.of(pool, group), List.of(node, bare), List.of(pod, barePod), plugin,
                List.of("no Karpenter CRDs found"));
        ClusterSnapshot c2 = new ClusterSnapshot("c2", "us-east-1", List.of(), List.of(), List.of(), null, List.of());
        return new FleetSnapshot(FleetSnapshot.SCHEMA_VERSION, T0.plus(Duration.ofHours(3).plusMinutes(5)), window, List.of(c1, c2));
    }

    @Test
    void everyFieldSurvivesWriteThenRead() throws Exception {
        FleetSnapshot original = everyField();
        SnapshotRead back = SnapshotJson.read(SnapshotJson.write(original));
        assertThat(back.problems()).isEmpty();
        assertThat(back.snapshot()).isEqualTo(original);
    }

    @Test
    void theDemoFleetSurvivesWriteThenRead() throws Exception {
        FleetSnapshot demo = DemoFleet.snapshot(Clock.fixed(Instant.parse("2026-11-23T10:17:00Z"), ZoneOffset.UTC));
        SnapshotRead back = SnapshotJson.read(SnapshotJson.write(demo));
        assertThat(back.problems()).isEmpty();
        assertThat(back.snapshot()).isEqualTo(demo);
    }

    @Test
    void writingIsDeterministicAndGapsAreNull() {
        String once = SnapshotJson.write(everyField());
        assertThat(SnapshotJson.write(everyField())).isEqualTo(once);
        assertThat(once).contains("\"avg\": [ 12.5, null, 7.0 ]").contains("\"samples\": [ 60, 0, 58 ]").doesNotContain("NaN");
        // labels are sorted by key whatever Map.copyOf's iteration order
        assertThat(once.indexOf("karpenter.sh/nodepool")).isLessThan(once.indexOf("nvidia.com/gpu.product"));
    }

    @Test
    void malformedJsonIsRejectedWithLineAndColumn() {
        assertThatThrownBy(() -> SnapshotJson.read(fixture("malformed.snapshot.json")))
                .isInstanceOf(JsonFormatException.class)
                .hasMessageStartingWith("malformed JSON")
                .hasMessageContaining("(line 5, column 3)")
                .satisfies(e -> assertThat(((JsonFormatException) e).line()).isEqualTo(5));
    }

    @Test
    void documentsThatAreNotSnapshotsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> SnapshotJson.read("")).isInstanceOf(JsonFormatException.class).hasMessageContaining("empty document");
        assertThatThrownBy(() -> SnapshotJson.read("[1, 2]")).hasMessageContaining("expected a JSON object at the top level");
        assertThatThrownBy(() -> SnapshotJson.read(ReportJson.write(SampleReports.withSavings())))
                .hasMessageContaining("unsupported schemaVersion \"slicewise.dev/analysis-report/v1\"");
        assertThatThrownBy(() -> SnapshotJson.read("{\"clusters\": []}")).hasMessageContaining("'schemaVersion' is missing");
        assertThatThrownBy(() -> SnapshotJson.read("""
                {"schemaVersion": "slicewise.dev/fleet-snapshot/v1", "collectedAt": "2026-11-23T00:00:00Z",
                 "window": {"start": "2026-11-23T00:00:00Z", "end": "2026-11-23T01:30:00Z", "stepSeconds": 3600}, "clusters": []}
                """)).hasMessageContaining("not a whole number of steps");
        assertThatThrownBy(() -> SnapshotJson.read("""
                {"schemaVersion": "slicewise.dev/fleet-snapshot/v1", "collectedAt": "yesterday", "window": {}, "clusters": []}
                """)).hasMessageContaining("'collectedAt' is not an ISO-8601 instant: \"yesterday\"");
        assertThatThrownBy(() -> SnapshotJson.read("{\"schemaVersion\": \"slicewise.dev/fleet-snapshot/v1\", \"a\": 1, \"a\": 2}"))
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void badItemsAreNamedAndLeftOutWhileTheRestIsRead() throws Exception {
        SnapshotRead read = SnapshotJson.read(fixture("bad-items.snapshot.json"));

        assertThat(read.problems()).extracting(InputProblem::item).containsExactly(
                "fleet",
                "c1/pool-b",
                "c1/node-a/nvidia0",
                "c1/node-a/nvidia1",
                "c1/node-b/nvidia0",
                "c1/node-c/nvidia0",
                "c1/node-d/nvidia0",
                "c1/node-e",
                "c1/node-a",
                "c1/node-f",
                "c1/ml/api-2");
        assertThat(read.problems()).extracting(InputProblem::message).containsExactly(
                "unknown field 'comment' ignored",
                "'kind' is \"FARGATE\", expected one of [KARPENTER, MANAGED_NODEGROUP, UNMANAGED]; this node pool is left out",
                "'metrics.util.avg[1]' = 130.5 is above 100 % (and 1 more bad value in this array); "
                        + "'metrics.util.max[1]' = 140.0 is above 100 % (and 1 more bad value in this array); the metrics of this GPU are dropped",
                "'metrics.util.avg[1]' is NaN (write a gap as null); the metrics of this GPU are dropped",
                "'metrics.memUsedMiB.avg[1]' = -1.0 is negative; the metrics of this GPU are dropped",
                "'metrics.util' has 4 avg values but 3 max values; the metrics of this GPU are dropped",
                "'metrics.util' is not aligned with the window: it starts 2026-11-23T01:00:00Z with 4 steps of 3600 s, "
                        + "the window starts 2026-11-23T00:00:00Z with 4 steps of 3600 s; the metrics of this GPU are dropped",
                "missing required field 'instanceType'; this node is left out",
                "nodes[5] has the same name as nodes[0]; the first is kept, this one is left out",
                "unknown field 'gpuz' ignored",
                "missing required field 'gpuResource'; this workload is left out");

        ClusterSnapshot c1 = read.snapshot().clusters().get(0);
        assertThat(c1.nodePools()).extracting(NodePoolInfo::name).containsExactly("pool-a");
        assertThat(c1.nodes()).extracting(GpuNode::name).containsExactly("node-a", "node-b", "node-c", "node-d", "node-f");
        // the bad GPUs stay, without metrics: dropped, not repaired
        GpuNode nodeA = c1.nodes().get(0);
        assertThat(nodeA.instanceType()).isEqualTo("g4dn.2xlarge");
        assertThat(nodeA.gpus()).extracting(GpuDevice::device).containsExactly("nvidia0", "nvidia1");
        assertThat(nodeA.gpus()).extracting(GpuDevice::metrics).containsOnlyNulls();
        // the good node is read in full, gaps kept as gaps and an absent memory max taken as the average
        GpuNode nodeF = c1.nodes().get(4);
        assertThat(nodeF.capacityType()).isEqualTo("spot");
        assertThat(nodeF.label("nvidia.com/gpu.product")).isEqualTo("Tesla-T4");
        GpuMetrics m = nodeF.gpus().get(0).metrics();
        assertThat(m.util()).isEqualTo(new UsageSeries(T0, H, new double[] {10, NaN, 12.5, 13}, new double[] {30, NaN, 25, 13},
                new long[] {60, 0, 60, 1}));
        assertThat(m.memUsedMiB().max()).containsExactly(2000, NaN, 2100, 2200);
        assertThat(m.smActive()).isNull();
        assertThat(c1.workloads()).extracting(GpuWorkload::id).containsExactly("ml/api-1");
        assertThat(c1.workloads().get(0).cpuMillis()).isEqualTo(1500);
    }

    @Test
    void wrongTypesAreNamedWithWhatWasFound() throws Exception {
        SnapshotRead read = SnapshotJson.read("""
                {"schemaVersion": "slicewise.dev/fleet-snapshot/v1", "collectedAt": "2026-11-23T02:00:00Z",
                 "window": {"start": "2026-11-23T00:00:00Z", "end": "2026-11-23T02:00:00Z", "stepSeconds": 3600},
                 "clusters": [
                   {"name": "c1", "region": "us-east-1", "nodes": [
                     {"name": "n1", "instanceType": "g5.xlarge", "createdAt": "2026-11-01T00:00:00Z", "allocatableGpus": "one", "gpus": []},
                     {"name": "n2", "instanceType": "g5.xlarge", "createdAt": "2026-11-01T00:00:00Z", "allocatableGpus": 1, "nodePool": 7,
                      "gpus": [{"device": "nvidia0", "metrics": {"util": {"start": "2026-11-23T00:00:00Z", "stepSeconds": 3600, "avg": [1, "2"]},
                                                                "memUsedMiB": {"start": "2026-11-23T00:00:00Z", "stepSeconds": 3600, "avg": [1, 2]}}}]},
                     "not a node"]},
                   {"region": "us-east-1"},
                   {"name": "c1", "region": "eu-west-1"}
                 ]}
                """);
        assertThat(read.problems()).containsExactly(
                new InputProblem("c1/n1", "'allocatableGpus' must be an integer >= 0, found the string \"one\"; this node is left out"),
                new InputProblem("c1/n2/nvidia0", "'metrics.util.avg[1]' is the string \"2\", not a number; the metrics of this GPU are dropped"),
                new InputProblem("c1/n2", "'nodePool' must be a string, found the number 7; ignored"),
                new InputProblem("c1/nodes[2]", "expected an object, found the string \"not a node\"; left out"),
                new InputProblem("clusters[1]", "missing required field 'name'; this cluster is left out"),
                new InputProblem("c1", "clusters[2] has the same name as clusters[0]; the first is kept, this one is left out"));
        GpuNode n2 = read.snapshot().clusters().get(0).nodes().get(0);
        assertThat(n2.name()).isEqualTo("n2");
        assertThat(n2.nodePool()).isNull();
        assertThat(read.snapshot().clusters()).extracting(ClusterSnapshot::region).containsExactly("us-east-1");
    }

    @Test
    void maxBelowAverageAndOneSidedGapsAreRejected() throws Exception {
        String doc = """
                {"schemaVersion": "slicewise.dev/fleet-snapshot/v1", "collectedAt": "2026-11-23T02:00:00Z",
                 "window": {"start": "2026-11-23T00:00:00Z", "end": "2026-11-23T02:00:00Z", "stepSeconds": 3600},
                 "clusters": [{"name": "c1", "region": "us-east-1", "nodes": [
                   {"name": "n1", "instanceType": "g5.xlarge", "createdAt": "2026-11-01T00:00:00Z", "allocatableGpus": 1, "gpus": [
                     {"device": "nvidia0", "metrics": {"util": {"start": "2026-11-23T00:00:00Z", "stepSeconds": 3600, "avg": [10, 20], "max": [12, 15]},
                                                       "memUsedMiB": {"start": "2026-11-23T00:00:00Z", "stepSeconds": 3600, "avg": [1, 2]}}},
                     {"device": "nvidia1", "metrics": {"util": {"start": "2026-11-23T00:00:00Z", "stepSeconds": 3600, "avg": [10, null], "max": [12, 15]},
                                                       "memUsedMiB": {"start": "2026-11-23T00:00:00Z", "stepSeconds": 3600, "avg": [1, 2]}}}]}]}]}
                """;
        assertThat(SnapshotJson.read(doc).problems()).extracting(InputProblem::message).containsExactly(
                "'metrics.util.max[1]' = 15.0 is below avg = 20.0; the metrics of this GPU are dropped",
                "'metrics.util' has a gap in only one of avg/max at [1]; the metrics of this GPU are dropped");
    }
}
