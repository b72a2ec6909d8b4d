package dev.slicewise.cli;

import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.json.JsonFormatException;
import dev.slicewise.json.SnapshotJson;
import dev.slicewise.json.SnapshotRead;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Analyse a fleet snapshot file (format: schemas/fleet-snapshot.schema.json, docs/formats.md), e.g. one written "
                        + "by `slicewise demo --save-snapshot` or by the collectors.",
                "The analysis runs as of the snapshot's collectedAt, so the same file always gives the same report. Items the "
                        + "reader rejects are listed as input problems and the rest is still analysed (exit code 2)."})
final class AnalyzeCommand implements Callable<Integer> {
    @ParentCommand
    SlicewiseCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE", description = "The fleet snapshot JSON to analyse.")
    Path snapshot;

    @Mixin
    OutputOptions output;

    @Option(names = "--lookback", paramLabel = "DURATION", converter = Converters.Span.class,
            description = "Analyse only the last DURATION of the snapshot's window, e.g. 7d (default: the whole window).")
    Duration lookback;

    @Mixin
    PolicyOptions policy;

    @Override
    public Integer call() throws Exception {
        AnalysisPolicy p = policy.toPolicy();
        PrintWriter err = spec.commandLine().getErr();
        SnapshotRead read;
        try {
            read = SnapshotJson.read(snapshot);
        } catch (NoSuchFileException e) {
            err.println("slicewise: cannot read the snapshot " + snapshot + ": no such file");
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("slicewise: cannot read the snapshot " + snapshot + ": " + e);
            return ExitCodes.BAD_INPUT;
        } catch (JsonFormatException e) {
            err.println("slicewise: " + snapshot + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        FleetSnapshot fleet = read.snapshot();
        if (lookback != null) {
            if (lookback.compareTo(fleet.window().length()) > 0) {
                err.println("slicewise: --lookback " + lookback + " is longer than the snapshot's window ("
                        + fleet.window().length() + "); using the whole window");
            } else {
                try {
                    fleet = Lookback.lastPart(fleet, lookback);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--lookback: " + e.getMessage());
                }
            }
        }
        return Reporting.analyzeAndPrint(root.analyzers, fleet, read.problems(), p, output, spec.commandLine().getOut(), err);
    }
}
