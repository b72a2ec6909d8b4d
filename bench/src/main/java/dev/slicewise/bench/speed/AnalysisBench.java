package dev.slicewise.bench.speed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Analysis speed and memory at scale: one fresh JVM per fleet size runs {@link AnalysisProbe} (same flags for all:
 * Serial GC, as the JVM picks on a Lambda function's ~1 vCPU, and a 64 MB young generation so collections — and with
 * them the heap samples — come every few tens of MB allocated), then a second JVM proves the memory target by running
 * the same analysis with the heap capped at the input's size + 256 MiB.
 */
public final class AnalysisBench {
    public static final long TARGET_HEAP_ABOVE_INPUT = 256L << 20;
    static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xmn64m");

    /**
     * One fleet size.
     *
     * @param runMs           wall time of each measured analysis
     * @param allocBytes      bytes the analysing thread allocated, per run
     * @param peakLiveBytes   heap in use after the fullest collection during each run, minus the input
     * @param collections     garbage collections during each run
     * @param inputBytes      heap the snapshot (and the engine's bundled data) retain before any analysis
     * @param cappedOk        the analysis completed twice with the heap capped at input + 256 MiB
     */
    public record Row(int nodes, long gpus, double buildMs, long inputBytes, List<Double> runMs, List<Long> allocBytes,
                      List<Long> peakLiveBytes, List<Integer> collections, int recommendations, int gpusBefore, int gpusAfter,
                      long capBytes, boolean cappedOk, String cappedNote) {
        /** True when no run saw a garbage collection: the peak is then only known to be below the young generation. */
        public boolean peakUnsampled() {
            return collections.stream().allMatch(c -> c == 0);
        }

        public double medianMs() {
            return median(runMs.stream().mapToDouble(Double::doubleValue).toArray());
        }

        public double medianAlloc() {
            return median(allocBytes.stream().mapToDouble(Long::doubleValue).toArray());
        }

        public long maxPeakLive() {
            return peakLiveBytes.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    public static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private final String java;
    private final String classPath;

    public AnalysisBench() {
        this.java = ProcessHandle.current().info().command().orElse("java");
        this.classPath = System.getProperty("java.class.path");
    }

    public Row measure(int nodes, int warmups, int runs) throws IOException, InterruptedException {
        Map<String, String> m = probe(List.of("-Xmx8g"), nodes, warmups, runs, "measure");
        if (!"measure".equals(m.get("completed"))) throw new IllegalStateException("analysis probe failed for " + nodes + " nodes: " + m);
        long input = Long.parseLong(m.get("input_bytes"));
        long cap = roundUpMiB(input + TARGET_HEAP_ABOVE_INPUT);
        Map<String, String> capped = probe(List.of("-Xmx" + (cap >> 20) + "m"), nodes, 0, 2, "limit");
        boolean ok = "limit".equals(capped.get("completed"));
        return new Row(nodes, Long.parseLong(m.get("gpus")), Double.parseDouble(m.get("build_ms")), input,
                Arrays.stream(m.get("run_ms").split(",")).map(Double::parseDouble).toList(),
                Arrays.stream(m.get("alloc_bytes").split(",")).map(Long::parseLong).toList(),
                Arrays.stream(m.get("peak_live_above_input_bytes").split(",")).map(Long::parseLong).toList(),
                Arrays.stream(m.get("collections").split(",")).map(Integer::parseInt).toList(),
                Integer.parseInt(m.get("recommendations")), Integer.parseInt(m.get("gpus_before")), Integer.parseInt(m.get("gpus_after")),
                cap, ok, ok ? "" : capped.getOrDefault("error", "did not complete"));
    }

    private Map<String, String> probe(List<String> heap, int nodes, int warmups, int runs, String mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(FLAGS);
        cmd.addAll(heap);
        cmd.addAll(List.of("-cp", classPath, AnalysisProbe.class.getName(), Integer.toString(nodes), Integer.toString(warmups),
                Integer.toString(runs), mode));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, String> out = new LinkedHashMap<>();
        StringBuilder other = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).matches("[a-z_]+")) out.put(line.substring(0, eq), line.substring(eq + 1));
                else if (!line.startsWith("WARNING") && other.length() < 2000) other.append(line).append('\n');
            }
        }
        int code = p.waitFor();
        if (code != 0) out.put("error", "exit " + code + ": " + firstLine(other.toString()));
        return out;
    }

    private static String firstLine(String s) {
        for (String l : s.split("\n")) if (!l.isBlank()) return l.trim();
        return "";
    }

    private static long roundUpMiB(long bytes) {
        return ((bytes + (1 << 20) - 1) >> 20) << 20;
    }
}
