package dev.slicewise.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.NodePoolInfo;
import dev.slicewise.telemetry.UsageSeries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoFleetTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:17:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final FleetSnapshot DEMO = DemoFleet.snapshot(CLOCK);
    static final ClusterSnapshot CLUSTER = DEMO.clusters().get(0);

    static List<GpuNode> nodesOf(String pool) {
        return CLUSTER.nodes().stream().filter(n -> pool.equals(n.nodePool())).toList();
    }

    static List<GpuWorkload> podsOf(String owner) {
        return CLUSTER.workloads().stream().filter(w -> owner.equals(w.owner())).toList();
    }

    static GpuDevice gpuOf(GpuWorkload w) {
        GpuNode node = CLUSTER.nodes().stream().filter(n -> n.name().equals(w.node())).findFirst().orElseThrow();
        return node.gpus().stream().filter(g -> g.device().equals(w.gpuDevices().get(0))).findFirst().orElseThrow();
    }

    /** p95 of the present hourly averages, nearest-rank. */
    static double p95(UsageSeries s) {
        double[] v = Arrays.stream(s.avg()).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return v[(int) Math.ceil(0.95 * v.length) - 1];
    }

    static double peak(UsageSeries s) {
        return Arrays.stream(s.max()).filter(x -> !Double.isNaN(x)).max().orElseThrow();
    }

    @Test
    void fourteenDaysOfHourlySeriesEndingAtTheLastWholeHour() {
        assertThat(DEMO.collectedAt()).isEqualTo(NOW);
        assertThat(DEMO.window().end()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(DEMO.window().start()).isEqualTo(Instant.parse("2026-11-09T10:00:00Z"));
        assertThat(DEMO.window().points()).isEqualTo(336);
        assertThat(CLUSTER.name()).isEqualTo("demo-eks");
        assertThat(CLUSTER.region()).isEqualTo("us-east-1");
        for (GpuNode n : CLUSTER.nodes()) {
            for (GpuDevice g : n.gpus()) {
                assertThat(g.metrics().util().start()).isEqualTo(DEMO.window().start());
                assertThat(g.metrics().util().length()).isEqualTo(336);
                assertThat(g.metrics().memUsedMiB().length()).isEqualTo(336);
            }
        }
    }

    @Test
    void sameSeedAndClockGiveTheSameFleetAndAnotherSeedDoesNot() {
        assertThat(DemoFleet.snapshot(CLOCK)).isEqualTo(DEMO);
        FleetSnapshot other = new DemoFleet(7, DemoFleet.DEFAULT_LOOKBACK).build(CLOCK);
        assertThat(other).isNotEqualTo(DEMO);
        assertThat(other.clusters().get(0).nodes()).hasSameSizeAs(CLUSTER.nodes());
    }

    @Test
    void theLookbackSetsTheWindowAndMustBeWholeHours() {
        FleetSnapshot twoDays = new DemoFleet(DemoFleet.DEFAULT_SEED, Duration.ofDays(2)).build(CLOCK);
        assertThat(twoDays.window().points()).isEqualTo(48);
        assertThatThrownBy(() -> new DemoFleet(1, Duration.ofMinutes(90))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole number of hours");
    }

    @Test
    void poolsAreKarpenterNodePoolsOfTheDocumentedShapes() {
        assertThat(CLUSTER.nodePools()).extracting(NodePoolInfo::name)
                .containsExactly("inference-g4dn", "vision-g5", "llm-p5", "training-p4d", "batch-spot-g6");
        assertThat(CLUSTER.nodePools()).allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo(NodePoolInfo.PoolKind.KARPENTER);
            assertThat(p.limits()).containsKey("nvidia.com/gpu");
            assertThat(p.templateLabels()).containsKey("workload-class");
        });
        assertThat(nodesOf("inference-g4dn")).hasSize(4).extracting(GpuNode::instanceType).containsOnly("g4dn.2xlarge");
        assertThat(nodesOf("vision-g5")).extracting(GpuNode::instanceType).containsOnly("g5.xlarge", "g5.2xlarge").hasSize(6);
        assertThat(nodesOf("llm-p5")).hasSize(2).extracting(GpuNode::instanceType).containsOnly("p5.48xlarge");
        assertThat(nodesOf("training-p4d")).hasSize(2).extracting(GpuNode::instanceType).containsOnly("p4d.24xlarge");
        assertThat(nodesOf("batch-spot-g6")).hasSize(3).extracting(GpuNode::capacityType).containsOnly("spot");
        // every GPU is held by exactly one pod, as whole GPUs are today
        Map<String, Long> holders = CLUSTER.workloads().stream()
                .flatMap(w -> w.gpuDevices().stream().map(d -> w.node() + "/" + d))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long gpus = CLUSTER.nodes().stream().mapToLong(n -> n.gpus().size()).sum();
        assertThat(gpus).isEqualTo(45);
        assertThat(holders).hasSize(45).allSatisfy((gpu, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void nodesCarryTheLabelsGpuFeatureDiscoveryAndKarpenterWrite() {
        GpuNode p5 = nodesOf("llm-p5").get(0);
        assertThat(p5.labels()).containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3")
                .containsEntry("nvidia.com/gpu.count", "8")
                .containsEntry("nvidia.com/mig.capable", "true")
                .containsEntry("karpenter.sh/nodepool", "llm-p5")
                .containsEntry("karpenter.sh/capacity-type", "on-demand")
                .containsEntry("node.kubernetes.io/instance-type", "p5.48xlarge")
                .containsEntry("karpenter.k8s.aws/instance-gpu-name", "h100")
                .containsEntry("workload-class", "llm-inference");
        GpuNode g5 = nodesOf("vision-g5").get(0);
        assertThat(g5.labels()).containsEntry("nvidia.com/gpu.product", "NVIDIA-A10G").containsEntry("nvidia.com/mig.capable", "false");
        assertThat(nodesOf("inference-g4dn").get(0).label("nvidia.com/gpu.product")).isEqualTo("Tesla-T4");
        assertThat(CLUSTER.nodes()).allSatisfy(n -> assertThat(n.allocatableGpus()).isEqualTo(n.gpus().size()));
    }

    @Test
    void podsAreOwnedAndTheirRequestsFitTheirNode() {
        Map<String, Integer> vcpu = Map.of("g4dn.2xlarge", 8, "g5.xlarge", 4, "g5.2xlarge", 8, "g6.xlarge", 4, "p5.48xlarge", 192, "p4d.24xlarge", 96);
        assertThat(CLUSTER.workloads()).allSatisfy(w -> {
            assertThat(w.owner()).matches("(Deployment|PyTorchJob)/[a-z0-9-]+");
            assertThat(w.gpuResource()).isEqualTo("nvidia.com/gpu");
            assertThat(w.gpuCount()).isEqualTo(w.gpuDevices().size());
        });
        for (GpuNode n : CLUSTER.nodes()) {
            int cpu = CLUSTER.workloads().stream().filter(w -> w.node().equals(n.name())).mapToInt(GpuWorkload::cpuMillis).sum();
            assertThat(cpu).as(n.name()).isLessThan(vcpu.get(n.instanceType()) * 1000);
        }
        assertThat(podsOf("Deployment/text-embedder")).hasSize(2).allSatisfy(p -> assertThat(p.pod()).matches("text-embedder-[a-z0-9]{10}-[a-z0-9]{5}"));
        assertThat(podsOf("PyTorchJob/ranker-pretrain")).extracting(GpuWorkload::pod).containsExactly("ranker-pretrain-worker-0", "ranker-pretrain-worker-1");
    }

    @Test
    void theH100InferenceTenantIsTheProbesT1AsMeasured() {
        // data/h100-sharing-probe: T1 = one batch-1 server, 8.0 % mean utilization and 1903 MiB while serving
        ProbeTrace t1 = ProbeTrace.load("inference/smi_T1.csv");
        assertThat(t1.size()).isEqualTo(210); // rows with fb_used_mib >= 90 % of 1903
        assertThat(t1.meanUtil()).isCloseTo(8.04, offset(0.01));
        assertThat(t1.maxFbMiB()).isEqualTo(1903);
        for (GpuWorkload pod : podsOf("Deployment/embed-small")) {
            UsageSeries util = gpuOf(pod).metrics().util();
            // peak hours run at the probe's load (L ~ 1), so the p95 hour sits near the probe's mean
            assertThat(p95(util)).isBetween(7.0, 10.0);
            // the hourly Maximum is the largest of 60 one-minute samples: never above the probe's largest sample (21 %) x noise
            assertThat(peak(util)).isBetween(10.0, 30.0);
            assertThat(peak(gpuOf(pod).metrics().memUsedMiB())).isEqualTo(1903);
        }
    }

    @Test
    void theSeedsExampleSmallT4InferencePods() {
        for (GpuNode n : nodesOf("inference-g4dn")) {
            GpuDevice gpu = n.gpus().get(0);
            assertThat(p95(gpu.metrics().util())).as(n.name()).isBetween(20.0, 30.0);
            assertThat(peak(gpu.metrics().memUsedMiB())).as(n.name()).isBetween(1800.0, 2400.0);
        }
    }

    @Test
    void theLlmPoolHoldsTenantsTooBigForTheSmallestMigSlice() {
        // H100 1g.10gb holds 9.75 GiB = 9984 MiB, 1g.20gb/2g.20gb 19.62 GiB = 20091 MiB (probe README)
        double[] peaks = podsOf("Deployment/chat-7b").stream().mapToDouble(p -> peak(gpuOf(p).metrics().memUsedMiB())).toArray();
        assertThat(peaks).containsExactly(15900);
        assertThat(peak(gpuOf(podsOf("Deployment/summarizer-13b").get(0)).metrics().memUsedMiB())).isGreaterThan(20091).isLessThan(40448);
        assertThat(nodesOf("llm-p5")).flatMap(GpuNode::gpus).allSatisfy(g -> assertThat(p95(g.metrics().util())).isLessThan(30));
    }

    @Test
    void trainingIsBusyAndNearlyFills40GbGpus() {
        assertThat(nodesOf("training-p4d")).flatMap(GpuNode::gpus).hasSize(16).allSatisfy(g -> {
            assertThat(p95(g.metrics().util())).isGreaterThan(85);
            assertThat(peak(g.metrics().memUsedMiB())).isEqualTo(36500);
        });
    }

    @Test
    void aYoungNodeAndANodeWithAnExporterGapHaveFewHoursOfData() {
        GpuNode young = CLUSTER.nodes().stream().filter(n -> n.createdAt().isAfter(NOW.minus(Duration.ofDays(2)))).findFirst().orElseThrow();
        assertThat(young.nodePool()).isEqualTo("vision-g5");
        assertThat(young.createdAt()).isEqualTo(Instant.parse("2026-11-22T04:00:00Z")); // 30 h before 10:00
        UsageSeries util = young.gpus().get(0).metrics().util();
        assertThat(util.presentPoints()).isBetween(28, 30);
        assertThat(util.present(305)).isFalse(); // the hour before it existed
        GpuNode gap = nodesOf("batch-spot-g6").get(2);
        assertThat(gap.createdAt()).isBefore(DEMO.window().start());
        assertThat(gap.gpus().get(0).metrics().util().presentPoints()).isBetween(38, 40);
        // everyone else misses only the odd hour
        assertThat(nodesOf("llm-p5")).flatMap(GpuNode::gpus).allSatisfy(g -> assertThat(g.metrics().util().presentPoints()).isGreaterThan(320));
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference/smi_T1.csv", "inference/smi_T2.csv", "inference/smi_T4.csv", "kernel/smi_A1.csv", "kernel/smi_A7.csv"})
    void theBundledTracesAreTheProbeFilesUnchanged(String path) throws IOException {
        byte[] original = Files.readAllBytes(Path.of("../../data/h100-sharing-probe", path));
        try (InputStream in = DemoFleet.class.getResourceAsStream(ProbeTrace.RESOURCE_DIR + path)) {
            assertThat(in.readAllBytes()).isEqualTo(original);
        }
    }
}
