package dev.slicewise.report;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Progress as short lines ({@code [1/2] prod-eu: metric batches 3/7}). On an interactive terminal the batch line is
 * rewritten in place (carriage return + erase line) so a thousand batches take one line; otherwise every call is
 * one line. Thread-safe: collectors may report from several threads.
 */
final class ConsoleProgress implements Progress {
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

    @Override
    public synchronized void clusterStarted(String cluster, int index, int total) {
        position.put(cluster, new int[] {index, total});
        started.put(cluster, clock.instant());
        line(prefix(cluster) + "collecting nodes, pods and NodePools", false);
    }

    @Override
    public synchronized void batch(String cluster, String what, int done, int total) {
        line(prefix(cluster) + what + " " + done + "/" + total, interactive && done < total);
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

    private String prefix(String cluster) {
        int[] p = position.get(cluster);
        return (p == null ? "" : "[" + p[0] + "/" + p[1] + "] ") + cluster + ": ";
    }

    /** Writes one line; a {@code transient} line stays open to be overwritten by the next call. */
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
