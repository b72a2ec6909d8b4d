package dev.slicewise.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressTest {
    static final String NL = System.lineSeparator();
    static final String ERASE = "\r\u001b[2K";

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private static String run(boolean interactive) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock();
        Progress p = Progress.console(new PrintStream(bytes, true, StandardCharsets.UTF_8), interactive, clock);
        p.clusterStarted("prod-eu", 1, 2);
        p.batch("prod-eu", "metric batches", 1, 3);
        p.batch("prod-eu", "metric batches", 2, 3);
        p.batch("prod-eu", "metric batches", 3, 3);
        clock.advance(Duration.ofMillis(3240));
        p.clusterDone("prod-eu", "4 nodes, 4 GPUs, 1 NodePool");
        p.note("analysing");
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalBatchesRewriteOneLine() {
        assertThat(run(true)).isEqualTo(
                "[1/2] prod-eu: collecting nodes, pods and NodePools" + NL
                        + "[1/2] prod-eu: metric batches 1/3"
                        + ERASE + "[1/2] prod-eu: metric batches 2/3"
                        + ERASE + "[1/2] prod-eu: metric batches 3/3" + NL
                        + "[1/2] prod-eu: done in 3.2 s — 4 nodes, 4 GPUs, 1 NodePool" + NL
                        + "analysing" + NL);
    }

    @Test
    void withoutCursorControlEveryUpdateIsALine() {
        assertThat(run(false)).isEqualTo(
                "[1/2] prod-eu: collecting nodes, pods and NodePools" + NL
                        + "[1/2] prod-eu: metric batches 1/3" + NL
                        + "[1/2] prod-eu: metric batches 2/3" + NL
                        + "[1/2] prod-eu: metric batches 3/3" + NL
                        + "[1/2] prod-eu: done in 3.2 s — 4 nodes, 4 GPUs, 1 NodePool" + NL
                        + "analysing" + NL);
    }

    @Test
    void quietOrNotATerminalSaysNothing() {
        assertThat(Progress.forTerminal(true)).isSameAs(Progress.NONE);
        // the test JVM's stdin/stdout are pipes, as when the command's output is redirected
        assertThat(Progress.isTerminal()).isFalse();
        assertThat(Progress.forTerminal(false)).isSameAs(Progress.NONE);
    }
}
