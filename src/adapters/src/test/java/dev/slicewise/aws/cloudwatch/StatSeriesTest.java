package dev.slicewise.aws.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatSeriesTest {
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final Window W = new Window(T0, T0.plus(Duration.ofHours(4)), Duration.ofHours(1));

    private static Instant h(int hour) {
        return T0.plus(Duration.ofHours(hour));
    }

    @Test
    void placesDatapointsOnTheHourlyGridAndLeavesGapsEmpty() {
        StatSeries s = new StatSeries(W.points());
        int dropped = StatSeries.place(s.avg, W, List.of(h(0), h(2)), List.of(10.0, 30.0));
        StatSeries.place(s.max, W, List.of(h(0), h(2)), List.of(20.0, 50.0));
        StatSeries.place(s.count, W, List.of(h(0), h(2)), List.of(60.0, 30.0));
        assertThat(dropped).isZero();

        UsageSeries u = StatSeries.combine(W, List.of(s), 1.0);
        assertThat(u.avg()).containsExactly(10.0, Double.NaN, 30.0, Double.NaN);
        assertThat(u.max()).containsExactly(20.0, Double.NaN, 50.0, Double.NaN);
        assertThat(u.samples()).containsExactly(60, 0, 30, 0);
        assertThat(u.presentPoints()).isEqualTo(2);
    }

    @Test
    void datapointsOffTheGridOrOutsideTheWindowAreNotGuessedIntoIt() {
        StatSeries s = new StatSeries(W.points());
        int dropped = StatSeries.place(s.avg, W, List.of(h(-1), h(1).plusSeconds(300), h(4), h(3)), List.of(1.0, 2.0, 3.0, 4.0));
        assertThat(dropped).isEqualTo(3);
        assertThat(s.avg).containsExactly(Double.NaN, Double.NaN, Double.NaN, 4.0);
    }

    @Test
    void scalesBytesToMebibytes() {
        StatSeries s = new StatSeries(W.points());
        StatSeries.place(s.avg, W, List.of(h(0)), List.of(7602.0 * 1048576));
        StatSeries.place(s.max, W, List.of(h(0)), List.of(7602.0 * 1048576));
        StatSeries.place(s.count, W, List.of(h(0)), List.of(60.0));
        UsageSeries u = StatSeries.combine(W, List.of(s), 1.0 / 1048576);
        assertThat(u.avg()[0]).isEqualTo(7602.0);
    }

    @Test
    void podStreamsOfOneGpuAreWeightedBySamplesAndCountedConservatively() {
        // hour 0: pod a ran 20 min at 30 %, pod b 40 min at 60 % → (20·30 + 40·60) / 60 = 50 %
        StatSeries a = new StatSeries(W.points()), b = new StatSeries(W.points());
        StatSeries.place(a.avg, W, List.of(h(0)), List.of(30.0));
        StatSeries.place(a.max, W, List.of(h(0)), List.of(35.0));
        StatSeries.place(a.count, W, List.of(h(0)), List.of(20.0));
        StatSeries.place(b.avg, W, List.of(h(0), h(1)), List.of(60.0, 10.0));
        StatSeries.place(b.max, W, List.of(h(0), h(1)), List.of(90.0, 12.0));
        StatSeries.place(b.count, W, List.of(h(0), h(1)), List.of(40.0, 60.0));
        UsageSeries u = StatSeries.combine(W, List.of(a, b), 1.0);
        assertThat(u.avg()[0]).isCloseTo(50.0, within(1e-12));
        assertThat(u.max()[0]).isEqualTo(90.0);
        assertThat(u.samples()[0]).isEqualTo(40); // the larger stream's count, not 60
        assertThat(u.avg()[1]).isEqualTo(10.0);
        assertThat(u.present(2)).isFalse();
    }
}
