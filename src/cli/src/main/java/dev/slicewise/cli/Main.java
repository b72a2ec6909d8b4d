package dev.slicewise.cli;

import dev.slicewise.engine.Analyzer;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Entry point of {@code ./slicewise}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine(Engines::defaultAnalyzer, Clock.systemUTC()).execute(args));
    }

    /**
     * The configured command line. The engine is asked for only when a command runs, so --help works without it.
     */
    static CommandLine commandLine(Supplier<Analyzer> analyzers, Clock clock) {
        CommandLine cmd = new CommandLine(new SlicewiseCommand(analyzers, clock));
        cmd.setDefaultValueProvider(new PolicyOptions.Defaults());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (String line : ExitCodes.HELP) exitCodes.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1));
        apply(cmd, exitCodes);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("slicewise: internal error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            // the engine not being wired in is a known state, not a bug to debug
            if (!(ex instanceof UnsupportedOperationException)) ex.printStackTrace(err);
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        });
        return cmd;
    }

    private static void apply(CommandLine cmd, Map<String, String> exitCodes) {
        cmd.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        cmd.getCommandSpec().exitCodeOnExecutionException(ExitCodes.INTERNAL_ERROR);
        cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        cmd.getSubcommands().values().forEach(sub -> apply(sub, exitCodes));
    }
}
