package dev.slicewise.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recomputes the calibration of {@link TimeSlicingLatencyModel} from data/h100-sharing-probe, so that an edit of the
 * constants that worsens the fit, or a change of the data, fails here. Writes the calibration tables to
 * {@code target/latency-calibration.md}.
 */
class ProbeCalibrationTest {

    /**
     * The bounds docs/latency-model.md reports: per scenario, the largest accepted absolute relative error of the
     * calibrated model's p50 and p95 factors ({p50, p95}). They are the errors measured when the constant was
     * fitted, rounded up by about one point, so an edit that makes any scenario worse fails.
     */
    private static final Map<String, double[]> ERROR_BOUNDS = Map.of(
            "A2", new double[] {0.34, 0.11},
            "A4", new double[] {0.34, 1.33},
            "A7", new double[] {0.11, 0.60},
            "N4", new double[] {0.05, 0.03},
            "T2", new double[] {0.13, 0.19},
            "T4", new double[] {0.04, 0.08},
            "T7", new double[] {0.06, 0.02});

    @Test
    void readsTheProbeAsItsReadmeReportsIt() {
        // README tables: latency p50 per scenario, gpu_util means (whole file, except T1/M4/M7: active window)
        assertThat(H100Probe.load("A1").processes().getFirst().p50()).isCloseTo(4.82, within(0.005));
        assertThat(H100Probe.load("A2").processes()).allSatisfy(p -> assertThat(p.p50()).isCloseTo(9.88, within(0.01)));
        assertThat(H100Probe.load("A4").processes()).allSatisfy(p -> assertThat(p.p50()).isCloseTo(9.88, within(0.01)));
        assertThat(H100Probe.load("A7").processes()).hasSize(7).allSatisfy(p -> assertThat(p.p50()).isCloseTo(25.77, within(0.01)));
        assertThat(H100Probe.load("N1").processes().getFirst().p50()).isCloseTo(0.555, within(0.0005));
        assertThat(H100Probe.load("N4").processes()).hasSize(4).allSatisfy(p -> assertThat(p.p50()).isCloseTo(2.713, within(0.0015)));
        assertThat(H100Probe.load("T1").processes().getFirst().p50()).isCloseTo(8.95, within(0.005));
        assertThat(H100Probe.load("T1").processes().getFirst().p95()).isCloseTo(79.7, within(0.05));
        assertThat(H100Probe.load("T7").processes()).hasSize(7);

        assertThat(H100Probe.load("A1").smi().fileMeanPct()).isCloseTo(22.4, within(0.05));
        assertThat(H100Probe.load("A2").smi().fileMeanPct()).isCloseTo(38.8, within(0.05));
        assertThat(H100Probe.load("A7").smi().fileMeanPct()).isCloseTo(81.9, within(0.05));
        assertThat(H100Probe.load("N4").smi().fileMeanPct()).isCloseTo(88.3, within(0.05));
        assertThat(H100Probe.load("T7").smi().fileMeanPct()).isCloseTo(59.6, within(0.05));
        // nvidia-k8s.md section 7 fixture note: T1 whole file 6.4 %, README (active window) 8.0 %
        assertThat(H100Probe.load("T1").smi().fileMeanPct()).isCloseTo(6.4, within(0.05));
        assertThat(H100Probe.load("T1").smi().runMeanPct()).isCloseTo(8.0, within(0.15));
    }

    @Test
    void runWindowDropsThePreviousScenariosTail() {
        // smi_A1.csv starts with 33 33 33 and ten zero rows before A1's own 24 % duty cycle
        H100Probe.Smi a1 = H100Probe.load("A1").smi();
        int[] w = a1.runWindow();
        assertThat(a1.gpuUtilPct()[0]).isEqualTo(33);
        assertThat(w[0]).isEqualTo(13);
        assertThat(a1.gpuUtilPct()[w[0]]).isEqualTo(20);
        assertThat(a1.gpuUtilPct()[w[1] - 1]).isGreaterThan(0);
        // 4.82 ms of kernel every 20 ms: 24 %; the kernel process's own latency sum agrees
        assertThat(a1.runMeanPct()).isCloseTo(24.0, within(0.3));
        assertThat(ProbeCalibration.baseline("A1").outstandingShare()).isCloseTo(0.242, within(0.002));
    }

    @Test
    void observedSlowDownsMatchTheReadme() {
        List<ProbeCalibration.Row> rows = ProbeCalibration.rows(ProbeCalibration.TIME_SLICED, TimeSlicingLatencyModel.CONTEXT_COST);
        Map<String, Double> observed = rows.stream().collect(java.util.stream.Collectors.toMap(
                ProbeCalibration.Row::scenario, ProbeCalibration.Row::observedP50));
        assertThat(observed.get("A2")).isCloseTo(9.88 / 4.82, within(0.01));   // lock-step: doubled at 48 % demand
        assertThat(observed.get("A7")).isCloseTo(25.77 / 4.82, within(0.01));  // README: 5.3x
        assertThat(observed.get("N4")).isCloseTo(2.713 / 0.555, within(0.01)); // README: 4.9x
        assertThat(observed.get("T7")).isCloseTo(10.79 / 8.95, within(0.01));  // README: +10-20 %, worst process
        // the inference server spends about a fifth of its service time on the GPU: 8 % util / (59 req/s x 6.57 ms)
        assertThat(ProbeCalibration.baseline("T1").gpuShare()).isCloseTo(0.21, within(0.01));
    }

    @Test
    void contextCostIsTheFittedValue() {
        assertThat(ProbeCalibration.fitContextCost()).isCloseTo(TimeSlicingLatencyModel.CONTEXT_COST, within(1e-9));
    }

    @Test
    void everyScenarioStaysWithinTheReportedBound() throws IOException {
        List<ProbeCalibration.Row> rows = ProbeCalibration.rows(ProbeCalibration.TIME_SLICED, TimeSlicingLatencyModel.CONTEXT_COST);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/latency-calibration.md"), ProbeCalibration.markdown(ProbeCalibration.fitContextCost()));

        assertThat(rows).extracting(ProbeCalibration.Row::scenario).containsExactlyElementsOf(ERROR_BOUNDS.keySet().stream().sorted().toList());
        for (ProbeCalibration.Row r : rows) {
            double[] bound = ERROR_BOUNDS.get(r.scenario());
            assertThat(Math.abs(r.p50Error())).as("abs. p50 error of %s", r.scenario()).isLessThanOrEqualTo(bound[0]);
            assertThat(Math.abs(r.p95Error())).as("abs. p95 error of %s", r.scenario()).isLessThanOrEqualTo(bound[1]);
        }
        double[] summary = ProbeCalibration.p50ErrorSummary(rows);
        assertThat(summary[0]).as("median abs. p50 error").isLessThanOrEqualTo(0.10);
        assertThat(summary[1]).as("max abs. p50 error").isLessThanOrEqualTo(0.34);
    }

    @Test
    void calibrationErrorTextIsRecomputedFromTheData() {
        assertThat(TimeSlicingLatencyModel.CALIBRATION_ERROR).isEqualTo(ProbeCalibration.calibrationError(
                ProbeCalibration.rows(ProbeCalibration.TIME_SLICED, TimeSlicingLatencyModel.CONTEXT_COST)));
    }
}
