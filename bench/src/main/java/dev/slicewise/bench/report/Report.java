package dev.slicewise.bench.report;

import dev.slicewise.bench.economy.CloudWatchEconomy;
import dev.slicewise.bench.packing.PackingBench;
import dev.slicewise.bench.packing.PackingBench.MigRow;
import dev.slicewise.bench.packing.PackingBench.TsRow;
import dev.slicewise.bench.speed.AnalysisBench;
import dev.slicewise.bench.startup.StartupBench;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** BENCHMARKS.md: the machine, the date, a summary against the targets, and one section per benchmark. */
public final class Report {
    private final Machine machine;
    private final Instant started;
    private double seconds;
    private final List<String[]> summary = new ArrayList<>(); // target, result, verdict
    private final List<Section> sections = new ArrayList<>();

    /** Prose and tables of one benchmark, in order. */
    private record Section(String title, List<Object> parts) {}

    public Report(Machine machine, Instant started) {
        this.machine = machine;
        this.started = started;
    }

    public void finished(double seconds) {
        this.seconds = seconds;
    }

    // ------------------------------------------------------------------------------------------------ packing

    public void packing(PackingBench.Result r, double secs) {
        List<Object> parts = new ArrayList<>();
        parts.add("Generated pools (`WorkloadMix`, seed " + PackingBench.SEED + " + workloads): by owner 60 % inference "
                + "Deployments (1–4 replicas), 25 % notebooks, 15 % training (by pod ≈ 74 / 16 / 10 %), every hour a piece of the real H100 probe telemetry scaled to the workload; each workload passes the "
                + "detection rule alone (only those are re-packed). The engine's packers (`TimeSlicingPacker`, `MigBinPacker`, "
                + "`NodePacker`) with the default policy (70 % p95 target, 10 % memory headroom, 8 replicas). Optimum: OR-Tools "
                + "CP-SAT on the exact rule (time-slicing up to " + PackingBench.TS_REFEREE_MAX + " workloads, MIG at every size); "
                + "a range means the solver's budget ran out between a proven bound and the best packing found. "
                + String.format(Locale.ROOT, "Section time: %.0f s.", secs));
        for (String type : r.timeSlicing().stream().map(TsRow::instanceType).distinct().toList()) {
            Table t = new Table("workloads", "today: GPUs / nodes", "lower bound: compute / memory / pods", "optimum (CP-SAT)",
                    "engine GPUs", "engine − optimum", "engine nodes (bound)", "rule of thumb: GPUs (replicas) · OOM · over target",
                    "first fit", "packer ms");
            for (TsRow x : r.timeSlicing().stream().filter(x -> x.instanceType().equals(type)).toList()) {
                t.row(x.workloads(), x.workloads() + " / " + x.todayNodes(),
                        x.bounds().compute() + " / " + x.bounds().memory() + " / " + x.bounds().pods(),
                        optimum(x), x.engineGpus(), gap(x), x.engineNodes() + " (" + x.nodeBound() + ")",
                        x.ruleOfThumb().gpus() + " (" + x.ruleOfThumb().replicas() + ") · " + x.ruleOfThumb().oom() + " · "
                                + x.ruleOfThumb().overTarget(),
                        x.firstFit(), fmt0(x.engineMs()));
            }
            parts.add("### Time-slicing on " + type);
            parts.add(t);
        }
        for (String type : r.mig().stream().map(MigRow::instanceType).distinct().toList()) {
            Table t = new Table("workloads", "today: GPUs / nodes", "lower bound: compute / memory slices", "optimum (CP-SAT)",
                    "engine GPUs (of which whole)", "engine − optimum", "strategy", "engine nodes (bound)", "first fit",
                    "uniform layout", "packer ms");
            String model = "";
            for (MigRow x : r.mig().stream().filter(x -> x.instanceType().equals(type)).toList()) {
                model = x.gpuModel();
                t.row(x.workloads(), x.workloads() + " / " + x.todayNodes(), x.referee().compute() + " / " + x.referee().memory(),
                        x.referee().proven() ? Integer.toString(x.referee().gpus()) : x.referee().bound() + "–" + x.referee().gpus(),
                        x.engineGpus() + " (" + x.engineUnfit() + ")", migGap(x), x.strategy(),
                        x.engineNodes() + " (" + x.nodeBound() + ")", x.firstFit(),
                        x.uniform().gpus() + " (all-" + x.uniform().profile() + ")", fmt0(x.engineMs()));
            }
            parts.add("### MIG on " + type + " (" + model + ")");
            parts.add(t);
        }
        parts.add("Columns: *lower bound* — compute: the p95 rule's peak-hours bound (each GPU may exceed the target in at most "
                + "16 of 336 hours), memory: bin-packing bound on peak memory, pods: workloads / 8; for MIG the smallest fitting "
                + "profile's compute and memory slices. *engine nodes (bound)*: nodes after packing vs. the most of the GPU bound / "
                + "GPUs per node and the pods' CPU and memory requests / usable node share. *rule of thumb*: the seeds' "
                + "replicas = ⌊100 / mean p95⌋, no memory check; OOM = GPUs whose tenants' peak memory exceeds the physical GPU, "
                + "over target = GPUs whose summed p95 exceeds 70 %. *first fit*: the engine's rule, workloads in arrival order. "
                + "*uniform layout*: one profile for every GPU (the smallest holding every packable workload). *whole*: workloads "
                + "no MIG slice holds keep a whole GPU. *packer ms*: one run, measured while the economy benchmark ran beside it.");
        sections.add(new Section("1. Packing quality", parts));

        for (String kind : List.of("time-slicing", "MIG")) {
            List<int[]> small = new ArrayList<>(); // {workloads, engine, bound, best}
            List<int[]> big = new ArrayList<>();
            if (kind.equals("time-slicing")) {
                for (TsRow x : r.timeSlicing()) {
                    int best = x.referee() == null ? x.engineGpus() : x.referee().best();
                    (x.workloads() <= PackingBench.TS_REFEREE_MAX ? small : big).add(new int[] {x.workloads(), x.engineGpus(), x.gpuBound(), best});
                }
            } else {
                for (MigRow x : r.mig()) {
                    (x.workloads() <= PackingBench.TS_REFEREE_MAX ? small : big)
                            .add(new int[] {x.workloads(), x.engineGpus(), x.referee().bound(), x.referee().gpus()});
                }
            }
            long optimal = small.stream().filter(c -> c[1] == c[2]).count();
            long above = small.stream().filter(c -> c[1] > c[3]).count();
            long undecided = small.size() - optimal - above;
            String res = optimal + " of " + small.size() + " cases proven optimal"
                    + (above > 0 ? ", " + above + " above the optimum (" + small.stream().filter(c -> c[1] > c[3])
                    .map(c -> c[0] + " workloads: +" + (c[1] - c[3])).collect(Collectors.joining(", ")) + ")" : "")
                    + (undecided > 0 ? ", " + undecided + " undecided (engine within the solver's range)" : "");
            summary.add(new String[] {"packing, " + kind + ", ≤ 200 workloads", "equal to the optimum in every case", res,
                    above > 0 ? "missed" : undecided > 0 ? "not proven" : "met"});
            List<int[]> at5000 = big.stream().filter(c -> c[0] == 5000).toList();
            if (!at5000.isEmpty()) {
                double worst = at5000.stream().mapToDouble(c -> 100.0 * (c[1] - c[2]) / c[2]).max().orElse(0);
                summary.add(new String[] {"packing, " + kind + ", 5,000 workloads", "within 1 % of the lower bound",
                        at5000.stream().map(c -> String.format(Locale.ROOT, "+%.1f %% (%d vs %d)", 100.0 * (c[1] - c[2]) / c[2], c[1], c[2]))
                                .collect(Collectors.joining(", ")), worst <= 1.0 ? "met" : "missed"});
            }
        }
    }

