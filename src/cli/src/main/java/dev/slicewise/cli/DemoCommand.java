package dev.slicewise.cli;

import dev.slicewise.demo.DemoFleet;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.json.SnapshotJson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Analyse the built-in demo fleet: one EKS cluster (demo-eks, us-east-1) with five Karpenter NodePools "
                        + "(small T4 inference pods, A10G vision services, H100 inference services, busy A100 training, spot L4 "
                        + "batch workers) whose hourly GPU series are built from real H100 measurements. Needs no AWS account.",
                "Same --seed, --lookback and --now give the same output."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./slicewise demo",
                "  ./slicewise demo -o json > report.json",
                "  ./slicewise demo --html report.html",
                "  ./slicewise demo --now 2026-11-23T10:17:00Z --save-snapshot fleet.json",
                "  ./slicewise demo --lookback 7d --target-util 60 --max-replicas 4"})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    SlicewiseCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--save-snapshot", paramLabel = "FILE",
            description = "Also write the demo fleet snapshot to FILE, to try `slicewise analyze --snapshot FILE`.")
    Path saveSnapshot;

    @Option(names = "--lookback", paramLabel = "DURATION", converter = Converters.Span.class, defaultValue = "14d",
            description = "History to generate, whole hours (default: ${DEFAULT-VALUE}).")
    Duration lookback;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + DemoFleet.DEFAULT_SEED,
            description = "Seed of the demo's random draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--now", paramLabel = "INSTANT", converter = Converters.Moment.class,
            description = "Build the demo as of this ISO-8601 instant instead of the current time (e.g. 2026-11-23T10:00:00Z).")
    Instant now;

    @Mixin
    PolicyOptions policy;

    @Override
    public Integer call() throws Exception {
        AnalysisPolicy p = policy.toPolicy();
        if (lookback.compareTo(Duration.ofHours(1)) < 0 || lookback.toSeconds() % 3600 != 0) {
            throw new ParameterException(spec.commandLine(), "--lookback must be a whole number of hours, at least 1h: " + lookback);
        }
        Clock clock = now == null ? root.clock : Clock.fixed(now, ZoneOffset.UTC);
        FleetSnapshot snapshot = new DemoFleet(seed, lookback).build(clock);
        var err = spec.commandLine().getErr();
        if (saveSnapshot != null) {
            SnapshotJson.write(snapshot, saveSnapshot);
            root.info(err, "wrote the demo fleet snapshot to " + saveSnapshot);
        }
        return Reporting.analyzeAndPrint(root, snapshot, List.of(), p, output, spec.commandLine().getOut(), err);
    }
}
