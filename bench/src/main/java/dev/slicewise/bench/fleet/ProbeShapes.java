package dev.slicewise.bench.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hour-sized pieces of the real H100 probe telemetry (the engine's bundled copies of {@code data/h100-sharing-probe}):
 * each piece is what the CloudWatch agent would make of one hour of a trace — 60 one-minute scrapes drawn from its
 * 100 ms {@code nvidia-smi} samples — as mean and maximum GPU utilization and framebuffer, <em>relative to the trace's
 * own mean utilization and peak framebuffer</em>. A workload's hour is then a piece scaled to its level and working set,
 * so its within-hour burstiness (max vs mean) is the probe's, not made up.
 */
public final class ProbeShapes {
    /** Pieces per trace: enough that two workloads rarely share a sequence, few enough to build in milliseconds. */
    static final int PIECES = 4096;
    /** The CloudWatch agent scrapes dcgm-exporter once a minute. */
    static final int SCRAPES_PER_HOUR = 60;

    /** One hour: utilization mean/max as multiples of the trace's mean; framebuffer mean/max as fractions of its peak. */
    public record Piece(double utilMean, double utilMax, double memMean, double memMax) {}

    /** A trace's pieces. */
    public record Shape(String trace, double traceMeanUtilPct, double tracePeakMiB, Piece[] pieces) {
        public Piece draw(SplittableRandom rng) {
            return pieces[rng.nextInt(pieces.length)];
        }
    }

    private ProbeShapes() {}

    /** Online inference: a batch-1 BERT-large-sized server at 60 requests/s alone on the H100 (probe T1, 8 % mean). */
    public static final Shape INFERENCE = load("inference/smi_T1.csv", 0x71L);
    /** A kernel duty cycle (launch, wait, sleep 15 ms) alone on the GPU (probe A1): interactive notebook work. */
    public static final Shape DUTY_CYCLE = load("kernel/smi_A1.csv", 0xA1L);
    /** Seven processes keeping the GPU busy (probe A7): a steady training step loop. */
    public static final Shape STEADY = load("kernel/smi_A7.csv", 0xA7L);

    static Shape load(String path, long seed) {
        String resource = "/dev/slicewise/demo/h100-probe/" + path;
        List<double[]> rows = new ArrayList<>();
        try (InputStream in = ProbeShapes.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("probe trace " + resource + " is not on the class path (engine jar)");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = r.readLine();
            if (header == null || !header.startsWith("timestamp,gpu_util_pct,mem_util_pct,fb_used_mib")) {
                throw new IllegalStateException(resource + ": unexpected header " + header);
            }
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                rows.add(new double[] {Double.parseDouble(f[1].trim()), Double.parseDouble(f[3].trim())});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the serving rows only (model loaded): the start-up and tear-down rows are the probe's, not the workload's
        double peak = rows.stream().mapToDouble(x -> x[1]).max().orElseThrow();
        double[][] serving = rows.stream().filter(x -> x[1] >= 0.9 * peak).toArray(double[][]::new);
        double mean = 0;
        for (double[] s : serving) mean += s[0];
        mean /= serving.length;
        SplittableRandom rng = new SplittableRandom(seed);
        Piece[] pieces = new Piece[PIECES];
        for (int p = 0; p < PIECES; p++) {
            double uSum = 0, uMax = 0, mSum = 0, mMax = 0;
            for (int k = 0; k < SCRAPES_PER_HOUR; k++) {
                double[] s = serving[rng.nextInt(serving.length)];
                uSum += s[0];
                uMax = Math.max(uMax, s[0]);
                mSum += s[1];
                mMax = Math.max(mMax, s[1]);
            }
            pieces[p] = new Piece(uSum / SCRAPES_PER_HOUR / mean, uMax / mean, mSum / SCRAPES_PER_HOUR / peak, mMax / peak);
        }
        return new Shape(path, mean, peak, pieces);
    }
}
