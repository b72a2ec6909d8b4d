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
        System.exit(commandLine(Wiring.production()).execute(args));
    }

    /** With a given engine (for every price book) and clock; appliers as in production. */
    static CommandLine commandLine(Supplier<Analyzer> analyzers, Clock clock) {
        return commandLine(new Wiring(analyzers, prices -> analyzers.get(), clock, Wiring.Appliers.PRODUCTION));
    }

    /**
     * The configured command line. The engine is asked for only when a command runs, so --help works without it.
     */
    static CommandLine commandLine(Wiring wiring) {
        CommandLine cmd = new CommandLine(new SlicewiseCommand(wiring));
        cmd.setDefaultValueProvider(new PolicyOptions.Defaults());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        cmd.getCommandSpec().exitCodeOnExecutionException(ExitCodes.INTERNAL_ERROR);
        exitCodes(cmd, allCodes());
        for (CommandLine sub : cmd.getSubcommands().values()) {
            sub.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
            sub.getCommandSpec().exitCodeOnExecutionException(ExitCodes.INTERNAL_ERROR);
            String name = sub.getCommandName();
            if (name.equals("apply") || name.equals("rollback")) exitCodes(sub, codes(ExitCodes.APPLY_HELP));
            else if (!name.equals("help")) exitCodes(sub, codes(ExitCodes.ANALYZE_HELP));
        }
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

    private static void exitCodes(CommandLine cmd, Map<String, String> codes) {
        cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    }

    private static Map<String, String> codes(String[] lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines) out.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1));
        return out;
    }

    /** The top-level help lists every code once, briefly; each command's help says what its codes mean for it. */
    private static Map<String, String> allCodes() {
        return codes(new String[] {
                " 0:savings found / plan applied / rolled back on request",
                " 1:internal error",
                " 2:bad input (snapshot or plan unreadable, items rejected, a collection source failed)",
                " 3:nothing to recommend / nothing to do",
                " 4:the cluster, its API or CloudWatch cannot be reached or read",
                " 5:apply or rollback refused, cluster unchanged",
                " 6:apply failed and was rolled back",
                " 7:apply or rollback failed and something was not restored",
                "64:usage error"});
    }
}
