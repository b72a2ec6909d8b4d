package dev.slicewise.risk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The analysis behind {@link TimeSlicingLatencyModel}: what the H100 probe measured per scenario, the slow-down it
 * observed against the single-tenant baseline, what the model predicts, and the fit of the model's constant.
 * Re-run with {@code ./mvnw -B -q -pl src/engine test -Dtest=ProbeCalibrationTest}; the table is written to
 * {@code src/engine/target/latency-calibration.md}.
 */
final class ProbeCalibration {

    /** Service time of the inference server alone, from the probe README (not recorded in the CSVs). */
    static final double INFERENCE_SERVICE_MS = 6.57;

    /**
     * T1's last 4 s show 200-300 ms latencies (README: "its tail includes warm-up effects; compare p50s"), so the
     * inference p95 baseline uses the requests that arrived in its first 16 s. p50s use the whole file, as the README.
     */
    static final double T1_CLEAN_SECONDS = 16;

    static final List<String> TIME_SLICED = List.of("A2", "A4", "A7", "N4", "T2", "T4", "T7");
    static final List<String> MPS = List.of("M4", "M7");

    /** Errors at least this large are named in the calibration text. */
    static final double LARGE_ERROR = 0.20;

    private ProbeCalibration() {}

    /** What a tenant of a family demanded when it had the GPU alone, from that family's single-tenant run. */
    record Baseline(String scenario, double utilPct, double outstandingShare, double p50Ms, double p95Ms,
                    double gpuShare) {}

    /**
     * One scenario: measurements, observed factors (most affected process = max over processes, as
     * {@link LatencyEstimate} reports the most affected tenant) and the model's prediction.
     */
    record Row(String scenario, String sharing, Baseline baseline, int tenants, double aggregateUtilPct,
               double[] p50Ms, double[] p95Ms, double observedP50, double observedP50Median, double observedP95,
               LatencyEstimate predicted, LatencyEstimate predictedGpuBound) {

        /** Signed relative error of the predicted p50 factor (positive = over-predicted, i.e. conservative). */
        double p50Error() {
            return predicted.p50Factor() / observedP50 - 1;
        }

        double p95Error() {
            return predicted.p95Factor() / observedP95 - 1;
        }

        /** Error of the default model, which cannot know the GPU share and assumes GPU-bound requests. */
        double p50ErrorGpuBound() {
            return predictedGpuBound.p50Factor() / observedP50 - 1;
        }

        double summedAloneUtilPct() {
            return tenants * baseline.utilPct();
        }
    }

    static Baseline baseline(String scenario) {
        H100Probe.Scenario s = H100Probe.load(scenario);
        H100Probe.Process p = s.processes().getFirst();
        double util = s.smi().runMeanPct();
        boolean inference = scenario.startsWith("T");
        // kernel runs: a request is all GPU. Inference: GPU-time per request / service time per request.
        double gpuShare = inference ? util / 100 / p.requestsPerSecond() * 1000 / INFERENCE_SERVICE_MS : 1.0;
        double p95 = inference ? p.percentileBefore(T1_CLEAN_SECONDS, 0.95) : p.p95();
        return new Baseline(scenario, util, p.outstandingShare(), p.p50(), p95, Math.min(1, gpuShare));
    }

    static Baseline baselineFor(String scenario) {
        return baseline(switch (scenario.charAt(0)) {
            case 'A' -> "A1";
            case 'N' -> "N1";
            case 'T', 'M' -> "T1";
            default -> throw new IllegalArgumentException("unknown probe scenario " + scenario);
        });
    }

