package dev.slicewise.pack;

import static dev.slicewise.fixtures.Fleet.WINDOW;
import static dev.slicewise.fixtures.Fleet.constant;
import static dev.slicewise.fixtures.Fleet.gpu;
import static dev.slicewise.fixtures.Fleet.metrics;
import static dev.slicewise.fixtures.Fleet.pod;
import static dev.slicewise.fixtures.Fleet.series;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.detect.SharingState;
import dev.slicewise.fixtures.Fleet;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.telemetry.GpuMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantExtractorTest {
    static final long T4 = 16384;
    final TenantExtractor extractor = new TenantExtractor(WINDOW, 1.0);

    static Map<GpuNode, SharingState> unshared(GpuNode... nodes) {
        Map<GpuNode, SharingState> m = new LinkedHashMap<>();
        for (GpuNode n : nodes) m.put(n, SharingState.UNSHARED);
        return m;
    }

    @Test
    void aPodHoldingOneGpuTakesThatGpusSeries() {
        // utilization 10 % for 320 hours, 30 % for 16: the p95 is the 320th of 336 sorted values = 10 % (17 hours at 30 %
        // would make it 30 %); SM_ACTIVE published → compute demand = its p95
        GpuMetrics m = new GpuMetrics(series(h -> h < 16 ? 30 : 10), series(h -> h == 100 ? 3000 : 1500), constant(6), null);
        GpuNode n = Fleet.node("n1", "pool", "g4dn.2xlarge", gpu("nvidia0", m));
        Extraction ex = extractor.extract(unshared(n), List.of(pod("web-1", "n1")), T4);
        assertThat(ex.tenants()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("default/web-1");
            assertThat(t.owner()).isEqualTo("Deployment/web");
            assertThat(t.p95Util()).isEqualTo(10);
            assertThat(t.computePct()).isEqualTo(6);
            assertThat(t.peakMemMiB()).isEqualTo(3000);
            assertThat(t.util()).hasSize(336);
            assertThat(t.cpuMillis()).isEqualTo(1000);
            assertThat(t.fromNode()).isEqualTo("n1");
        });
        assertThat(ex.wholeGpus()).isEmpty();
    }

    @Test
    void withoutSmActiveComputeDemandIsTheP95OfGpuUtil() {
        GpuNode n = Fleet.node("n1", "pool", "g4dn.2xlarge", gpu("nvidia0", metrics(20, 100)));
        assertThat(extractor.extract(unshared(n), List.of(pod("web-1", "n1")), T4).tenants().get(0).computePct()).isEqualTo(20);
    }

    @Test
    void podsRequestingSeveralGpusKeepWholeGpusAndSayWhy() {
        GpuNode n = Fleet.node("n1", "pool", "g4dn.12xlarge", gpu("nvidia0", metrics(20, 100)), gpu("nvidia1", metrics(20, 100)),
                gpu("nvidia2", metrics(5, 100)), gpu("nvidia3", metrics(0, 0)));
        GpuWorkload trainer = pod("train-1", "Job/train", "n1", List.of("nvidia0", "nvidia1"), 2, 4000, 16384);
        Extraction ex = extractor.extract(unshared(n), List.of(trainer, pod("web-1", "Deployment/web", "n1", List.of("nvidia2"), 1, 500, 1024)), T4);
        assertThat(ex.wholeGpus()).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo("default/train-1");
            assertThat(w.gpus()).isEqualTo(2);
            assertThat(w.movable()).isTrue();
            assertThat(w.why()).contains("requests 2 GPUs").contains("failRequestsGreaterThanOne");
        });
        assertThat(ex.tenants()).extracting(Tenant::id).containsExactly("default/web-1");
    }

    @Test
    void aMultiGpuPodWithoutDeviceMappingClaimsTheBusiestGpusSoTheyAreNotCountedTwice() {
        GpuNode n = Fleet.node("n1", "pool", "g4dn.12xlarge", gpu("nvidia0", metrics(30, 5000)), gpu("nvidia1", metrics(35, 5000)),
                gpu("nvidia2", metrics(0, 0)), gpu("nvidia3", metrics(0, 0)));
        GpuWorkload trainer = pod("train-1", "Job/train", "n1", List.of(), 2, 4000, 16384);
        Extraction ex = extractor.extract(unshared(n), List.of(trainer), T4);
        assertThat(ex.wholeGpus()).extracting(Extraction.WholeGpuWork::id).containsExactly("default/train-1");
        assertThat(ex.notes()).singleElement().asString().contains("assumed to hold nvidia1, nvidia0");
    }

    @Test
    void aGpuInUseByNoPodStaysWhereItIsAndAnIdleOneIsSimplyFree() {
        GpuNode n = Fleet.node("n1", "pool", "g4dn.12xlarge", gpu("nvidia0", metrics(20, 100)), gpu("nvidia1", metrics(15, 2000)),
                gpu("nvidia2", metrics(0, 0)));
        Extraction ex = extractor.extract(unshared(n), List.of(pod("web-1", "Deployment/web", "n1", List.of("nvidia0"), 1, 500, 1024)), T4);
        assertThat(ex.wholeGpus()).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo("n1/nvidia1");
            assertThat(w.movable()).isFalse();
            assertThat(w.why()).contains("is in use (p95 15 %").contains("no pod holds it");
        });
    }

    @Test
    void aPodWhoseGpuHasNoUsableMetricsKeepsAWholeGpuNeverAZeroDemand() {
        GpuNode n = Fleet.node("n1", "pool", "g4dn.2xlarge", gpu("nvidia0", null));
        Extraction ex = extractor.extract(unshared(n), List.of(pod("web-1", "n1")), T4);
        assertThat(ex.tenants()).isEmpty();
        assertThat(ex.wholeGpus()).singleElement().satisfies(w -> assertThat(w.why())
                .contains("default/web-1 has no usable GPU metrics").contains("keeps a whole GPU"));
    }

    @Test
    void podsWithoutDeviceMappingOnAMultiGpuNodeAreMatchedToTheBusiestGpusAndThatIsNoted() {
        GpuNode n = Fleet.node("n1", "pool", "g4dn.12xlarge", gpu("nvidia0", metrics(5, 100)), gpu("nvidia1", metrics(30, 100)));
        GpuWorkload p = pod("web-1", "Deployment/web", "n1", List.of(), 1, 500, 1024);
        Extraction ex = extractor.extract(unshared(n), List.of(p), T4);
        assertThat(ex.tenants()).singleElement().extracting(Tenant::p95Util).isEqualTo(30.0);
        assertThat(ex.notes()).anySatisfy(s -> assertThat(s).contains("assumed to hold n1/nvidia1").contains("conservative"));
    }

    @Test
    void podsOfAnAlreadyTimeSlicedGpuMoveTogetherSizedByTheGpusOwnSeries() {
        GpuNode n = Fleet.node("n1", "pool", "g4dn.2xlarge", "on-demand", Fleet.OLD, Map.of("nvidia.com/gpu.replicas", "4"), gpu("nvidia0", metrics(40, 6000)));
        SharingState s = SharingState.of(n, null, List.of());
        GpuWorkload a = pod("a-1", "Deployment/a", "n1", List.of(), 1, 500, 1024);
        GpuWorkload b = pod("b-1", "Deployment/b", "n1", List.of(), 1, 700, 2048);
        Extraction ex = extractor.extract(Map.of(n, s), List.of(a, b), T4);
        assertThat(ex.tenants()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("n1/nvidia0");
            assertThat(t.p95Util()).isEqualTo(40);
            assertThat(t.cpuMillis()).isEqualTo(1200);
        });
        assertThat(ex.slotsOf("n1/nvidia0")).isEqualTo(2);
        assertThat(ex.notes()).singleElement().asString().contains("already time-sliced").contains("move together");
    }
}