    private static String optimum(TsRow x) {
        var v = x.referee();
        if (v == null) return "—";
        if (v.proven()) return v.best() + (v.how().equals("bound") ? " (= bound)" : "");
        return v.bound() + "–" + v.best() + " (budget out)";
    }

    private static String gap(TsRow x) {
        if (x.referee() != null) {
            var v = x.referee();
            if (v.proven()) return x.engineGpus() == v.best() ? "0" : "+" + (x.engineGpus() - v.best());
            int lo = x.engineGpus() - v.best(), hi = x.engineGpus() - v.bound();
            return (lo == 0 ? "0" : "+" + lo) + " to +" + hi;
        }
        int b = x.gpuBound();
        return x.engineGpus() == b ? "0 (= bound)" : String.format(Locale.ROOT, "≤ +%d (+%.1f %% vs bound)", x.engineGpus() - b,
                100.0 * (x.engineGpus() - b) / b);
    }

    private static String migGap(MigRow x) {
        var v = x.referee();
        if (v.proven()) return x.engineGpus() == v.gpus() ? "0" : String.format(Locale.ROOT, "+%d (+%.1f %%)", x.engineGpus() - v.gpus(),
                100.0 * (x.engineGpus() - v.gpus()) / v.gpus());
        return "+" + (x.engineGpus() - v.gpus()) + " to +" + (x.engineGpus() - v.bound());
    }

