package dev.slicewise.cli;

import dev.slicewise.engine.Analyzer;
import dev.slicewise.progress.Progress;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level command; holds what the sub-commands need from outside (engine, clock, appliers) and --quiet. */
@Command(name = "slicewise", mixinStandardHelpOptions = true, version = "slicewise 0.1.0",
        usageHelpAutoWidth = true,
        description = {
                "Finds underused NVIDIA GPU nodes on Amazon EKS and recommends time-slicing (replicas per GPU) or a MIG "
                        + "layout, with the nodes it frees, the monthly savings and the risks; writes the plan, applies it "
                        + "safely and rolls it back.",
                "Progress and messages go to stderr; stdout holds only the report."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./slicewise demo                            # the demo fleet, as a table",
                "  ./slicewise demo -o json > report.json      # the recommendation JSON",
                "  ./slicewise demo --html report.html         # also the HTML report",
                "  ./slicewise demo --save-snapshot fleet.json # keep the demo as a snapshot",
                "  ./slicewise analyze --snapshot fleet.json --lookback 7d --target-util 60",
                "  ./slicewise analyze --cluster prod --region eu-west-1 --html prod.html",
                "  ./slicewise analyze --cluster prod --region eu-west-1 --plan-dir plans/",
                "  ./slicewise apply --plan plans/<id>.json --dry-run",
                "  ./slicewise apply --plan plans/<id>.json",
                "  ./slicewise rollback apply-20261125T101500-1a2b3c4d",
                "",
                "Docs: docs/formats.md (files, options, exit codes), docs/collect.md (what",
                "is read and what it costs), docs/apply.md (how a plan is applied and",
                "rolled back), docs/report.md (the HTML report)."},
        subcommands = {DemoCommand.class, AnalyzeCommand.class, ApplyCommand.class, RollbackCommand.class,
                CommandLine.HelpCommand.class})
final class SlicewiseCommand implements Callable<Integer> {
    final Wiring wiring;
    final Supplier<Analyzer> analyzers;
    final Clock clock;

    @Spec
    CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "No progress lines and no informational messages on stderr (warnings, notes and errors stay). "
                    + "Progress is shown only when stderr is a terminal anyway.")
    boolean quiet;

    SlicewiseCommand(Wiring wiring) {
        this.wiring = wiring;
        this.analyzers = wiring.analyzers();
        this.clock = wiring.clock();
    }

    private Progress progress;

    /** Per-cluster / per-batch lines on a terminal's stderr, nothing when quiet or redirected. */
    Progress progress() {
        if (progress == null) progress = ConsoleProgress.forStderr(quiet);
        return progress;
    }

    /** Before a message on stderr: ends a progress line left open for rewriting. */
    void endProgressLine() {
        if (progress instanceof ConsoleProgress console) console.endLine();
    }

    /** An informational line on stderr ("analysing …", "wrote …"), silenced by --quiet. */
    void info(PrintWriter err, String message) {
        if (quiet) return;
        endProgressLine();
        err.println("slicewise: " + message);
    }

    /** No sub-command given: that is a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("slicewise: missing command: use `slicewise demo`, `slicewise analyze --snapshot FILE`,"
                + " `slicewise analyze --cluster NAME`, `slicewise apply --plan FILE` or `slicewise rollback ID`");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
