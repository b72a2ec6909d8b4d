package dev.slicewise.aws.cloudwatch;

import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The three server-side aggregates of one metric stream on the window's grid: Average, Maximum, SampleCount per step.
 * Steps CloudWatch returned nothing for stay NaN (average/maximum) and 0 (count): gaps are kept, never filled.
 */
final class StatSeries {
    final double[] avg;
    final double[] max;
    final double[] count;

    StatSeries(int points) {
        avg = nan(points);
        max = nan(points);
        count = nan(points);
    }

    /**
     * Puts returned datapoints on the grid. CloudWatch labels each datapoint with the start of its period; a timestamp
     * off the grid or outside the window (CloudWatch rounds old start times down) is ignored rather than guessed.
     *
     * @return datapoints that did not fit the grid
     */
    static int place(double[] target, Window w, List<Instant> timestamps, List<Double> values) {
        long start = w.start().getEpochSecond(), step = w.step().toSeconds();
        int dropped = 0;
        for (int i = 0; i < timestamps.size() && i < values.size(); i++) {
            long offset = timestamps.get(i).getEpochSecond() - start;
            if (offset < 0 || offset % step != 0 || offset / step >= target.length) {
                dropped++;
                continue;
            }
            Double v = values.get(i);
            target[(int) (offset / step)] = v == null ? Double.NaN : v;
        }
        return dropped;
    }

    /**
     * One series from one or more streams of the same GPU (or pod) and signal, scaled to the engine's unit.
     *
     * <p>Several streams happen when dcgm-exporter's pod labels are dimensions and no GPU-level set is declared: each
     * pod that held the GPU has its own stream. Per step the average is weighted by sample counts, the maximum is the
     * largest, and the count is the largest single stream's count — conservative, because time-sliced pods may report
     * the same GPU samples in parallel (INFERENCE), which summing would count twice.
     */
    static UsageSeries combine(Window w, List<StatSeries> streams, double scale) {
        int n = w.points();
        double[] avg = nan(n), max = nan(n);
        long[] samples = new long[n];
        for (int i = 0; i < n; i++) {
            double weighted = 0, weight = 0, mx = Double.NaN;
            long cnt = 0;
            for (StatSeries s : streams) {
                if (Double.isNaN(s.avg[i])) continue;
                double c = Double.isNaN(s.count[i]) ? 0 : s.count[i];
                // a stream with an average but no count (SampleCount query failed) still counts as one observation
                double wgt = c > 0 ? c : 1;
                weighted += s.avg[i] * wgt;
                weight += wgt;
                double m = Double.isNaN(s.max[i]) ? s.avg[i] : s.max[i];
                mx = Double.isNaN(mx) ? m : Math.max(mx, m);
                cnt = Math.max(cnt, Math.max(1, Math.round(c)));
            }
            if (weight > 0) {
                avg[i] = weighted / weight * scale;
                max[i] = mx * scale;
                samples[i] = cnt;
            }
        }
        return new UsageSeries(w.start(), w.step(), avg, max, samples);
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
