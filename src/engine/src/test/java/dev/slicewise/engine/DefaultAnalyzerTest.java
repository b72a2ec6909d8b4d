package dev.slicewise.engine;

import static dev.slicewise.fixtures.Fleet.CLOCK;
import static dev.slicewise.fixtures.Fleet.cluster;
import static dev.slicewise.fixtures.Fleet.fleet;
import static dev.slicewise.fixtures.Fleet.gpu;
import static dev.slicewise.fixtures.Fleet.karpenterPool;
import static dev.slicewise.fixtures.Fleet.metrics;
import static dev.slicewise.fixtures.Fleet.node;
import static dev.slicewise.fixtures.Fleet.onePodPerNode;
import static dev.slicewise.fixtures.Fleet.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.fixtures.FixedLatencyModel;
import dev.slicewise.fixtures.Fleet;
import dev.slicewise.fixtures.RecordingMigPacker;
import dev.slicewise.fixtures.TestCatalog;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.NodePoolInfo;
import dev.slicewise.plan.PlanStep;
import dev.slicewise.pricing.BundledPriceBook;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Sharing;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Bad input: each case names the offending item, and the healthy pool next to it is still analysed. */
class DefaultAnalyzerTest {
    static final TestCatalog CATALOG = new TestCatalog();
    final DefaultAnalyzer analyzer = new DefaultAnalyzer(CATALOG, RecordingMigPacker.unused(), new FixedLatencyModel(), new BundledPriceBook(CATALOG));

    /** A cluster with a healthy underused pool "good" (4 × g4dn.2xlarge at 10 %) plus whatever the test adds in pool "bad". */
    static ClusterSnapshot withBad(Consumer<List<GpuNode>> nodes, Consumer<List<GpuWorkload>> pods) {
        ClusterSnapshot good = onePodPerNode("prod", "good", "g4dn.2xlarge", 4, 10, 1000, 1000, 4096);
        List<GpuNode> n = new ArrayList<>(good.nodes());
        List<GpuWorkload> p = new ArrayList<>(good.workloads());
        nodes.accept(n);
        pods.accept(p);
        return cluster("prod", List.of(karpenterPool("good"), karpenterPool("bad")), n, p);
    }

    static GpuNode bad(String name, GpuMetrics m) {
        return node(name, "bad", "g4dn.2xlarge", gpu("nvidia0", m));
    }

    AnalysisReport run(ClusterSnapshot c) {
        return analyzer.analyze(fleet(c), AnalysisPolicy.DEFAULT, CLOCK);
    }

    static void goodPoolStillAnalysed(AnalysisReport r) {
        assertThat(r.recommendations()).filteredOn(x -> x.nodePool().equals("good")).singleElement()
                .satisfies(x -> assertThat(x.actionable()).isTrue());
    }

