package dev.slicewise.recommend;

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
import static org.assertj.core.api.Assertions.within;

import dev.slicewise.detect.DetectionPolicy;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.DefaultAnalyzer;
import dev.slicewise.fixtures.FixedLatencyModel;
import dev.slicewise.fixtures.Fleet;
import dev.slicewise.fixtures.RecordingMigPacker;
import dev.slicewise.fixtures.TestCatalog;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.pack.MigPacker;
import dev.slicewise.pack.PackingPolicy;
import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanStep;
import dev.slicewise.pricing.BundledPriceBook;
import dev.slicewise.pricing.PriceSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recommendation rules end to end, through the Analyzer, with hand-computed expectations. */
class RecommendationRulesTest {
    static final TestCatalog CATALOG = new TestCatalog();
    /** The seeds' assumptions: pack to 100 %, no memory headroom, 720 h a month, $0.752/h. */
    static final AnalysisPolicy SEEDS = new AnalysisPolicy(DetectionPolicy.DEFAULT, new PackingPolicy(100, 0, 8, 70), 720, 0.752);

    static AnalysisReport analyze(ClusterSnapshot c, AnalysisPolicy policy, MigPacker mig) {
        return new DefaultAnalyzer(CATALOG, mig, new FixedLatencyModel(), new BundledPriceBook(CATALOG)).analyze(fleet(c), policy, CLOCK);
    }

    static Recommendation only(AnalysisReport r) {
        assertThat(r.recommendations()).hasSize(1);
        return r.recommendations().get(0);
    }

    static ClusterSnapshot seedsFleet() {
        // 4 × g4dn.2xlarge, one pod each at 25 % GPU utilization, 1.9 GiB framebuffer, 1 vCPU / 4 GiB requested
        return onePodPerNode("prod", "gpu", "g4dn.2xlarge", 4, 25, 1946, 1000, 4096);
    }

    @Test
    void seedsExampleWithTheSeedsAssumptionsPacksFourNodesIntoOne() {
        Recommendation r = only(analyze(seedsFleet(), SEEDS, RecordingMigPacker.unused()));

        assertThat(r.sharing()).isInstanceOfSatisfying(Sharing.TimeSlicing.class, ts -> {
            assertThat(ts.replicas()).isEqualTo(4);
            assertThat(ts.gpus()).singleElement().satisfies(g -> {
                assertThat(g.tenants()).hasSize(4);
                assertThat(g.p95SummedUtilPct()).isEqualTo(100);
            });
        });
        assertThat(r.before()).isEqualTo(new Footprint(4, 4));
        assertThat(r.after()).isEqualTo(new Footprint(1, 1));
        // 4 × $0.752 × 720 h = $2,165.76; 1 × … = $541.44
        assertThat(r.savings().monthlyBefore()).isCloseTo(2165.76, within(1e-9));
        assertThat(r.savings().monthlyAfter()).isCloseTo(541.44, within(1e-9));
        assertThat(r.savings().monthlySavings()).isCloseTo(1624.32, within(1e-9));
        assertThat(r.savings().price().source().kind()).isEqualTo(PriceSource.Kind.OVERRIDE);
        assertThat(r.reasons()).anySatisfy(s -> assertThat(s).contains("$2,165.76 → $541.44 a month"));
        assertThat(r.actionable()).isTrue();
    }

    @Test
    void seedsExampleWithTheDefaultPolicyKeepsTwoNodesAndSaysWhy() {
        Recommendation r = only(analyze(seedsFleet(), AnalysisPolicy.DEFAULT, RecordingMigPacker.unused()));

        assertThat(r.sharing()).isInstanceOfSatisfying(Sharing.TimeSlicing.class, ts -> assertThat(ts.replicas()).isEqualTo(2));
        assertThat(r.after().nodes()).isEqualTo(2);
        assertThat(r.reasons()).anySatisfy(s -> assertThat(s).contains("four tenants at 25 % saturate one GPU at the 70 % target"));
        // bundled price: 4 × $0.752 × 730 = $2,195.84 → 2 nodes = $1,097.92
        assertThat(r.savings().monthlyBefore()).isCloseTo(2195.84, within(1e-9));
        assertThat(r.savings().monthlyAfter()).isCloseTo(1097.92, within(1e-9));
        assertThat(r.savings().price().source().detail()).contains("2026-07-20");
        // the nodes that stay and the nodes freed are named
        List<String> freed = stepOf(r.plan(), PlanStep.RemoveNodes.class).nodes();
        List<String> stay = stepOf(r.plan(), PlanStep.LabelNodes.class).nodes();
        assertThat(freed).hasSize(2);
        assertThat(stay).hasSize(2).doesNotContainAnyElementsOf(freed);
        assertThat(r.reasons()).anySatisfy(s -> assertThat(s).contains("2 of 4 underused nodes freed (" + String.join(", ", freed) + ")"));
    }

