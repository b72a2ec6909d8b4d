package dev.slicewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.progress.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
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
        Progress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), interactive, clock);
        p.clusterStarted("prod-eu", 1, 2);
        p.step("prod-eu", "CloudWatch: listing Container Insights GPU metrics");
        p.batch("prod-eu", "metric batches", 1, 3);
        p.batch("prod-eu", "metric batches", 2, 3);
        p.batch("prod-eu", "metric batches", 3, 3);
        clock.advance(Duration.ofMillis(3240));
        p.clusterDone("prod-eu", "4 nodes, 4 GPUs, 1 NodePool");
        p.note("analysing");
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalPhasesAndBatchesRewriteOneLineAndOnlyStartAndDoneStay() {
        assertThat(run(true)).isEqualTo(
                "[1/2] prod-eu: collecting nodes, pods, NodePools and GPU metrics" + NL
                        + "[1/2] prod-eu: CloudWatch: listing Container Insights GPU metrics"
                        + ERASE + "[1/2] prod-eu: metric batches 1/3"
                        + ERASE + "[1/2] prod-eu: metric batches 2/3"
                        + ERASE + "[1/2] prod-eu: metric batches 3/3"
                        + ERASE + "[1/2] prod-eu: done in 3.2 s — 4 nodes, 4 GPUs, 1 NodePool" + NL
                        + "analysing" + NL);
    }

    @Test
    void withoutCursorControlEveryUpdateIsALine() {
        assertThat(run(false)).isEqualTo(
                "[1/2] prod-eu: collecting nodes, pods, NodePools and GPU metrics" + NL
                        + "[1/2] prod-eu: CloudWatch: listing Container Insights GPU metrics" + NL
                        + "[1/2] prod-eu: metric batches 1/3" + NL
                        + "[1/2] prod-eu: metric batches 2/3" + NL
                        + "[1/2] prod-eu: metric batches 3/3" + NL
                        + "[1/2] prod-eu: done in 3.2 s — 4 nodes, 4 GPUs, 1 NodePool" + NL
                        + "analysing" + NL);
    }

    @Test
    void anErrorAfterARewrittenLineStartsOnALineOfItsOwn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, new ManualClock());
        p.clusterStarted("nope", 1, 1);
        p.step("nope", "EKS: describing cluster nope in us-east-1");
        p.endLine();
        p.endLine(); // nothing open any more: no empty line
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("[1/1] nope: collecting nodes, pods, NodePools and GPU metrics" + NL
                + "[1/1] nope: EKS: describing cluster nope in us-east-1" + NL);
    }

    @Test
    void quietOrAStderrThatIsNoTerminalSaysNothing() {
        String before = System.getProperty(ConsoleProgress.STDERR_TTY_PROPERTY);
        try {
            System.setProperty(ConsoleProgress.STDERR_TTY_PROPERTY, "true");
            assertThat(ConsoleProgress.forStderr(true)).isSameAs(Progress.NONE);
            assertThat(ConsoleProgress.forStderr(false)).isInstanceOf(ConsoleProgress.class);
            System.setProperty(ConsoleProgress.STDERR_TTY_PROPERTY, "false");
            assertThat(ConsoleProgress.forStderr(false)).isSameAs(Progress.NONE);
            // without the launcher's word: the test JVM's stdin/stdout are pipes, as when output is redirected
            System.clearProperty(ConsoleProgress.STDERR_TTY_PROPERTY);
            assertThat(ConsoleProgress.stderrIsTerminal()).isFalse();
            assertThat(ConsoleProgress.forStderr(false)).isSameAs(Progress.NONE);
        } finally {
            if (before == null) System.clearProperty(ConsoleProgress.STDERR_TTY_PROPERTY);
            else System.setProperty(ConsoleProgress.STDERR_TTY_PROPERTY, before);
        }
    }
}
