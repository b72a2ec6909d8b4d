package dev.slicewise.cli;

import dev.slicewise.engine.Analyzer;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level command; holds what the sub-commands need from outside (the engine, the clock). */
@Command(name = "slicewise", mixinStandardHelpOptions = true, version = "slicewise 0.1.0",
        usageHelpAutoWidth = true,
        description = {
                "Finds underused NVIDIA GPU nodes on Amazon EKS and recommends time-slicing (replicas per GPU) or a MIG "
                        + "layout, with the nodes it frees, the monthly savings and the risks.",
                "Progress goes to stderr; stdout holds only the report."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./slicewise demo                            # the demo fleet, as a table",
                "  ./slicewise demo -o json > report.json      # the recommendation JSON",
                "  ./slicewise demo --html report.html         # also the HTML report",
                "  ./slicewise demo --save-snapshot fleet.json # keep the demo as a snapshot",
                "  ./slicewise analyze --snapshot fleet.json --lookback 7d --target-util 60"},
        subcommands = {DemoCommand.class, AnalyzeCommand.class, CommandLine.HelpCommand.class})
final class SlicewiseCommand implements Callable<Integer> {
    final Supplier<Analyzer> analyzers;
    final Clock clock;

    @Spec
    CommandSpec spec;

    SlicewiseCommand(Supplier<Analyzer> analyzers, Clock clock) {
        this.analyzers = analyzers;
        this.clock = clock;
    }

    /** No sub-command given: that is a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("slicewise: missing command: use `slicewise demo` or `slicewise analyze --snapshot FILE`");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
