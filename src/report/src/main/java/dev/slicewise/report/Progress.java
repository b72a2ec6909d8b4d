package dev.slicewise.report;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Clock;

/**
 * Progress of a long collection (per cluster, per metric batch) for a person watching a terminal. The collectors
 * call it; the local command picks the implementation with {@link #forTerminal(boolean)}: lines on stderr when
 * stdin/stdout are a terminal, nothing at all with {@code --quiet} or when output is piped or redirected (so
 * {@code --output json > file} stays clean and CI logs stay short).
 */
public interface Progress {

    /** Says nothing. */
    Progress NONE = new Progress() {};

    /** Collection of {@code cluster} (the {@code index}-th of {@code total}, from 1) begins. */
    default void clusterStarted(String cluster, int index, int total) {}

    /** {@code done} of {@code total} units of {@code what} (e.g. "metric batches") are finished for {@code cluster}. */
    default void batch(String cluster, String what, int done, int total) {}

    /** {@code cluster} is collected; {@code summary} says what was found ("4 nodes, 4 GPUs, 1 NodePool"). */
    default void clusterDone(String cluster, String summary) {}

    /** A one-line step outside the per-cluster work ("analysing", "wrote report.html"). */
    default void note(String message) {}

    /**
     * Console progress on stderr when this is an interactive terminal and not {@code quiet}, else {@link #NONE}.
     */
    static Progress forTerminal(boolean quiet) {
        if (quiet || !isTerminal()) return NONE;
        String term = System.getenv("TERM");
        return new ConsoleProgress(System.err, term == null || !term.equals("dumb"), Clock.systemUTC());
    }

    /** True when the JVM has an interactive console (stdin and stdout are a terminal). */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) return false;
        // JDK 22-24 return a Console even when redirected; their Console.isTerminal() (absent in 21) tells the truth.
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Progress lines on {@code out}; {@code interactive} rewrites the batch line in place instead of adding lines. */
    static Progress console(PrintStream out, boolean interactive, Clock clock) {
        return new ConsoleProgress(out, interactive, clock);
    }
}
