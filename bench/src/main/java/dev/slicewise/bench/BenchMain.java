package dev.slicewise.bench;

import dev.slicewise.bench.economy.CloudWatchEconomy;
import dev.slicewise.bench.fleet.ScaleFleet;
import dev.slicewise.bench.fleet.WorkloadMix;
import dev.slicewise.bench.packing.PackingBench;
import dev.slicewise.bench.report.Machine;
import dev.slicewise.bench.report.Report;
import dev.slicewise.bench.speed.AnalysisBench;
import dev.slicewise.bench.startup.StartupBench;
import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./slicewise-bench}: runs the four benchmarks in one process and writes BENCHMARKS.md.
 *
 * <p>Order: the CloudWatch economy (moto, in a thread of its own: its numbers are counts, not times) runs while the
 * packing-quality cases run (CP-SAT on one thread with a deterministic budget, so its results do not depend on load);
 * then, with nothing else running, the analysis speed (one JVM per size) and the Lambda start-up (alternating JVMs).
 *
 * <p>Options: {@code --repo DIR} (default: the current directory, or its parent when run from {@code bench/}),
 * {@code --out FILE} (default {@code <repo>/BENCHMARKS.md}), {@code --only packing,speed,economy,startup} (a partial
 * run prints its tables and writes nothing unless {@code --out} is given).
 */
public final class BenchMain {
    static final List<Integer> PACKING_SIZES = List.of(10, 20, 50, 100, 200, 500, 1000, 2000, 5000);
    static final List<String> TS_TYPES = List.of("p5.48xlarge", "g6.xlarge");
    static final List<String> MIG_TYPES = List.of("p5.48xlarge", "p4de.24xlarge");
    static final List<Integer> SPEED_NODES = List.of(50, 500, 5000);
    static final List<Integer> ECONOMY_GPUS = List.of(60, 600, 6000);
    static final int STARTUP_RUNS = 7;

    public static void main(String[] args) throws Exception {
        Path repo = null, out = null;
        Set<String> only = Set.of("packing", "speed", "economy", "startup");
        boolean partial = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repo" -> repo = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> {
                    only = Set.copyOf(Arrays.asList(args[++i].split(",")));
                    partial = true;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (options: --repo DIR, --out FILE, --only packing,speed,economy,startup)");
            }
        }
        if (repo == null) {
            Path cwd = Path.of("").toAbsolutePath();
            repo = Files.isDirectory(cwd.resolve("functions")) ? cwd : cwd.getParent();
        }
        repo = repo.toAbsolutePath().normalize();
        if (out == null && !partial) out = repo.resolve("BENCHMARKS.md");

        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Report report = new Report(Machine.describe(repo), started);
        ExecutorService background = Executors.newSingleThreadExecutor(r -> new Thread(r, "economy"));
        Future<List<CloudWatchEconomy.Row>> economy = null;
        if (only.contains("economy")) {
            MotoServer.shared(); // fails now, with the install instruction, rather than after the packing cases
            economy = background.submit(() -> {
                List<CloudWatchEconomy.Row> rows = new ArrayList<>();
                for (int gpus : ECONOMY_GPUS) {
                    CloudWatchEconomy.Row r = CloudWatchEconomy.measure(MotoServer.shared(), gpus, WorkloadMix.WINDOW);
                    log("economy: %d GPUs: %d GetMetricData requests (minimum %d), %d metrics, %.1f s", gpus, r.requests(),
                            r.minimum(), r.queries(), r.seconds());
                    rows.add(r);
                }
                return rows;
            });
        }
        if (only.contains("packing")) {
            long p0 = System.nanoTime();
            report.packing(new PackingBench(BundledCatalog.get()).run(TS_TYPES, MIG_TYPES, PACKING_SIZES, s -> log("packing: %s", s)),
                    (System.nanoTime() - p0) / 1e9);
        }
        if (economy != null) {
            report.economy(economy.get());
            MotoServer.shared().reset();
        }
        background.shutdown();
        if (only.contains("speed")) {
            AnalysisBench bench = new AnalysisBench();
            List<AnalysisBench.Row> rows = new ArrayList<>();
            for (int nodes : SPEED_NODES) {
                int warm = nodes <= 50 ? 5 : nodes <= 500 ? 3 : 1;
                int runs = nodes <= 50 ? 9 : nodes <= 500 ? 7 : 3;
                AnalysisBench.Row r = bench.measure(nodes, warm, runs);
                log("speed: %d nodes: median %.0f ms, peak live %.0f MiB above input, capped run %s", nodes, r.medianMs(),
                        r.maxPeakLive() / 1048576.0, r.cappedOk() ? "ok" : "FAILED");
                rows.add(r);
            }
            report.speed(rows, ScaleFleet.NODES_PER_POOL);
        }
        if (only.contains("startup")) {
            Path work = repo.resolve("bench/target/startup");
            Files.createDirectories(work);
            StartupBench.Result r = new StartupBench(repo, work).run(1, STARTUP_RUNS);
            log("startup: %d runs", r.runs().size());
            report.startup(r);
        }
        report.finished((System.nanoTime() - t0) / 1e9);
        System.out.println();
        System.out.println(report.text());
        if (out != null) {
            Files.writeString(out, report.markdown());
            log("wrote %s", out);
        }
        System.exit(0); // the shared moto server stops with the JVM
    }

    static synchronized void log(String format, Object... args) {
        System.out.println(String.format(java.util.Locale.ROOT, format, args));
    }
}