    static List<Row> rows(List<String> scenarios, double contextCost) {
        List<Row> rows = new ArrayList<>();
        for (String name : scenarios) {
            H100Probe.Scenario s = H100Probe.load(name);
            Baseline b = baselineFor(name);
            int n = s.processes().size();
            double[] p50 = s.processes().stream().mapToDouble(H100Probe.Process::p50).toArray();
            double[] p95 = s.processes().stream().mapToDouble(H100Probe.Process::p95).toArray();
            double[] f50 = Arrays.stream(p50).map(v -> v / b.p50Ms()).toArray();
            // the tenants' hourly series: one "hour" each, at the GPU-time it used alone (an hourly DCGM average)
            List<double[]> tenantUtil = new ArrayList<>();
            for (int i = 0; i < n; i++) tenantUtil.add(new double[] {b.utilPct()});
            LatencyEstimate predicted = new TimeSlicingLatencyModel(contextCost, b.gpuShare()).estimate(tenantUtil);
            LatencyEstimate gpuBound = new TimeSlicingLatencyModel(contextCost, 1.0).estimate(tenantUtil);
            rows.add(new Row(name, name.startsWith("M") ? "MPS" : "time-slicing", b, n, s.smi().runMeanPct(), p50, p95,
                    Arrays.stream(f50).max().orElseThrow(), median(f50),
                    Arrays.stream(p95).max().orElseThrow() / b.p95Ms(), predicted, gpuBound));
        }
        return rows;
    }

    /** Median and maximum absolute relative p50 error over the time-sliced scenarios. */
    static double[] p50ErrorSummary(List<Row> rows) {
        double[] abs = rows.stream().mapToDouble(r -> Math.abs(r.p50Error())).toArray();
        return new double[] {median(abs), Arrays.stream(abs).max().orElseThrow()};
    }

    /**
     * The context cost minimising the maximum absolute relative p50 error over the time-sliced scenarios, on a grid
     * of 0.01 from 1.00 to 1.60 (the smallest on ties). Minimax, not least squares: the model should not be far
     * off anywhere, and the two-tenant lock-step rows pull it towards the conservative side.
     */
    static double fitContextCost() {
        return argMin(c -> p50ErrorSummary(rows(TIME_SLICED, c))[1], 1.00, 1.60, 0.01);
    }

    /** The context cost that reproduces one saturated scenario's p50 exactly (grid 0.001), to show the bracket. */
    static double contextCostFor(String scenario) {
        return argMin(c -> Math.abs(rows(List.of(scenario), c).getFirst().p50Error()), 1.00, 1.60, 0.001);
    }

    private static double argMin(DoubleFunction<Double> f, double from, double to, double step) {
        double best = from, bestValue = Double.POSITIVE_INFINITY;
        for (int k = 0; from + k * step <= to + 1e-9; k++) {
            double c = Math.round((from + k * step) / step) * step;
            double v = f.apply(c);
            if (v < bestValue - 1e-12) {
                bestValue = v;
                best = c;
            }
        }
        return best;
    }

    /** The text {@link TimeSlicingLatencyModel#CALIBRATION_ERROR} must hold for these rows. */
    static String calibrationError(List<Row> timeSliced) {
        double[] e = p50ErrorSummary(timeSliced);
        String large = String.join(", ", timeSliced.stream().filter(r -> Math.abs(r.p50Error()) >= LARGE_ERROR)
                .map(r -> String.format(Locale.ROOT, "%s %+.0f %%", r.scenario(), 100 * r.p50Error())).toList());
        Row cpuBound = timeSliced.stream().filter(r -> r.baseline().gpuShare() < 1)
                .max((a, b) -> Double.compare(a.p50ErrorGpuBound(), b.p50ErrorGpuBound())).orElseThrow();
        return String.format(Locale.ROOT, "p50 on %d time-sliced H100 probe scenarios: median abs. error %.0f %%, max %.0f %%"
                        + " (%s: tenants in lock-step); assuming GPU-bound requests it over-predicts CPU-launch-bound"
                        + " inference (%s) by %.0f %%",
                timeSliced.size(), 100 * e[0], 100 * e[1], large, cpuBound.scenario(), 100 * cpuBound.p50ErrorGpuBound());
    }

