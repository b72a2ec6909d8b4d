package dev.slicewise.detect;

import static dev.slicewise.fixtures.Fleet.CLOCK;
import static dev.slicewise.fixtures.Fleet.HOURS;
import static dev.slicewise.fixtures.Fleet.OLD;
import static dev.slicewise.fixtures.Fleet.WINDOW;
import static dev.slicewise.fixtures.Fleet.constant;
import static dev.slicewise.fixtures.Fleet.gpu;
import static dev.slicewise.fixtures.Fleet.metrics;
import static dev.slicewise.fixtures.Fleet.series;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fixtures.Fleet;
import dev.slicewise.telemetry.GpuMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorTest {
    static final long T4 = 16384;
    final Detector detector = new Detector(DetectionPolicy.DEFAULT, CLOCK);

    static GpuNode node(GpuDevice... gpus) {
        return Fleet.node("n1", "pool", "g4dn.2xlarge", gpus);
    }

    Verdict judge(GpuMetrics m) {
        GpuDevice g = gpu("nvidia0", m);
        return detector.gpu(node(g), g, T4, WINDOW, SharingState.UNSHARED);
    }

    @Test
    void underusedGpuCarriesItsEvidenceAndTheOneLineReason() {
        // 329 of 336 hours with data (98 %): 16 hours at 40 %, 200 at 12 %, 113 at 24 %. Nearest rank: p95 = 313th of 329
        // sorted values = the last 24 %, p50 = 165th = 12 %. Peak memory 1946 MiB = 1.9 GiB = 12 % of 16 GiB.
        GpuMetrics m = new GpuMetrics(series(h -> h < 7 ? Double.NaN : h < 23 ? 40 : h < 223 ? 12 : 24), constant(1946));
        Verdict v = judge(m);
        assertThat(v).isInstanceOf(Verdict.Underused.class);
        assertThat(v.reason()).isEqualTo("p95 GPU utilization 24 % < 50 % and peak memory 1.9 GiB = 12 % of 16 GiB over 14 days (98 % coverage)");
        Evidence e = v.evidence();
        assertThat(e.points()).isEqualTo(329);
        assertThat(e.coverage()).isEqualTo(329.0 / 336);
        assertThat(e.p95UtilPct()).isEqualTo(24);
        assertThat(e.p50UtilPct()).isEqualTo(12);
        assertThat(e.maxUtilPct()).isEqualTo(40);
        assertThat(e.peakMemMiB()).isEqualTo(1946);
        assertThat(e.memCapacityMiB()).isEqualTo(T4);
    }

    @Test
    void busyReasonNamesTheThresholdCrossed() {
        Verdict util = judge(metrics(82, 2000));
        assertThat(util).isInstanceOf(Verdict.Busy.class);
        assertThat(util.reason()).isEqualTo("busy: p95 GPU utilization 82 % ≥ 50 % threshold over 14 days (100 % coverage)");

        Verdict mem = judge(metrics(10, 12288)); // 12 GiB = 75 % of 16 GiB
        assertThat(mem).isInstanceOf(Verdict.Busy.class);
        assertThat(mem.reason()).isEqualTo("busy: peak memory 12 GiB = 75 % of 16 GiB ≥ 60 % threshold over 14 days (100 % coverage)");
    }

    @Test
    void idleWhenEvenTheHourlyMaximaStayBelowTheIdleThreshold() {
        Verdict v = judge(metrics(0.4, 300));
        assertThat(v).isInstanceOf(Verdict.Idle.class);
        assertThat(v.reason()).startsWith("idle: highest hourly GPU utilization 0.4 % ≤ 1 %");
    }

    @Test
    void tooFewHoursIsInsufficientDataNeverAVerdictOnUse() {
        // 200 of 336 hours = 60 % < 75 %
        Verdict v = judge(new GpuMetrics(series(h -> h < 200 ? 5 : Double.NaN), constant(100)));
        assertThat(v).isInstanceOf(Verdict.InsufficientData.class);
        assertThat(v.reason()).isEqualTo("only 200 of 336 hours hold data (60 % coverage; the rule needs 75 % and at least 72 hours)");
        assertThat(v.evidence().p95UtilPct()).isEqualTo(5); // the numbers are still shown
    }

    @Test
    void noSamplesOrBrokenSamplesAreInsufficientData() {
        GpuDevice none = new GpuDevice("nvidia0", null, null);
        assertThat(detector.gpu(node(none), none, T4, WINDOW, SharingState.UNSHARED))
                .isInstanceOf(Verdict.InsufficientData.class).extracting(Verdict::reason).asString().contains("no samples");
        Verdict nan = judge(new GpuMetrics(series(h -> h == 5 ? 130 : 10), constant(100)));
        assertThat(nan).isInstanceOf(Verdict.InsufficientData.class);
        assertThat(nan.reason()).contains("unusable samples").contains("above 100 %");
        Verdict noMem = judge(new GpuMetrics(constant(10), null));
        assertThat(noMem).isInstanceOf(Verdict.InsufficientData.class);
        assertThat(noMem.reason()).contains("FB_USED");
    }

    @Test
    void aNodeYoungerThanTheMinimumAgeIsTooYoungRelativeToTheInjectedClock() {
        Instant created = CLOCK.instant().minus(Duration.ofHours(30));
        GpuDevice g = gpu("nvidia0", metrics(10, 100));
        GpuNode young = Fleet.node("n1", "pool", "g4dn.2xlarge", "on-demand", created, Map.of(), g);
        Verdict v = detector.gpu(young, g, T4, WINDOW, SharingState.UNSHARED);
        assertThat(v).isInstanceOf(Verdict.TooYoung.class);
        assertThat(v.reason()).startsWith("node is 30 hours old").contains("younger than the minimum age of 3 days");
        // the same node judged 43 hours later is old enough
        Detector later = new Detector(DetectionPolicy.DEFAULT, java.time.Clock.fixed(created.plus(Duration.ofHours(73)), java.time.ZoneOffset.UTC));
        assertThat(later.gpu(young, g, T4, WINDOW, SharingState.UNSHARED)).isInstanceOf(Verdict.Underused.class);
    }

    @Test
    void nodeIsUnderusedOnlyWhenAllItsGpusAre() {
        Verdict low = judge(metrics(10, 100));
        Verdict idle = judge(metrics(0, 0));
        Verdict busy = judge(metrics(90, 100));
        Verdict missing = judge(null);
        GpuNode n = node();
        assertThat(detector.node(n, List.of("nvidia0", "nvidia1"), List.of(low, idle))).isInstanceOf(Verdict.Underused.class)
                .extracting(Verdict::reason).asString().startsWith("all 2 GPUs underused or idle; busiest nvidia0: p95 GPU utilization 10 %");
        assertThat(detector.node(n, List.of("nvidia0", "nvidia1"), List.of(idle, idle))).isInstanceOf(Verdict.Idle.class);
        Verdict b = detector.node(n, List.of("nvidia0", "nvidia1"), List.of(low, busy));
        assertThat(b).isInstanceOf(Verdict.Busy.class);
        assertThat(b.reason()).startsWith("nvidia1: busy: p95 GPU utilization 90 %");
        assertThat(b.evidence().p95UtilPct()).isEqualTo(90); // the node's numbers are its worst GPU's
        Verdict i = detector.node(n, List.of("nvidia0", "nvidia1", "nvidia2"), List.of(low, busy, missing));
        assertThat(i).isInstanceOf(Verdict.InsufficientData.class); // missing data outranks busy: nothing is concluded
        assertThat(i.reason()).startsWith("nvidia2: insufficient data: no samples");
    }

    @Test
    void aMigPartitionedGpuIsJudgedOnGrEngineActiveAndSaysWhenItIsMissing() {
        GpuNode migNode = Fleet.node("p5-1", "pool", "p5.48xlarge", "on-demand", OLD,
                Map.of("nvidia.com/mig.config", "all-1g.10gb"), gpu("nvidia0", null));
        SharingState s = SharingState.of(migNode, null, List.of());
        assertThat(s.migPartitioned()).isTrue();

        // GPU_UTIL reads 0 on a MIG GPU; GR_ENGINE_ACTIVE carries the real 30 %
        GpuDevice withGr = gpu("nvidia0", new GpuMetrics(constant(0), constant(30000), null, constant(30)));
        Verdict v = detector.gpu(migNode, withGr, 81920, WINDOW, s);
        assertThat(v).isInstanceOf(Verdict.Underused.class);
        assertThat(v.reason()).startsWith("p95 GR_ENGINE_ACTIVE 30 % < 50 %");

        GpuDevice without = gpu("nvidia0", new GpuMetrics(constant(0), constant(30000)));
        Verdict w = detector.gpu(migNode, without, 81920, WINDOW, s);
        assertThat(w).isInstanceOf(Verdict.InsufficientData.class);
        assertThat(w.reason()).contains("DCGM_FI_PROF_GR_ENGINE_ACTIVE is not published").contains("GPU_UTIL is not reported per MIG instance");
    }

    @Test
    void anAlreadyTimeSlicedGpuIsJudgedOnItsPerGpuSeriesAndSaysSo() {
        GpuNode shared = Fleet.node("n1", "pool", "g4dn.2xlarge", "on-demand", OLD,
                Map.of("nvidia.com/gpu.replicas", "4", "nvidia.com/gpu.sharing-strategy", "time-slicing"), gpu("nvidia0", metrics(30, 4000)));
        SharingState s = SharingState.of(shared, null, List.of());
        assertThat(s.timeSliced()).isTrue();
        Verdict v = detector.gpu(shared, shared.gpus().get(0), T4, WINDOW, s);
        assertThat(v).isInstanceOf(Verdict.Underused.class);
        assertThat(v.reason()).contains("already time-sliced (label nvidia.com/gpu.replicas=4, label nvidia.com/gpu.sharing-strategy=time-slicing)")
                .contains("per-pod series are not attributable");
    }

    @Test
    void sharingIsReadFromLabelsConfigsAllocatableAndRequests() {
        GpuDevice g = gpu("nvidia0", metrics(1, 1));
        assertThat(SharingState.of(node(g), null, List.of()).shared()).isFalse();
        var setup = new dev.slicewise.fleet.DevicePluginSetup(dev.slicewise.fleet.DevicePluginSetup.Mode.GPU_OPERATOR, "gpu-operator",
                "cfg", null, Map.of("ts-4", "version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 4\n"), null);
        GpuNode labelled = Fleet.node("n1", "pool", "g4dn.2xlarge", "on-demand", OLD, Map.of("nvidia.com/device-plugin.config", "ts-4"), g);
        assertThat(SharingState.of(labelled, setup, List.of()).timeSliced()).isTrue();
        GpuNode replicas = new GpuNode("n2", "pool", "g4dn.2xlarge", null, OLD, Map.of(), 4, List.of(g));
        assertThat(SharingState.of(replicas, null, List.of()).why()).containsExactly("allocatable nvidia.com/gpu 4 > 1 physical GPUs");
        GpuWorkload mig = new GpuWorkload("default", "p", "o", "n1", List.of(), "nvidia.com/mig-1g.10gb", 1, 0, 0, null);
        assertThat(SharingState.of(node(g), null, List.of(mig)).migPartitioned()).isTrue();
        // the Helm default writes nvidia.com/mig.strategy=single on every node: that alone is not MIG
        GpuNode helmDefault = Fleet.node("n3", "pool", "g4dn.2xlarge", "on-demand", OLD, Map.of("nvidia.com/mig.strategy", "single",
                "nvidia.com/mig.config", "all-disabled"), g);
        assertThat(SharingState.of(helmDefault, null, List.of()).shared()).isFalse();
        assertThat(HOURS).isEqualTo(336);
    }
}