    @Test
    void memoryBoundPoolsSayMemoryIsWhatBinds() {
        // 10 % each would fit one GPU, but 5000 MiB peaks: 2 per 16 GiB GPU with 10 % headroom (14.4 GiB usable)
        Recommendation r = only(analyze(onePodPerNode("prod", "gpu", "g4dn.2xlarge", 4, 10, 5000, 1000, 4096),
                AnalysisPolicy.DEFAULT, RecordingMigPacker.unused()));
        assertThat(r.after().nodes()).isEqualTo(2);
        assertThat(r.reasons()).anySatisfy(s -> assertThat(s).startsWith("why not fewer GPUs: their peak memory adds up to 19.5 GiB"));
        assertThat(r.risks()).anySatisfy(k -> {
            assertThat(k.kind()).isEqualTo(Risk.Kind.MEMORY_HEADROOM);
            // 16 GiB − 2 × 5000 MiB = 6384 MiB = 6.2 GiB = 39 %
            assertThat(k.text()).startsWith("smallest memory headroom on a shared GPU: 6.2 GiB (39 %)");
        });
    }

    @Test
    void cpuRequestsCanBindTheNodeCountAndTheReasonSaysSo() {
        // 4 pods at 10 %: one GPU would do, but 3 vCPU each = 12 vCPU, and a g4dn.2xlarge has 7.2 usable → 2 nodes
        Recommendation r = only(analyze(onePodPerNode("prod", "gpu", "g4dn.2xlarge", 4, 10, 1000, 3000, 4096),
                AnalysisPolicy.DEFAULT, RecordingMigPacker.unused()));
        assertThat(r.after().nodes()).isEqualTo(2);
        assertThat(r.reasons()).anySatisfy(s -> assertThat(s).isEqualTo("2 sliced nodes: bound by CPU requests (12 vCPU requested, "
                + "7.2 vCPU usable per g4dn.2xlarge (90 % of its 8 vCPU / 32 GiB, assuming ~10 % system reserve)); the GPUs alone would need 1"));
    }

    @Test
    void insufficientDataGivesNoRecommendation() {
        ClusterSnapshot c = onePodPerNode("prod", "gpu", "g4dn.2xlarge", 4, 10, 1000, 1000, 4096);
        List<GpuNode> nodes = new ArrayList<>(c.nodes());
        // the last node has data for only 100 of 336 hours
        nodes.set(3, node("gpu-4", "gpu", "g4dn.2xlarge", gpu("nvidia0", metrics(h -> h < 100 ? 10 : Double.NaN, 1000))));
        Recommendation r = only(analyze(cluster("prod", c.nodePools(), nodes, c.workloads()), AnalysisPolicy.DEFAULT, RecordingMigPacker.unused()));
        assertThat(r.sharing()).isInstanceOfSatisfying(Sharing.Unchanged.class, u -> assertThat(u.why()).startsWith("insufficient data: gpu-4"));
        assertThat(r.actionable()).isFalse();
        assertThat(r.plan()).isEqualTo(Plan.NONE);
        assertThat(r.savings()).isNull();
        assertThat(r.reasons()).anySatisfy(s -> assertThat(s).contains("gpu-4: insufficient data: only 100 of 336 hours hold data"));
    }

