package dev.slicewise.cli;

import dev.slicewise.progress.Progress;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Progress as short lines on stderr ({@code [1/2] prod-eu: metric batches 3/7}). On a terminal the phase and batch
 * lines of a cluster are rewritten in place (carriage return + erase line), so a thousand batches take one line and
 * only "collecting" and "done" stay; without cursor control (TERM=dumb) every call is one line. When stderr is not a
 * terminal, or with --quiet, the command uses {@link Progress#NONE} instead: logs and redirected output stay clean.
 * Thread-safe: collectors may report from several threads.
 */
final class ConsoleProgress implements Progress {
    /** Set by ./slicewise from {@code [ -t 2 ]}: Java itself cannot tell whether stderr alone is a terminal. */
    static final String STDERR_TTY_PROPERTY = "slicewise.stderr.tty";
    private static final String ERASE_LINE = "\r\u001b[2K";

    private final PrintStream out;
    private final boolean interactive;
    private final Clock clock;
    private final Map<String, int[]> position = new HashMap<>();
    private final Map<String, Instant> started = new HashMap<>();
    private boolean lineOpen;

    ConsoleProgress(PrintStream out, boolean interactive, Clock clock) {
        this.out = out;
        this.interactive = interactive;
        this.clock = clock;
    }

    /** Console progress on stderr when stderr is a terminal and not {@code quiet}; else {@link Progress#NONE}. */
    static Progress forStderr(boolean quiet) {
        if (quiet || !stderrIsTerminal()) return NONE;
        String term = System.getenv("TERM");
        return new ConsoleProgress(System.err, term == null || !term.equals("dumb"), Clock.systemUTC());
    }

    /**
     * The launcher's word when it gave one ({@value #STDERR_TTY_PROPERTY}); otherwise the JVM's console, which exists
     * only when stdin and stdout are terminals — a fair guess for stderr when run without the launcher.
     */
    static boolean stderrIsTerminal() {
        String said = System.getProperty(STDERR_TTY_PROPERTY);
        if (said != null) return Boolean.parseBoolean(said);
        Console console = System.console();
        if (console == null) return false;
        // JDK 22+ return a Console even when redirected; their Console.isTerminal() (absent in 21) tells the truth
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public synchronized void clusterStarted(String cluster, int index, int total) {
        position.put(cluster, new int[] {index, total});
        started.put(cluster, clock.instant());
        line(prefix(cluster) + "collecting nodes, pods, NodePools and GPU metrics", false);
    }

    @Override
    public synchronized void step(String cluster, String message) {
        line(prefix(cluster) + message, interactive);
    }

    @Override
    public synchronized void batch(String cluster, String what, int done, int total) {
        line(prefix(cluster) + what + " " + done + "/" + total, interactive);
    }

    @Override
    public synchronized void clusterDone(String cluster, String summary) {
        Instant t0 = started.remove(cluster);
        String took = t0 == null ? "" : " in " + seconds(Duration.between(t0, clock.instant()));
        line(prefix(cluster) + "done" + took + (summary == null || summary.isBlank() ? "" : " — " + summary), false);
    }

    @Override
    public synchronized void note(String message) {
        line(message, false);
    }

    /** Ends a line left open for rewriting, so a message printed next (an error) starts on a line of its own. */
    synchronized void endLine() {
        if (lineOpen) {
            out.print(System.lineSeparator());
            out.flush();
            lineOpen = false;
        }
    }

    private String prefix(String cluster) {
        int[] p = position.get(cluster);
        return (p == null ? "" : "[" + p[0] + "/" + p[1] + "] ") + cluster + ": ";
    }

    /** Writes one line; a {@code transientLine} stays open to be overwritten by the next call. */
    private void line(String text, boolean transientLine) {
        if (interactive && lineOpen) out.print(ERASE_LINE);
        out.print(text);
        if (transientLine) {
            lineOpen = true;
        } else {
            out.print(System.lineSeparator());
            lineOpen = false;
        }
        out.flush();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
