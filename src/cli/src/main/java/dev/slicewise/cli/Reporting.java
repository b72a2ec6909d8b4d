package dev.slicewise.cli;

import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.Analyzer;
import dev.slicewise.engine.InputProblem;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.json.ReportJson;
import dev.slicewise.report.Page;
import dev.slicewise.report.ReportRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** What the analysing commands share: run the engine, print the report (table, JSON, HTML), pick the exit code. */
final class Reporting {
    private Reporting() {}

    /**
     * Analyses a snapshot as of its {@code collectedAt} (the same snapshot always gives the same report).
     *
     * @param readProblems what the snapshot reader rejected; reported ahead of the engine's own problems
     */
    static int analyzeAndPrint(SlicewiseCommand root, FleetSnapshot snapshot, List<InputProblem> readProblems,
                               AnalysisPolicy policy, OutputOptions output, PrintWriter out, PrintWriter err) throws IOException {
        root.info(err, summary(snapshot));
        Analyzer analyzer = root.analyzers.get();
        AnalysisReport report = analyzer.analyze(snapshot, policy, Clock.fixed(snapshot.collectedAt(), ZoneOffset.UTC));
        return print(root, withProblemsFirst(report, readProblems), snapshot, output, null, out, err);
    }

    /** The report with {@code first} ahead of its own problems. */
    static AnalysisReport withProblemsFirst(AnalysisReport report, List<InputProblem> first) {
        if (first.isEmpty()) return report;
        List<InputProblem> all = new ArrayList<>(first);
        all.addAll(report.problems());
        return new AnalysisReport(report.generatedAt(), report.window(), report.policy(), report.recommendations(), all);
    }

    /**
     * Prints the report and returns the exit code.
     *
     * @param collection how a live cluster was collected (notes, CloudWatch cost, prices), or null: after the table on
     *                   stdout, or on stderr when stdout holds JSON
     */
    static int print(SlicewiseCommand root, AnalysisReport report, FleetSnapshot snapshot, OutputOptions output, String collection,
                     PrintWriter out, PrintWriter err) throws IOException {
        boolean json = output.format == OutputOptions.Format.json;
        String text = json ? ReportJson.write(report) : TableReport.render(report) + (collection == null ? "" : "\n" + collection);
        if (json && collection != null) err.print(collection);
        if (output.html != null) {
            Files.writeString(output.html, ReportRenderer.render(report, snapshot, new Page.LocalReport()), StandardCharsets.UTF_8);
            root.info(err, "wrote the HTML report to " + output.html);
        }
        if (output.file != null) {
            Files.writeString(output.file, text, StandardCharsets.UTF_8);
            root.info(err, "wrote the report to " + output.file);
        } else {
            out.print(text);
            out.flush();
        }
        if (!report.problems().isEmpty()) {
            err.println("slicewise: " + report.problems().size() + " input problem" + (report.problems().size() == 1 ? "" : "s")
                    + " (listed in the report); the rest was analysed");
        }
        err.flush();
        return ExitCodes.of(report);
    }

    static String summary(FleetSnapshot s) {
        long nodes = s.clusters().stream().mapToLong(c -> c.nodes().size()).sum();
        long gpus = s.clusters().stream().flatMap(c -> c.nodes().stream()).mapToLong(n -> n.gpus().size()).sum();
        long pods = s.clusters().stream().mapToLong(c -> c.workloads().size()).sum();
        return "analysing " + s.clusters().size() + " cluster" + (s.clusters().size() == 1 ? "" : "s") + ", " + nodes + " GPU nodes, "
                + gpus + " GPUs, " + pods + " GPU pods over " + s.window().start() + " .. " + s.window().end();
    }
}
