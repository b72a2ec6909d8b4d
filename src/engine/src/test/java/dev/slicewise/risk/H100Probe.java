package dev.slicewise.risk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Reads the H100 sharing probe ({@code data/h100-sharing-probe}, see its README): per scenario the nvidia-smi rows
 * ({@code smi_<S>.csv}) and one latency file per process ({@code lat_<S>_<k>.csv}).
 */
final class H100Probe {

    /** The tests run with working directory src/engine (surefire also sets {@code basedir} to it). */
    static final Path DIR = Path.of(System.getProperty("basedir", ".")).resolve("../../data/h100-sharing-probe").normalize();

    /** nvidia-smi samples every 100 ms; an idle gap of 5 rows (0.5 s) separates runs (see {@link Smi#runWindow}). */
    static final int IDLE_GAP_ROWS = 5;

    private H100Probe() {}

    /** One scenario: its nvidia-smi trace and its processes' latencies. */
    record Scenario(String name, Smi smi, List<Process> processes) {}

    /**
     * gpu_util_pct rows of one {@code smi_*.csv}.
     *
     * @param gpuUtilPct one value per 100 ms row
     */
    record Smi(Path file, double[] gpuUtilPct) {

        /**
         * [from, to) of the scenario's own run: the longest stretch of rows not interrupted by
         * {@link #IDLE_GAP_ROWS} or more consecutive zero rows, trimmed of zero rows at both ends. This drops the
         * leading idle rows (process start-up, model loading) and the few non-zero rows some files begin with,
         * which are the previous scenario's tail (A1 starts with 33 33 33, T2 with 5 5 5, T7 with 10 10 10, each
         * followed by seconds of zeros).
         */
        int[] runWindow() {
            int bestFrom = 0, bestTo = 0;
            int from = -1, zeros = 0;
            for (int i = 0; i <= gpuUtilPct.length; i++) {
                boolean end = i == gpuUtilPct.length;
                boolean idle = !end && gpuUtilPct[i] == 0;
                if (!end && !idle) {
                    if (from < 0) from = i;
                    zeros = 0;
                    continue;
                }
                if (!end) zeros++;
                if (from >= 0 && (end || zeros >= IDLE_GAP_ROWS)) {
                    int to = end ? i - zeros : i - zeros + 1;
                    while (to > from && gpuUtilPct[to - 1] == 0) to--;
                    if (to - from > bestTo - bestFrom) {
                        bestFrom = from;
                        bestTo = to;
                    }
                    from = -1;
                }
            }
            if (bestTo == bestFrom) throw new IllegalStateException(file + ": no non-zero gpu_util rows");
            return new int[] {bestFrom, bestTo};
        }

        /** Mean gpu_util over the run window, percent: what an hourly DCGM average of this run would show. */
        double runMeanPct() {
            int[] w = runWindow();
            return Arrays.stream(gpuUtilPct, w[0], w[1]).average().orElseThrow();
        }

        /** Mean over the whole file, percent (the README's "gpu_util mean" for all rows but M4, M7, T1). */
        double fileMeanPct() {
            return Arrays.stream(gpuUtilPct).average().orElseThrow();
        }
    }

    /**
     * Latencies of one process, in request order.
     *
     * @param startS    launch (kernel) or arrival (inference) time of each request, seconds from the process start
     * @param latencyMs launch to completion (kernel) or arrival to completion, queueing included (inference)
     */
    record Process(Path file, double[] startS, double[] latencyMs) {

        double p50() {
            return BusyHour.nearestRank(latencyMs, 0.50);
        }

        double p95() {
            return BusyHour.nearestRank(latencyMs, 0.95);
        }

        /** Percentile {@code p} of the requests that started before {@code seconds}. */
        double percentileBefore(double seconds, double p) {
            double[] kept = new double[startS.length];
            int n = 0;
            for (int i = 0; i < startS.length; i++) if (startS[i] < seconds) kept[n++] = latencyMs[i];
            return BusyHour.nearestRank(Arrays.copyOf(kept, n), p);
        }

        /** Requests per second over the process's run. */
        double requestsPerSecond() {
            return (startS.length - 1) / (startS[startS.length - 1] - startS[0]);
        }

        /**
         * Fraction of wall time this process had a request outstanding. For the kernel scenarios run alone this is
         * the process's GPU-time share (launch to completion is kernel time).
         */
        double outstandingShare() {
            double busyMs = Arrays.stream(latencyMs).sum();
            double spanMs = (startS[startS.length - 1] - startS[0]) * 1000 + latencyMs[latencyMs.length - 1];
            return busyMs / spanMs;
        }
    }

    /** Loads scenario {@code name} (A1, A2, A4, A7, N1, N4 under kernel/; T1, T2, T4, T7, M4, M7 under inference/). */
    static Scenario load(String name) {
        return LOADED.computeIfAbsent(name, H100Probe::read);
    }

    /** The files never change during a run; the calibration fit evaluates every scenario many times. */
    private static final Map<String, Scenario> LOADED = new ConcurrentHashMap<>();

    private static Scenario read(String name) {
        Path dir = DIR.resolve(name.startsWith("A") || name.startsWith("N") ? "kernel" : "inference");
        Smi smi = new Smi(dir.resolve("smi_" + name + ".csv"), column(dir.resolve("smi_" + name + ".csv"), 6, 1));
        List<Process> processes = new ArrayList<>();
        for (int k = 1; Files.exists(dir.resolve("lat_" + name + "_" + k + ".csv")); k++) {
            Path f = dir.resolve("lat_" + name + "_" + k + ".csv");
            processes.add(new Process(f, column(f, 2, 0), column(f, 2, 1)));
        }
        if (processes.isEmpty()) throw new IllegalStateException("no lat_" + name + "_*.csv in " + dir);
        return new Scenario(name, smi, List.copyOf(processes));
    }

    /** Column {@code col} of a CSV with a header line and {@code columns} numeric columns per row. */
    private static double[] column(Path file, int columns, int col) {
        try (Stream<String> lines = Files.lines(file)) {
            List<String> rows = lines.skip(1).filter(l -> !l.isBlank()).toList();
            double[] out = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                String[] cells = rows.get(i).split(",");
                if (cells.length != columns) {
                    throw new IllegalStateException(file + " line " + (i + 2) + ": expected " + columns + " columns, got "
                            + cells.length + ": " + rows.get(i));
                }
                try {
                    out[i] = Double.parseDouble(cells[col].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(file + " line " + (i + 2) + ": not a number: " + cells[col], e);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read probe file " + file, e);
        }
    }
}