    @Test
    void nodesYoungerThanTheMinimumAgeAreNotJudged() {
        List<GpuNode> nodes = new ArrayList<>();
        List<GpuWorkload> pods = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            nodes.add(node("young-" + i, "gpu", "g4dn.2xlarge", "on-demand", CLOCK.instant().minus(Duration.ofHours(10)),
                    Map.of(), gpu("nvidia0", metrics(10, 1000))));
            pods.add(pod("new" + i + "-x", "young-" + i));
        }
        Recommendation r = only(analyze(cluster("prod", List.of(karpenterPool("gpu")), nodes, pods), AnalysisPolicy.DEFAULT, RecordingMigPacker.unused()));
        assertThat(r.sharing()).isInstanceOfSatisfying(Sharing.Unchanged.class, u -> assertThat(u.why()).isEqualTo("every node is younger than the minimum age of 3 days: their windows are not representative yet"));
        assertThat(r.evidence()).allSatisfy(e -> assertThat(e.verdict()).isInstanceOf(dev.slicewise.detect.Verdict.TooYoung.class));

        // one young node among old ones: the others are packed, the young one stays as it is and is named
        ClusterSnapshot c = onePodPerNode("prod", "gpu", "g4dn.2xlarge", 4, 10, 1000, 1000, 4096);
        List<GpuNode> mixed = new ArrayList<>(c.nodes());
        mixed.add(nodes.get(0));
        List<GpuWorkload> mixedPods = new ArrayList<>(c.workloads());
        mixedPods.add(pods.get(0));
        Recommendation m = only(analyze(cluster("prod", c.nodePools(), mixed, mixedPods), AnalysisPolicy.DEFAULT, RecordingMigPacker.unused()));
        assertThat(m.actionable()).isTrue();
        assertThat(m.before().nodes()).isEqualTo(5);
        assertThat(m.after().nodes()).isEqualTo(2); // 4 × 10 % on one GPU, plus the young node
        assertThat(m.reasons()).anySatisfy(s -> assertThat(s).startsWith("young-1 stays as it is: node is 10 hours old"));
    }

    @Test
    void aBusyPoolIsLeftAlone() {
        Recommendation r = only(analyze(onePodPerNode("prod", "gpu", "g4dn.2xlarge", 3, 85, 1000, 1000, 4096), AnalysisPolicy.DEFAULT,
                RecordingMigPacker.unused()));
        assertThat(r.sharing()).isInstanceOfSatisfying(Sharing.Unchanged.class, u -> assertThat(u.why()).startsWith("busy pool: no underused node"));
        assertThat(r.reasons()).anySatisfy(s -> assertThat(s).contains("busy: p95 GPU utilization 85 % ≥ 50 % threshold"));
        assertThat(r.after()).isEqualTo(r.before());
    }

    @Test
    void packingThatFreesNoNodeLeavesThePoolAsItIsAndSaysWhy() {
        Recommendation r = only(analyze(onePodPerNode("prod", "gpu", "g4dn.2xlarge", 2, 40, 1000, 1000, 4096), AnalysisPolicy.DEFAULT,
                RecordingMigPacker.unused()));
        assertThat(r.sharing()).isInstanceOfSatisfying(Sharing.Unchanged.class, u -> assertThat(u.why())
                .isEqualTo("packing frees no node: two tenants at 40 % saturate one GPU at the 70 % target (p95 of their summed series 80 %)"));
    }

    @Test
    void aG5PoolGetsTimeSlicingNeverMig() {
        RecordingMigPacker mig = RecordingMigPacker.unused();
        Recommendation r = only(analyze(onePodPerNode("prod", "a10g", "g5.xlarge", 4, 10, 2000, 1000, 4096), AnalysisPolicy.DEFAULT, mig));
        assertThat(r.sharing()).isInstanceOf(Sharing.TimeSlicing.class);
        assertThat(mig.calls).isEmpty();
        assertThat(r.reasons()).contains("MIG not considered: A10G GPUs (g5.xlarge) do not support MIG");
        assertThat(r.alternatives()).isEmpty();
        assertThat(r.risks()).extracting(Risk::kind).contains(Risk.Kind.LATENCY, Risk.Kind.MEMORY_HEADROOM, Risk.Kind.NO_MEMORY_ISOLATION,
                Risk.Kind.NODE_REPLACEMENT);
    }

    @Test
    void evenACatalogClaimingMigOnA10gNeverLeadsToMig() {
        // a catalog error: g5.xlarge with 7 MIG instances and A10G with H100's profiles
        dev.slicewise.catalog.Catalog wrong = new dev.slicewise.catalog.Catalog() {
            public java.util.Optional<dev.slicewise.catalog.InstanceType> instanceType(String name) {
                return CATALOG.instanceType(name).map(t -> new dev.slicewise.catalog.InstanceType(t.name(), t.gpuModel(), t.gpuCount(),
                        t.gpuMemoryMiB(), t.vcpu(), t.memoryGiB(), t.arch(), 7, t.onDemandUsdPerHour()));
            }

            public java.util.Optional<dev.slicewise.catalog.GpuModel> gpuModel(String key) {
                return java.util.Optional.of(new dev.slicewise.catalog.GpuModel(key, List.of(), 22888, 80, 8, 7, List.of(),
                        TestCatalog.H100.migProfiles()));
            }

            public java.util.Collection<dev.slicewise.catalog.InstanceType> instanceTypes() {
                return CATALOG.instanceTypes();
            }

            public java.util.Collection<dev.slicewise.catalog.GpuModel> gpuModels() {
                return CATALOG.gpuModels();
            }
        };
        RecordingMigPacker mig = RecordingMigPacker.unused();
        AnalysisReport report = new DefaultAnalyzer(wrong, mig, new FixedLatencyModel(), new BundledPriceBook(wrong))
                .analyze(fleet(onePodPerNode("prod", "a10g", "g5.xlarge", 4, 10, 2000, 1000, 4096)), AnalysisPolicy.DEFAULT, CLOCK);
        assertThat(only(report).sharing()).isInstanceOf(Sharing.TimeSlicing.class);
        assertThat(mig.calls).isEmpty();
    }

    @Test
    void whenNoTenantFitsAnyMigProfileTimeSlicingAnswersAndEachTenantIsNamed() {
        List<GpuNode> nodes = new ArrayList<>();
        List<GpuWorkload> pods = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            nodes.add(node("h100-" + n, "h100", "p5.4xlarge", gpu("nvidia0", metrics(10, 12000))));
            pods.add(pod("infer-" + n, "Deployment/infer", "h100-" + n, List.of("nvidia0"), 1, 1000, 4096));
        }
        AnalysisReport report = analyze(cluster("prod", List.of(karpenterPool("h100")), nodes, pods), AnalysisPolicy.DEFAULT,
                RecordingMigPacker.allInto("1g.10gb"));
        Recommendation r = only(report);
        assertThat(r.sharing()).isInstanceOf(Sharing.TimeSlicing.class);
        assertThat(report.problems()).extracting(p -> p.item()).containsExactly("prod/default/infer-1", "prod/default/infer-2");
        assertThat(r.reasons()).contains("MIG not considered further: no tenant fits a MIG profile of H100-80GB");
    }

    @Test
    void aFailingMigPackerCostsOnlyTheMigOption() {
        RecordingMigPacker broken = new RecordingMigPacker((g, t) -> {
            throw new IllegalStateException("no placement table for " + g.key());
        });
        List<GpuNode> nodes = new ArrayList<>();
        List<GpuWorkload> pods = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            nodes.add(node("h100-" + n, "h100", "p5.4xlarge", gpu("nvidia0", metrics(10, 4096))));
            pods.add(pod("infer-" + n, "Deployment/infer", "h100-" + n, List.of("nvidia0"), 1, 1000, 4096));
        }
        AnalysisReport report = analyze(cluster("prod", List.of(karpenterPool("h100")), nodes, pods), AnalysisPolicy.DEFAULT, broken);
        Recommendation r = only(report);
        assertThat(r.sharing()).isInstanceOf(Sharing.TimeSlicing.class);
        assertThat(r.after().nodes()).isEqualTo(1);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.item()).isEqualTo("prod/h100/p5.4xlarge");
            assertThat(p.message()).contains("MIG packing failed").contains("no placement table for H100-80GB");
        });
    }

    @Test
    void theLatencyRiskComesFromTheModelForTheMostLoadedGpu() {
        FixedLatencyModel latency = new FixedLatencyModel(1.2, 2.5);
        AnalysisReport report = new DefaultAnalyzer(CATALOG, RecordingMigPacker.unused(), latency, new BundledPriceBook(CATALOG))
                .analyze(fleet(seedsFleet()), AnalysisPolicy.DEFAULT, CLOCK);
        Recommendation r = only(report);
        assertThat(latency.calls).singleElement().satisfies(c -> assertThat(c).hasSize(2)); // two tenants on the most loaded GPU
        assertThat(((Sharing.TimeSlicing) r.sharing()).latency().p95Factor()).isEqualTo(2.5);
        assertThat(r.risks()).anySatisfy(k -> {
            assertThat(k.kind()).isEqualTo(Risk.Kind.LATENCY);
            assertThat(k.severity()).isEqualTo(Risk.Severity.HIGH);
            assertThat(k.text()).contains("2 tenants, p95 of summed utilization 50 %").contains("p50 ×1.20, p95 ×2.50");
        });
    }

    @Test
    void withTheCalibratedLatencyModelTheRiskNamesTheModelAndItsError() {
        AnalysisReport report = new DefaultAnalyzer(CATALOG, RecordingMigPacker.unused(), new dev.slicewise.risk.TimeSlicingLatencyModel(),
                new BundledPriceBook(CATALOG)).analyze(fleet(seedsFleet()), AnalysisPolicy.DEFAULT, CLOCK);
        Recommendation r = only(report);
        var latency = ((Sharing.TimeSlicing) r.sharing()).latency();
        // two tenants at 25 % each share: some slowdown, far from the 2× of two always-busy tenants
        assertThat(latency.p50Factor()).isGreaterThan(1.0).isLessThan(2.0);
        assertThat(r.risks()).anySatisfy(k -> assertThat(k.text()).contains("H100 probe").contains(latency.calibrationError()));
    }

    @Test
    void spotPoolsSayOnDemandPricesOverstateTheSavings() {
        List<GpuNode> nodes = new ArrayList<>();
        List<GpuWorkload> pods = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            nodes.add(node("spot-" + i, "spot", "g4dn.2xlarge", "spot", Fleet.OLD, Map.of(), gpu("nvidia0", metrics(10, 1000))));
            pods.add(pod("app" + i + "-x", "spot-" + i));
        }
        Recommendation r = only(analyze(cluster("prod", List.of(karpenterPool("spot")), nodes, pods), AnalysisPolicy.DEFAULT, RecordingMigPacker.unused()));
        assertThat(r.capacityType()).isEqualTo("spot");
        assertThat(r.savings().note()).isEqualTo("spot pool: on-demand prices overstate the savings");
        assertThat(r.risks()).anySatisfy(k -> assertThat(k.kind()).isEqualTo(Risk.Kind.PRICE));
    }

    @Test
    void anUnknownPriceKeepsTheRecommendationWithoutSavings() {
        // 2 × p5e.48xlarge (8 H200 each, no bundled price), 16 single-GPU pods at 5 %, 2 GiB
        List<GpuNode> nodes = new ArrayList<>();
        List<GpuWorkload> pods = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            GpuDevice[] gpus = new GpuDevice[8];
            for (int g = 0; g < 8; g++) {
                gpus[g] = gpu("nvidia" + g, metrics(5, 2048));
                pods.add(pod("infer-" + n + g, "Deployment/infer", "h200-" + n, List.of("nvidia" + g), 1, 2000, 8192));
            }
            nodes.add(node("h200-" + n, "h200", "p5e.48xlarge", gpus));
        }
        Recommendation r = only(analyze(cluster("prod", List.of(karpenterPool("h200")), nodes, pods), AnalysisPolicy.DEFAULT,
                RecordingMigPacker.allInto("1g.18gb")));
        assertThat(r.actionable()).isTrue();
        assertThat(r.after().nodes()).isEqualTo(1);
        assertThat(r.savings()).isNull();
        assertThat(r.reasons()).anySatisfy(s -> assertThat(s).startsWith("no price is known for p5e.48xlarge in us-east-1: savings are not computed"));
    }

    @Test
    void onAMigCapableGpuMigIsPreferredWhenItFreesAsManyNodes() {
        // 2 × p5.48xlarge, 16 pods at 5 % / 4 GiB: time-slicing packs 8 per GPU (maxReplicas) → 2 GPUs → 1 node;
        // MIG 1g.10gb × 7 per GPU → 3 GPUs → 1 node: same nodes freed, MIG preferred
        List<GpuNode> nodes = new ArrayList<>();
        List<GpuWorkload> pods = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            GpuDevice[] gpus = new GpuDevice[8];
            for (int g = 0; g < 8; g++) {
                gpus[g] = gpu("nvidia" + g, metrics(5, 4096));
                pods.add(pod("infer-" + n + g, "Deployment/infer", "h100-" + n, List.of("nvidia" + g), 1, 2000, 8192));
            }
            nodes.add(node("h100-" + n, "h100", "p5.48xlarge", gpus));
        }
        RecordingMigPacker mig = RecordingMigPacker.allInto("1g.10gb");
        Recommendation r = only(analyze(cluster("prod", List.of(karpenterPool("h100")), nodes, pods), AnalysisPolicy.DEFAULT, mig));

        assertThat(mig.calls).singleElement().satisfies(c -> {
            assertThat(c.gpu().key()).isEqualTo("H100-80GB");
            assertThat(c.tenants()).hasSize(16);
        });
        assertThat(r.sharing()).isInstanceOfSatisfying(Sharing.Mig.class, m -> {
            assertThat(m.strategy()).isEqualTo("single");
            assertThat(m.migConfigName()).isEqualTo("all-1g.10gb");
            assertThat(m.gpus()).hasSize(3);
            assertThat(m.workloadsToChange()).isEmpty();
        });
        assertThat(r.after().nodes()).isEqualTo(1);
        assertThat(r.reasons()).anySatisfy(s -> assertThat(s).startsWith("MIG preferred: H100-80GB supports it and it frees 1 node(s), at least as many as time-slicing (1)"));
        assertThat(r.reasons()).contains("works with the single strategy: one profile everywhere, pods keep requesting nvidia.com/gpu");
        assertThat(r.alternatives()).singleElement().satisfies(a -> {
            assertThat(a.strategy()).isEqualTo("time-slicing");
            assertThat(a.nodes()).isEqualTo(1);
            assertThat(a.whyNot()).contains("without memory isolation");
        });
        assertThat(r.risks()).extracting(Risk::kind).contains(Risk.Kind.MIG_RECONFIGURATION, Risk.Kind.REQUEST_CHANGES);
        // the plan: stock config, drain before labelling, single-strategy capacity 8 GPUs × 7 instances
        List<PlanStep> steps = r.plan().steps();
        assertThat(stepOf(r.plan(), PlanStep.MigConfig.class)).satisfies(m -> {
            assertThat(m.stock()).isTrue();
            assertThat(m.layoutPerGpu()).isEqualTo(Map.of("1g.10gb", 7));
            assertThat(m.migPartedYaml()).isNull();
        });
        assertThat(stepOf(r.plan(), PlanStep.NodeOverlay.class).capacity()).isEqualTo(Map.of("nvidia.com/gpu", "56"));
        int drain = indexOf(steps, PlanStep.DrainNodes.class);
        int label = indexOf(steps, PlanStep.LabelNodes.class);
        assertThat(drain).isLessThan(label);
        assertThat(((PlanStep.LabelNodes) steps.get(label)).labels()).isEqualTo(Map.of("nvidia.com/mig.config", "all-1g.10gb"));
    }

    /** p5.48xlarge nodes; node i gets the pods (owner, peak framebuffer MiB) listed for it, one per GPU, at 5 %. */
    static ClusterSnapshot h100Pool(List<List<Object[]>> podsPerNode) {
        List<GpuNode> nodes = new ArrayList<>();
        List<GpuWorkload> pods = new ArrayList<>();
        for (int n = 0; n < podsPerNode.size(); n++) {
            String name = "h100-" + (n + 1);
            GpuDevice[] gpus = new GpuDevice[8];
            List<Object[]> onNode = podsPerNode.get(n);
            for (int g = 0; g < 8; g++) {
                boolean used = g < onNode.size();
                gpus[g] = gpu("nvidia" + g, metrics(used ? 5 : 0, used ? ((Number) onNode.get(g)[1]).doubleValue() : 0));
                if (used) {
                    String owner = (String) onNode.get(g)[0];
                    pods.add(pod(owner.substring(owner.indexOf('/') + 1) + "-" + n + g, owner, name, List.of("nvidia" + g), 1, 1000, 4096));
                }
            }
            nodes.add(node(name, "h100", "p5.48xlarge", gpus));
        }
        return cluster("prod", List.of(karpenterPool("h100")), nodes, pods);
    }

    @Test
    void mixedMigListsTheWorkloadsThatMustChange() {
        // node 1: 4 small (8 GB → 1g.10gb), 2 medium (16 GB → 2g.20gb), 1 tiny (1 GB → 1g.10gb); node 2 idle.
        // time-slicing: 7 pods, 65 GB on one GPU → 1 node. MIG (balanced layouts 2×1g + 2g + 3g): five 1g → 3 GPUs → 1 node.
        Object[] small = {"Deployment/small", 8000}, medium = {"Deployment/medium", 16000}, tiny = {"Deployment/tiny", 1000};
        Recommendation r = only(analyze(h100Pool(List.of(List.<Object[]>of(small, small, medium, small, small, medium, tiny), List.<Object[]>of())),
                AnalysisPolicy.DEFAULT, RecordingMigPacker.balancedH100()));
        assertThat(r.sharing()).isInstanceOfSatisfying(Sharing.Mig.class, m -> {
            assertThat(m.strategy()).isEqualTo("mixed");
            assertThat(m.migConfigName()).isEqualTo("all-balanced");
            assertThat(m.workloadsToChange()).extracting(Sharing.WorkloadChange::owner, Sharing.WorkloadChange::toResource).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("Deployment/medium", "nvidia.com/mig-2g.20gb"),
                    org.assertj.core.groups.Tuple.tuple("Deployment/small", "nvidia.com/mig-1g.10gb"),
                    org.assertj.core.groups.Tuple.tuple("Deployment/tiny", "nvidia.com/mig-1g.10gb"));
            assertThat(m.workloadsToChange().get(1).podCount()).isEqualTo(Map.of("1g.10gb", 4));
        });
        assertThat(r.reasons()).contains("needs the mixed strategy: 3 workload(s) must request their MIG profile instead of nvidia.com/gpu");
        assertThat(r.risks()).anySatisfy(k -> assertThat(k.text()).startsWith("mixed strategy: Deployment/medium → nvidia.com/mig-2g.20gb"));
        assertThat(r.plan().warnings()).anySatisfy(w -> assertThat(w).startsWith("change these workloads' GPU requests before applying"));
        assertThat(stepOf(r.plan(), PlanStep.ClusterPolicyPatch.class).migStrategy()).isEqualTo("mixed");
        // mixed: per-profile capacities (8 GPUs × per-GPU counts), nvidia.com/gpu 0, and no limit relying on nvidia.com/gpu
        assertThat(stepOf(r.plan(), PlanStep.NodeOverlay.class).capacity()).isEqualTo(Map.of("nvidia.com/gpu", "0",
                "nvidia.com/mig-1g.10gb", "16", "nvidia.com/mig-2g.20gb", "8", "nvidia.com/mig-3g.40gb", "8"));
        assertThat(stepOf(r.plan(), PlanStep.NodePoolUpdate.class).limits()).doesNotContainKey("nvidia.com/gpu").containsEntry("nodes", "2");
    }

    @Test
    void aWorkloadBiggerThanAnyMigProfileIsNamedAndKeepsAWholeGpu() {
        // as above plus a 45 GiB pod: no balanced slice holds it, so MIG needs an extra unpartitioned node and
        // time-slicing, which frees more nodes, wins; the big pod is named either way
        Object[] small = {"Deployment/small", 8000}, big = {"Deployment/big", 46080};
        AnalysisReport report = analyze(h100Pool(List.of(List.<Object[]>of(small, small, big, small), List.<Object[]>of(small), List.<Object[]>of())),
                AnalysisPolicy.DEFAULT, RecordingMigPacker.balancedH100());
        Recommendation r = only(report);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.item()).isEqualTo("prod/default/big-02");
            assertThat(p.message()).startsWith("bigger than any MIG profile of H100-80GB: peak memory 46080 MiB exceeds 3g.40gb")
                    .endsWith("it keeps a whole, unpartitioned GPU");
        });
        assertThat(r.sharing()).isInstanceOf(Sharing.TimeSlicing.class);
        assertThat(r.alternatives()).singleElement().satisfies(a -> {
            assertThat(a.strategy()).isEqualTo("mig");
            assertThat(a.nodes()).isEqualTo(2);
            assertThat(a.whyNot()).isEqualTo("MIG frees 1 node(s), time-slicing 2: MIG is preferred only when it frees at least as many");
        });
        assertThat(r.reasons()).contains("time-slicing frees more nodes than MIG (2 vs 1)");
    }

    @Test
    void withTheRealMigPackerAnH100PoolGetsAValidMixedLayout() {
        // 2 × p5.48xlarge: node 1 runs 6 light pods (5 %, 4 GiB) and one at 30 % GPU time; node 2 runs 3 light pods.
        // The real packer: light pods → 1g.10gb (6.6 of 132 SMs ≤ 70 % of 16); the 30 % pod needs 39.6 SMs ≤ 70 % of
        // 60 → 3g.40gb. Time-slicing needs 2 GPUs (9 pods > 8 replicas per GPU): both free 1 node, MIG is preferred.
        List<Object[]> node1 = new ArrayList<>();
        for (int i = 0; i < 6; i++) node1.add(new Object[]{"Deployment/light", 4096});
        List<Object[]> node2 = new ArrayList<>();
        for (int i = 0; i < 3; i++) node2.add(new Object[]{"Deployment/light", 4096});
        ClusterSnapshot c = h100Pool(List.of(node1, node2));
        // make one pod of node 1 busier: its GPU at 30 %
        List<GpuNode> nodes = new ArrayList<>(c.nodes());
        GpuNode n1 = nodes.get(0);
        List<GpuDevice> gpus = new ArrayList<>(n1.gpus());
        gpus.set(0, gpu("nvidia0", metrics(30, 4096)));
        nodes.set(0, new GpuNode(n1.name(), n1.nodePool(), n1.instanceType(), n1.capacityType(), n1.createdAt(), n1.labels(), 8, gpus));
        List<GpuWorkload> pods = new ArrayList<>(c.workloads());
        GpuWorkload busy = pods.get(0);
        pods.set(0, new GpuWorkload(busy.namespace(), "heavy-00", "Deployment/heavy", busy.node(), busy.gpuDevices(), busy.gpuResource(), 1,
                busy.cpuMillis(), busy.memoryMiB(), null));

        Recommendation r = only(analyze(cluster("prod", c.nodePools(), nodes, pods), AnalysisPolicy.DEFAULT, new dev.slicewise.pack.MigBinPacker()));

        assertThat(r.sharing()).isInstanceOfSatisfying(Sharing.Mig.class, m -> {
            assertThat(m.strategy()).isEqualTo("mixed");
            assertThat(m.workloadsToChange()).extracting(Sharing.WorkloadChange::owner, Sharing.WorkloadChange::toResource).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("Deployment/heavy", "nvidia.com/mig-3g.40gb"),
                    org.assertj.core.groups.Tuple.tuple("Deployment/light", "nvidia.com/mig-1g.10gb"));
            assertThat(m.gpus()).flatExtracting(Sharing.MigGpu::slices).filteredOn(sl -> sl.tenant() != null).hasSize(9);
        });
        assertThat(r.after().nodes()).isEqualTo(1);
        // every config in the plan was accepted by the placer (custom) or is a stock preset
        assertThat(r.plan().steps()).filteredOn(st -> st instanceof PlanStep.MigConfig).isNotEmpty()
                .allSatisfy(st -> {
                    PlanStep.MigConfig mc = (PlanStep.MigConfig) st;
                    assertThat(mc.stock() || mc.migPartedYaml() != null).isTrue();
                });
    }

    @Test
    void theIdIsAStableHashOfPoolDecisionAndLayout() {
        Recommendation a = only(analyze(seedsFleet(), AnalysisPolicy.DEFAULT, RecordingMigPacker.unused()));
        Recommendation b = only(analyze(seedsFleet(), AnalysisPolicy.DEFAULT, RecordingMigPacker.unused()));
        Recommendation c = only(analyze(seedsFleet(), SEEDS, RecordingMigPacker.unused())); // 1 GPU × 4 instead of 2 × 2
        assertThat(a.id()).isEqualTo(b.id()).hasSize(16);
        assertThat(c.id()).isNotEqualTo(a.id());
        assertThat(a).isEqualTo(b); // the whole recommendation is deterministic
    }

    static <T extends PlanStep> T stepOf(Plan plan, Class<T> type) {
        return plan.steps().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName()));
    }

    static int indexOf(List<PlanStep> steps, Class<? extends PlanStep> type) {
        for (int i = 0; i < steps.size(); i++) if (type.isInstance(steps.get(i))) return i;
        return -1;
    }
}