    /** The calibration as a Markdown report (the tables of docs/latency-model.md). */
    static String markdown(double fitted) {
        List<Row> ts = rows(TIME_SLICED, TimeSlicingLatencyModel.CONTEXT_COST);
        List<Row> mps = rows(MPS, TimeSlicingLatencyModel.CONTEXT_COST);
        StringBuilder md = new StringBuilder();
        md.append("## Baselines (single tenant)\n\n")
          .append("| run | gpu_util, run window | GPU-time share (latency sum / span) | p50 ms | p95 ms | GPU share of service time |\n")
          .append("|---|---|---|---|---|---|\n");
        for (String b : List.of("A1", "N1", "T1")) {
            Baseline x = baseline(b);
            // inference latencies include queueing and overlap, so their sum says nothing about GPU-time
            String share = b.startsWith("T") ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * x.outstandingShare());
            md.append(String.format(Locale.ROOT, "| %s | %.1f %% | %s | %.3f | %.3f | %.2f |%n", b, x.utilPct(),
                    share, x.p50Ms(), x.p95Ms(), x.gpuShare()));
        }
        md.append("\n## Scenarios\n\n")
          .append("| scenario | sharing | tenants | per-tenant util alone | summed alone | gpu_util measured | p50 ms per process | p95 ms per process "
                  + "| observed p50 factor (max / median) | predicted p50 | p50 error | predicted p50, GPU-bound | observed p95 factor | predicted p95 | p95 error |\n")
          .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Row> all = new ArrayList<>(ts);
        all.addAll(mps);
        for (Row r : all) {
            boolean modelled = r.sharing().equals("time-slicing");
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f %% | %.1f %% | %.1f %% | %s | %s | %.3f / %.3f | %.3f | %s | %.3f | %.3f | %.2f | %s |%n",
                    r.scenario(), r.sharing(), r.tenants(), r.baseline().utilPct(), r.summedAloneUtilPct(), r.aggregateUtilPct(),
                    fmt(r.p50Ms()), fmt(r.p95Ms()), r.observedP50(), r.observedP50Median(), r.predicted().p50Factor(),
                    modelled ? pct(r.p50Error()) : "(not modelled)", r.predictedGpuBound().p50Factor(),
                    r.observedP95(), r.predicted().p95Factor(), modelled ? pct(r.p95Error()) : "(not modelled)"));
        }
        md.append("\n## What the default model prints (busy-hour GPU-time per tenant, GPU-bound requests)\n\n")
          .append("| tenants x busy-hour GPU-time | summed | p50 factor | p95 factor |\n|---|---|---|---|\n");
        TimeSlicingLatencyModel model = new TimeSlicingLatencyModel();
        for (double[] ex : new double[][] {{2, 5}, {2, 10}, {4, 10}, {7, 8}, {2, 25}, {3, 30}, {4, 25}, {2, 50}, {4, 40}}) {
            double[] pct = new double[(int) ex[0]];
            Arrays.fill(pct, ex[1]);
            LatencyEstimate est = model.at(pct);
            md.append(String.format(Locale.ROOT, "| %d x %.0f %% | %.0f %% | %.2f | %.2f |%n", (int) ex[0], ex[1], ex[0] * ex[1],
                    est.p50Factor(), est.p95Factor()));
        }
        double[] e = p50ErrorSummary(ts);
        md.append(String.format(Locale.ROOT, "%nContext cost c = %.2f (fitted: %.2f; A7 alone implies %.3f, N4 alone %.3f). "
                        + "p50 error over %d time-sliced scenarios: median %.1f %%, max %.1f %%.%n%n%s%n",
                TimeSlicingLatencyModel.CONTEXT_COST, fitted, contextCostFor("A7"), contextCostFor("N4"), ts.size(),
                100 * e[0], 100 * e[1], calibrationError(ts)));
        return md.toString();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String pct(double relative) {
        return String.format(Locale.ROOT, "%+.1f %%", 100 * relative);
    }

    private static String fmt(double[] ms) {
        return String.join(", ", Arrays.stream(ms).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }
}