    // ------------------------------------------------------------------------------------------------ speed

    public void speed(List<AnalysisBench.Row> rows, int nodesPerPool) {
        List<Object> parts = new ArrayList<>();
        parts.add("`DefaultAnalyzer.bundled().analyze(snapshot)` in-process on a `ScaleFleet` snapshot: p5.48xlarge nodes (8 × H100), "
                + "14 days of hourly average/maximum/sample-count series for utilization and memory per GPU, NodePools of "
                + nodesPerPool + " nodes (80 % of the nodes hold one underused workload per GPU drawn from the packing mix, 20 % run a "
                + "busy 8-GPU training job), clusters of 500 nodes. One fresh "
                + "JVM per size (Serial GC, 64 MB young generation); timings are wall-clock medians after warm-up runs. *Peak live*: "
                + "heap in use after the fullest garbage collection during a run, minus the input (an upper bound: garbage promoted "
                + "to the old generation counts until a full collection). *Heap cap*: a second JVM with the heap limited to the "
                + "input + 256 MiB ran the analysis twice.");
        Table t = new Table("GPU nodes", "GPUs", "median (min–max, runs)", "per GPU", "allocated per run", "peak live above input",
                "input (snapshot + bundled data)", "heap cap input + 256 MiB", "GPUs before → after");
        for (AnalysisBench.Row r : rows) {
            double min = r.runMs().stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double max = r.runMs().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            t.row(r.nodes(), r.gpus(), fmtMs(r.medianMs()) + " (" + fmtMs(min) + "–" + fmtMs(max) + ", " + r.runMs().size() + ")",
                    String.format(Locale.ROOT, "%.1f µs", r.medianMs() * 1000 / r.gpus()), mib(r.medianAlloc()),
                    r.peakUnsampled() ? "< 64 MiB (no collection during a run)" : mib(r.maxPeakLive()), mib(r.inputBytes()),
                    (r.cappedOk() ? "completed" : "FAILED: " + r.cappedNote()) + " (-Xmx" + (r.capBytes() >> 20) + "m)",
                    r.gpusBefore() + " → " + r.gpusAfter());
        }
        parts.add(t);
        List<String> growth = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            AnalysisBench.Row a = rows.get(i - 1), b = rows.get(i);
            double work = (double) b.gpus() / a.gpus();
            String peak = a.peakUnsampled() || b.peakUnsampled() ? ""
                    : String.format(Locale.ROOT, ", peak live ×%.1f", (double) b.maxPeakLive() / Math.max(1, a.maxPeakLive()));
            growth.add(String.format(Locale.ROOT, "%d → %d nodes (%.0f× the work): time ×%.1f, allocation ×%.1f%s",
                    a.nodes(), b.nodes(), work, b.medianMs() / a.medianMs(), b.medianAlloc() / a.medianAlloc(), peak));
        }
        parts.add("Growth (linear = ×10 per 10× work): " + String.join("; ", growth) + ".");
        sections.add(new Section("2. Analysis speed and memory", parts));
        AnalysisBench.Row last = rows.get(rows.size() - 1);
        summary.add(new String[] {"analysis time, " + last.nodes() + " nodes", "under 1 s", fmtMs(last.medianMs()) + " (median)",
                last.medianMs() < 1000 ? "met" : "missed"});
        summary.add(new String[] {"analysis heap, " + last.nodes() + " nodes", "under 256 MB above the input",
                mib(last.maxPeakLive()) + " peak live; capped run " + (last.cappedOk() ? "completed" : "failed"),
                last.cappedOk() && last.maxPeakLive() < AnalysisBench.TARGET_HEAP_ABOVE_INPUT ? "met" : "missed"});
        if (rows.size() > 1) {
            AnalysisBench.Row a = rows.get(rows.size() - 2);
            double g = last.medianMs() / a.medianMs() / ((double) last.gpus() / a.gpus());
            summary.add(new String[] {"analysis time growth", "linear", String.format(Locale.ROOT, "×%.1f per 10× work (last step)",
                    10 * g), g <= 1.5 ? "met" : "missed"});
        }
    }

    // ------------------------------------------------------------------------------------------------ economy

    public void economy(List<CloudWatchEconomy.Row> rows) {
        List<Object> parts = new ArrayList<>();
        parts.add("The real collector (`CloudWatchGpuTelemetry`, schema detected) against the moto server, a cluster of p5.48xlarge "
                + "nodes publishing Container Insights' per-GPU `node_gpu_utilization` and `node_gpu_memory_used`; GetMetricData "
                + "requests counted on the SDK client. Window 14 days, period 1 h. The minimum is computed independently: "
                + "6 metrics per GPU (average, maximum, sample count × 2 signals), max(⌈q / 500⌉, ⌈q × 336 / 100,800⌉). Each stream "
                + "holds one datapoint (before the window): the counts do not depend on data volume, and moto's GetMetricData "
                + "scans every datapoint per query and hour. Cost at $0.01 per 1,000 metrics requested; GetMetricData is not in "
                + "the free tier; ListMetrics is (1,000,000 requests a month).");
        Table t = new Table("GPUs", "metrics requested", "datapoints", "GetMetricData requests (counted)", "minimum", "ratio",
                "HTTP attempts", "ListMetrics calls", "GPUs read", "cost per run", "per month, daily run");
        boolean allOne = true;
        for (CloudWatchEconomy.Row r : rows) {
            allOne &= r.requests() == r.minimum() && r.gpusRead() == r.gpus();
            t.row(r.gpus(), String.format(Locale.ROOT, "%,d", r.queries()), String.format(Locale.ROOT, "%,d", r.datapoints()),
                    r.requests(), r.minimum(), String.format(Locale.ROOT, "%.2f", r.ratio()), r.transmissions(), r.listMetricsCalls(),
                    r.gpusRead(), usd(r.usd()), usd(r.usd() * 30));
        }
        parts.add(t);
        sections.add(new Section("3. CloudWatch economy", parts));
        summary.add(new String[] {"GetMetricData requests vs minimum", "ratio 1.00", rows.stream()
                .map(r -> String.format(Locale.ROOT, "%.2f", r.ratio())).collect(Collectors.joining(" / ")) + " (" + rows.stream()
                .map(r -> r.gpus() + "").collect(Collectors.joining(" / ")) + " GPUs)", allOne ? "met" : "missed"});
    }

    // ------------------------------------------------------------------------------------------------ startup

    public void startup(StartupBench.Result r) {
        List<Object> parts = new ArrayList<>();
        parts.add("Process start → first event answered, through the Lambda Runtime API (served by the harness) and the runtime "
                + "interface client 2.10.1 for both: the analysis handler (`functions/target/function.zip` unpacked as Lambda does, "
                + "`QUARKUS_LAMBDA_HANDLER=analyze`) and a plain `RequestHandler` alone on its class path, same event "
                + "(`events/analyze-cluster-requested.json`), same JVM flags (" + String.join(" ", StartupBench.JVM_FLAGS) + "), alternating. "
                + "The function is configured for another cluster, so it maps and answers the event (IGNORED) without network: "
                + "start-up, not API latency. JDK of this run: " + r.javaVersion() + " (Lambda's runtime is java21).");
        Table t = new Table("handler", "runs", "median: start → response", "median: start → first poll (init)", "min–max");
        double[] medians = new double[2];
        int i = 0;
        for (String s : List.of("analyze", "plain")) {
            var runs = r.of(s);
            double[] total = runs.stream().mapToDouble(StartupBench.Run::totalMs).toArray();
            double[] init = runs.stream().mapToDouble(StartupBench.Run::initMs).toArray();
            medians[i++] = AnalysisBench.median(total);
            t.row(s, runs.size() + (runs.size() < r.runs().stream().filter(x -> x.subject().equals(s)).count() ? " (some failed)" : ""),
                    fmtMs(AnalysisBench.median(total)), fmtMs(AnalysisBench.median(init)),
                    fmtMs(java.util.Arrays.stream(total).min().orElse(Double.NaN)) + "–" + fmtMs(java.util.Arrays.stream(total).max().orElse(Double.NaN)));
        }
        parts.add(t);
        double ratio = medians[0] / medians[1];
        parts.add(String.format(Locale.ROOT, "Ratio analyze / plain (medians): **%.2f** (target ≤ 2.0).", ratio));
        for (StartupBench.Classes c : r.classes()) {
            parts.add(String.format(Locale.ROOT, "Classes loaded by one %s start: %,d (%,d from the JDK's CDS archive); largest groups outside the JDK: %s.",
                    c.subject(), c.total(), c.fromCdsArchive(), c.groups().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
        }
        parts.add("With SnapStart (on in template.yaml: `SnapStart: ApplyOn: PublishedVersions`, published versions only) Lambda "
                + "runs this initialisation once when a version is published and snapshots the initialised execution environment; a "
                + "cold start then restores the snapshot instead of starting the JVM and Quarkus, so the *init* column above mostly "
                + "disappears from a cold start, replaced by the restore (no extra charge for Java). What is left is the first "
                + "invocation's own work (class loading and JIT that priming hooks can move before the snapshot). Source: AWS Lambda "
                + "developer guide, \"Improving startup performance with Lambda SnapStart\" (docs.aws.amazon.com/lambda/latest/dg/snapstart.html), "
                + "shared reference aws.md §6.1. Not measured here: there is no SnapStart outside Lambda.");
        sections.add(new Section("4. Lambda start-up", parts));
        summary.add(new String[] {"Lambda start-up, analyze vs plain handler", "ratio ≤ 2.0", String.format(Locale.ROOT, "%.2f (%s vs %s)",
                ratio, fmtMs(medians[0]), fmtMs(medians[1])), ratio <= 2.0 ? "met" : "missed"});
    }

    // ------------------------------------------------------------------------------------------------ output

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Slicewise benchmarks\n\n");
        sb.append("Written by `./slicewise-bench` on ").append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(started.atOffset(ZoneOffset.UTC)))
                .append(String.format(Locale.ROOT, " in %d min %02d s", (int) seconds / 60, (int) seconds % 60))
                .append(" (commit ").append(machine.commit()).append(").\n\n");
        sb.append("Machine: ").append(machine.cpu()).append(", ").append(machine.cores()).append(" cores, ").append(machine.ram())
                .append(" RAM, ").append(machine.os()).append("; JDK ").append(machine.jdk()).append("; moto ").append(machine.moto()).append(".\n\n");
        sb.append("How to run it and what each number means: [docs/benchmarks.md](docs/benchmarks.md). Counts and GPU numbers are exact "
                + "and reproducible (seeded; the solver's budget is deterministic); times are medians of runs made side by side in this "
                + "one run on a shared machine, and are compared as ratios, never as pass/fail absolutes in tests.\n\n");
        if (!summary.isEmpty()) {
            sb.append("## Summary\n\n");
            Table t = new Table("benchmark", "target", "result", "verdict");
            summary.forEach(s -> t.row((Object[]) s));
            sb.append(t.markdown()).append('\n');
        }
        for (Section s : ordered()) {
            sb.append("## ").append(s.title()).append("\n\n");
            for (Object p : s.parts()) {
                if (p instanceof Table t) sb.append(t.markdown()).append('\n');
                else if (p.toString().startsWith("### ")) sb.append(p).append("\n\n");
                else sb.append(p).append("\n\n");
            }
        }
        return sb.toString();
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        if (!summary.isEmpty()) {
            Table t = new Table("benchmark", "target", "result", "verdict");
            summary.forEach(s -> t.row((Object[]) s));
            sb.append("SUMMARY\n").append(t.text()).append('\n');
        }
        for (Section s : ordered()) {
            sb.append(s.title().toUpperCase(Locale.ROOT)).append('\n');
            for (Object p : s.parts()) {
                if (p instanceof Table t) sb.append(t.text()).append('\n');
                else if (p.toString().startsWith("### ")) sb.append(p.toString().substring(4)).append('\n');
            }
        }
        return sb.toString();
    }

    /** Sections in their numbered order, whatever order the benchmarks finished in. */
    private List<Section> ordered() {
        return sections.stream().sorted(java.util.Comparator.comparing(Section::title)).toList();
    }

    private static String fmt0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String fmtMs(double ms) {
        if (Double.isNaN(ms)) return "—";
        return ms >= 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000)
                : ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    private static String mib(double bytes) {
        return bytes >= 10 * 1024.0 * 1024 * 1024 ? String.format(Locale.ROOT, "%.1f GiB", bytes / 1024 / 1024 / 1024)
                : String.format(Locale.ROOT, "%.0f MiB", bytes / 1024 / 1024);
    }

    private static String usd(double v) {
        return v < 0.01 ? String.format(Locale.ROOT, "$%.4f", v) : String.format(Locale.ROOT, "$%.2f", v);
    }
}
