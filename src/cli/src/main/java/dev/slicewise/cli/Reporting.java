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
import java.util.function.Supplier;

/** The part both commands share: run the engine as of the snapshot's time, print the report, pick the exit code. */
final class Reporting {
    private Reporting() {}

    /**
     * @param readProblems what the snapshot reader rejected; reported ahead of the engine's own problems
     */
    static int analyzeAndPrint(Supplier<Analyzer> analyzers, FleetSnapshot snapshot, List<InputProblem> readProblems,
                               AnalysisPolicy policy, OutputOptions output, PrintWriter out, PrintWriter err) throws IOException {
        err.println("slicewise: " + summary(snapshot));
        Analyzer analyzer = analyzers.get();
        // "now" is when the snapshot was taken: the same snapshot always gives the same report
        AnalysisReport report = analyzer.analyze(snapshot, policy, Clock.fixed(snapshot.collectedAt(), ZoneOffset.UTC));
        if (!readProblems.isEmpty()) {
            List<InputProblem> all = new ArrayList<>(readProblems);
            all.addAll(report.problems());
            report = new AnalysisReport(report.generatedAt(), report.window(), report.policy(), report.recommendations(), all);
        }
        String text = output.format == OutputOptions.Format.json ? ReportJson.write(report) : TableReport.render(report);
        if (output.html != null) {
            Files.writeString(output.html, ReportRenderer.render(report, snapshot, new Page.LocalReport()), StandardCharsets.UTF_8);
            err.println("slicewise: wrote the HTML report to " + output.html);
        }
        if (output.file != null) {
            Files.writeString(output.file, text, StandardCharsets.UTF_8);
            err.println("slicewise: wrote the report to " + output.file);
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

    private static String summary(FleetSnapshot s) {
        long nodes = s.clusters().stream().mapToLong(c -> c.nodes().size()).sum();
        long gpus = s.clusters().stream().flatMap(c -> c.nodes().stream()).mapToLong(n -> n.gpus().size()).sum();
        long pods = s.clusters().stream().mapToLong(c -> c.workloads().size()).sum();
        return "analysing " + s.clusters().size() + " cluster" + (s.clusters().size() == 1 ? "" : "s") + ", " + nodes + " GPU nodes, "
                + gpus + " GPUs, " + pods + " GPU pods over " + s.window().start() + " .. " + s.window().end();
    }
}