    static Recommendation pool(AnalysisReport r, String name) {
        return r.recommendations().stream().filter(x -> x.nodePool().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void unknownInstanceTypeIsNamed() {
        AnalysisReport r = run(withBad(n -> n.add(node("x-1", "bad", "x9.large", gpu("nvidia0", metrics(10, 100)))), p -> {}));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.item()).isEqualTo("prod/x-1");
            assertThat(p.message()).startsWith("unknown instance type 'x9.large'");
        });
        assertThat(r.recommendations()).extracting(Recommendation::nodePool).containsExactly("good");
        goodPoolStillAnalysed(r);
    }

    @Test
    void aGpuWithoutSamplesIsNamedAndItsPoolHasInsufficientData() {
        AnalysisReport r = run(withBad(n -> n.add(bad("bad-1", null)), p -> p.add(pod("x-1", "bad-1"))));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.item()).isEqualTo("prod/bad-1/nvidia0");
            assertThat(p.message()).startsWith("GPU has no utilization samples in the window");
        });
        assertThat(pool(r, "bad").sharing()).isInstanceOfSatisfying(Sharing.Unchanged.class, u -> assertThat(u.why()).startsWith("insufficient data"));
        goodPoolStillAnalysed(r);
    }

    @Test
    void nanNegativeAndOver100PercentSamplesAreNamedNeverFixed() {
        UsageSeries nan = new UsageSeries(Fleet.START, Fleet.HOUR, Fleet.series(h -> h == 3 ? Double.NaN : 10).avg(), null,
                java.util.stream.LongStream.generate(() -> 60).limit(Fleet.HOURS).toArray());
        AnalysisReport r = run(withBad(n -> {
            n.add(bad("nan-1", new GpuMetrics(nan, Fleet.constant(100))));
            n.add(bad("neg-1", new GpuMetrics(Fleet.series(h -> h == 5 ? -2 : 10), Fleet.constant(100))));
            n.add(bad("over-1", new GpuMetrics(Fleet.series(h -> h == 7 ? 140 : 10), Fleet.constant(100))));
        }, p -> {}));
        assertThat(r.problems()).extracting(InputProblem::item).containsExactly("prod/nan-1/nvidia0", "prod/neg-1/nvidia0", "prod/over-1/nvidia0");
        assertThat(r.problems()).extracting(InputProblem::message).satisfiesExactly(
                m -> assertThat(m).contains("NaN although present").contains("2026-11-01T03:00:00Z").contains("no usable data"),
                m -> assertThat(m).contains("negative").contains("-2.0 at 2026-11-01T05:00:00Z"),
                m -> assertThat(m).contains("above 100 %").contains("140.0 at 2026-11-01T07:00:00Z"));
        assertThat(pool(r, "bad").sharing()).isInstanceOf(Sharing.Unchanged.class);
        assertThat(pool(r, "bad").reasons()).anySatisfy(s -> assertThat(s).contains("over-1").contains("unusable samples"));
        goodPoolStillAnalysed(r);
    }

    @Test
    void anEmptyFleetIsAClearProblemNotACrash() {
        AnalysisReport r = analyzer.analyze(new FleetSnapshot(FleetSnapshot.SCHEMA_VERSION, CLOCK.instant(), Fleet.WINDOW, List.of()),
                AnalysisPolicy.DEFAULT, CLOCK);
        assertThat(r.recommendations()).isEmpty();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.item()).isEqualTo("fleet");
            assertThat(p.message()).startsWith("empty fleet");
        });
        AnalysisReport noNodes = run(cluster("prod", List.of(), List.of(), List.of()));
        assertThat(noNodes.problems()).extracting(InputProblem::toString)
                .containsExactly("fleet: empty fleet: no cluster has a GPU node", "prod: no GPU node in this cluster");
        assertThat(analyzer.analyze(null, AnalysisPolicy.DEFAULT, CLOCK).problems()).hasSize(1);
    }

    @Test
    void duplicateNodeNamesAreNamedAndTheirPoolIsNotAnalysed() {
        AnalysisReport r = run(withBad(n -> {
            n.add(bad("twin", metrics(10, 100)));
            n.add(bad("twin", metrics(20, 100)));
        }, p -> p.add(pod("x-1", "twin"))));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.item()).isEqualTo("prod/twin");
            assertThat(p.message()).startsWith("node name appears 2 times in the snapshot").contains("pool bad is not analysed");
        });
        assertThat(r.recommendations()).extracting(Recommendation::nodePool).containsExactly("good");
    }

    @Test
    void nodesWithoutAPoolAreGroupedUnderNoNodepoolAndGetNoKarpenterSteps() {
        AnalysisReport r = run(withBad(n -> {
            for (int i = 1; i <= 2; i++) {
                n.add(new GpuNode("loose-" + i, null, "g4dn.xlarge", "on-demand", Fleet.OLD, Map.of(), 1, List.of(gpu("nvidia0", metrics(10, 500)))));
            }
        }, p -> {
            p.add(pod("l1-x", "loose-1"));
            p.add(pod("l2-x", "loose-2"));
        }));
        Recommendation loose = pool(r, DefaultAnalyzer.NO_POOL);
        assertThat(loose.actionable()).isTrue();
        assertThat(loose.plan().steps()).noneMatch(s -> s instanceof PlanStep.NodePoolUpdate || s instanceof PlanStep.NodeOverlay);
        assertThat(loose.plan().warnings()).anySatisfy(w -> assertThat(w).startsWith("nodes without a NodePool/node group"));
        goodPoolStillAnalysed(r);
    }

    @Test
    void podsOnUnknownNodesAndMisalignedSeriesAreNamed() {
        UsageSeries shifted = UsageSeries.constant(Fleet.START.plusSeconds(1800), Fleet.HOUR, Fleet.HOURS, 10);
        AnalysisReport r = run(withBad(n -> n.add(bad("half-1", new GpuMetrics(shifted, Fleet.constant(100)))),
                p -> p.add(pod("ghost-1", "nowhere"))));
        assertThat(r.problems()).extracting(InputProblem::toString).containsExactly(
                "prod/default/ghost-1: pod runs on node 'nowhere', which is not among the cluster's GPU nodes: ignored",
                "prod/half-1/nvidia0: series starts at 2026-11-01T00:30:00Z, between the window's steps: treated as insufficient data");
        assertThat(pool(r, "bad").sharing()).isInstanceOf(Sharing.Unchanged.class);
        goodPoolStillAnalysed(r);
    }

    @Test
    void outputIsSortedAndDeterministic() {
        ClusterSnapshot b = onePodPerNode("b-cluster", "zeta", "g4dn.2xlarge", 2, 10, 100, 500, 1024);
        ClusterSnapshot a1 = onePodPerNode("a-cluster", "beta", "g5.xlarge", 2, 10, 100, 500, 1024);
        ClusterSnapshot a2 = onePodPerNode("a-cluster", "alpha", "g4dn.xlarge", 2, 10, 100, 500, 1024);
        ClusterSnapshot a = cluster("a-cluster", List.of(karpenterPool("beta"), karpenterPool("alpha")),
                concat(a1.nodes(), a2.nodes()), concat(a1.workloads(), a2.workloads()));
        AnalysisReport r1 = analyzer.analyze(fleet(b, a), AnalysisPolicy.DEFAULT, CLOCK);
        AnalysisReport r2 = analyzer.analyze(fleet(b, a), AnalysisPolicy.DEFAULT, CLOCK);
        assertThat(r1.recommendations()).extracting(x -> x.cluster() + "/" + x.nodePool())
                .containsExactly("a-cluster/alpha", "a-cluster/beta", "b-cluster/zeta");
        assertThat(r1).isEqualTo(r2);
        assertThat(r1.generatedAt()).isEqualTo(CLOCK.instant());
        assertThat(r1.totalMonthlySavings()).isGreaterThan(0);
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void twoInstanceTypesOfOneNodePoolEachWithAPlanAreWarnedThatTheTemplateIsPoolWide() {
        ClusterSnapshot small = onePodPerNode("prod", "mixed", "g5.xlarge", 3, 10, 1000, 500, 1024);
        ClusterSnapshot large = onePodPerNode("prod", "mixed", "g5.2xlarge", 2, 20, 1000, 500, 1024);
        List<GpuNode> nodes = concat(small.nodes(), large.nodes().stream().map(n -> new GpuNode("big-" + n.name(), n.nodePool(),
                n.instanceType(), n.capacityType(), n.createdAt(), n.labels(), 1, n.gpus())).toList());
        List<GpuWorkload> pods = concat(small.workloads(), large.workloads().stream().map(w -> new GpuWorkload(w.namespace(), "big-" + w.pod(),
                w.owner(), "big-" + w.node(), w.gpuDevices(), w.gpuResource(), w.gpuCount(), w.cpuMillis(), w.memoryMiB(), null)).toList());
        AnalysisReport r = run(cluster("prod", List.of(karpenterPool("mixed")), nodes, pods));
        assertThat(r.recommendations()).extracting(Recommendation::instanceType).containsExactly("g5.2xlarge", "g5.xlarge");
        assertThat(r.recommendations()).allSatisfy(x -> assertThat(x.plan().warnings())
                .anySatisfy(w -> assertThat(w).startsWith("NodePool mixed also holds g5.").contains("pool-wide")));
        assertThat(pool(r, "mixed").plan().warnings()).anySatisfy(w -> assertThat(w).contains("g5.xlarge (time-slicing, 3 replicas)"));
    }

    @Test
    void aPoolNotDescribedInTheSnapshotIsInferredFromNodeLabels() {
        ClusterSnapshot c = onePodPerNode("prod", "ng", "g4dn.xlarge", 2, 10, 100, 500, 1024);
        List<GpuNode> nodes = c.nodes().stream().map(n -> new GpuNode(n.name(), "ng", n.instanceType(), n.capacityType(), n.createdAt(),
                Map.of("eks.amazonaws.com/nodegroup", "ng"), 1, n.gpus())).toList();
        AnalysisReport r = run(cluster("prod", List.<NodePoolInfo>of(), nodes, c.workloads()));
        Recommendation rec = r.recommendations().get(0);
        assertThat(rec.plan().warnings()).anySatisfy(w -> assertThat(w).startsWith("managed node group ng"));
        assertThat(rec.plan().steps()).anySatisfy(s -> assertThat(s).isInstanceOfSatisfying(PlanStep.RemoveNodes.class,
                rm -> assertThat(rm.how()).contains("lower the desired size of node group ng by 1")));
        assertThat(Duration.between(Fleet.WINDOW.start(), Fleet.WINDOW.end()).toDays()).isEqualTo(14);
    }
}
