package dev.slicewise.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.fleet.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatsTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration H = Duration.ofHours(1);
    static final double NaN = Double.NaN;

    @Test
    void nearestRankPercentilesPickAnObservedValue() {
        // Wikipedia's nearest-rank example: rank = ceil(p/100 × 5)
        double[] v = {15, 20, 35, 40, 50};
        assertThat(Stats.percentile(v, 5)).isEqualTo(15);    // rank 1
        assertThat(Stats.percentile(v, 30)).isEqualTo(20);   // ceil(1.5) = 2
        assertThat(Stats.percentile(v, 40)).isEqualTo(20);   // ceil(2.0) = 2
        assertThat(Stats.percentile(v, 50)).isEqualTo(35);   // ceil(2.5) = 3
        assertThat(Stats.percentile(v, 95)).isEqualTo(50);   // ceil(4.75) = 5
        assertThat(Stats.percentile(v, 100)).isEqualTo(50);
        assertThat(Stats.percentile(v, 0)).isEqualTo(15);
    }

    @Test
    void p95OfTwentyValuesIsTheNineteenthNotTheTwentieth() {
        // 0.95 × 20 = 19 exactly: rank 19 (floating point must not push it to 20)
        double[] v = IntStream.rangeClosed(1, 20).asDoubleStream().toArray();
        assertThat(Stats.percentile(v, 95)).isEqualTo(19);
        // 336 hourly points (14 days): rank ceil(319.2) = 320
        double[] w = IntStream.rangeClosed(1, 336).asDoubleStream().toArray();
        assertThat(Stats.percentile(w, 95)).isEqualTo(320);
        assertThat(Stats.percentile(w, 50)).isEqualTo(168);
    }

    @Test
    void gapsAreSkippedNotFilled() {
        double[] v = {NaN, 10, NaN, 30, 20, NaN};
        assertThat(Stats.percentile(v, 50)).isEqualTo(20); // of {10, 20, 30}: rank ceil(1.5) = 2
        assertThat(Stats.percentile(new double[]{NaN, NaN}, 95)).isNaN();
        assertThat(Stats.presentIn(v)).isEqualTo(3);
    }

    @Test
    void maxUsesTheHourlyMaximaOfPresentHours() {
        UsageSeries s = new UsageSeries(T0, H, new double[]{10, NaN, 20}, new double[]{40, 99, 25}, null);
        assertThat(Stats.max(s)).isEqualTo(40); // hour 1 is a gap: its maximum 99 is not data
        assertThat(Stats.percentile(s, 100)).isEqualTo(20); // percentiles use the averages
    }

    @Test
    void coverageIsPresentPointsOverWindowPoints() {
        Window w = new Window(T0, T0.plus(Duration.ofHours(10)), H);
        UsageSeries s = UsageSeries.of(T0, H, 1, 2, NaN, 4, 5, 6, 7, NaN); // 6 present of a 10-hour window
        assertThat(Stats.coverage(s, w)).isEqualTo(0.6);
        UsageSeries noSamples = new UsageSeries(T0, H, new double[]{1, 2}, null, new long[]{0, 3});
        assertThat(Stats.coverage(noSamples, w)).isEqualTo(0.1); // SampleCount 0 means no data, whatever avg says
    }

    @Test
    void alignedPlacesALateSeriesOnTheWindowSteps() {
        Window w = new Window(T0, T0.plus(Duration.ofHours(4)), H);
        UsageSeries late = UsageSeries.of(T0.plus(Duration.ofHours(2)), H, 7, 8, 9);
        assertThat(Stats.aligned(late, w)).containsExactly(NaN, NaN, 7, 8);
        assertThatThrownBy(() -> Stats.aligned(UsageSeries.of(T0.plusSeconds(60), H, 1), w))
                .hasMessageContaining("not on a step");
        assertThatThrownBy(() -> Stats.aligned(UsageSeries.of(T0, Duration.ofMinutes(5), 1), w))
                .hasMessageContaining("step");
    }

    @Test
    void sumIsPresentOnlyWhereEveryTenantHasDataAndSaysHowManyHoursWereDropped() {
        double[] a = {10, 20, NaN, 40, NaN};
        double[] b = {5, NaN, 30, 10, NaN};
        SummedSeries s = Stats.sum(List.of(a, b));
        assertThat(s.values()).containsExactly(15, NaN, NaN, 50, NaN);
        assertThat(s.presentHours()).isEqualTo(2);
        assertThat(s.partialHours()).isEqualTo(2); // hours 1 and 2: one tenant had data, the other not
        assertThat(s.percentile(95)).isEqualTo(50);
    }

    @Test
    void p95OfTheSumDiffersFromTheSumOfP95sWhenPeaksDoNotCoincide() {
        double[] day = IntStream.range(0, 24).mapToDouble(h -> h < 12 ? 60 : 0).toArray();
        double[] night = IntStream.range(0, 24).mapToDouble(h -> h < 12 ? 0 : 60).toArray();
        assertThat(Stats.percentile(day, 95) + Stats.percentile(night, 95)).isEqualTo(120);
        assertThat(Stats.sum(List.of(day, night)).percentile(95)).isEqualTo(60);
        assertThat(Stats.sum(List.of(day, day)).percentile(95)).isEqualTo(120);
    }

    @Test
    void quickselectPercentilesEqualTheSortedArraysNearestRank() {
        // regression for the sort-free percentile (benchmark 2): every rank of seeded hourly series with gaps, ties, zeros
        // and -0.0 equals the value a full sort puts at that rank
        java.util.SplittableRandom rng = new java.util.SplittableRandom(20261125);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(400);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                double r = rng.nextDouble();
                v[i] = r < 0.05 ? NaN : r < 0.10 ? 0.0 : r < 0.12 ? -0.0 : r < 0.30 ? 25.0 : Math.round(rng.nextDouble() * 10000) / 100.0;
            }
            double[] present = java.util.Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
            for (double p : new double[] {0, 5, 30, 50, 90, 95, 99, 100}) {
                double expected = present.length == 0 ? NaN
                        : present[Math.max(1, Math.min(present.length, (int) Math.ceil(p / 100.0 * present.length - 1e-9))) - 1];
                assertThat(Stats.percentile(v, p)).as("trial %d, p%s", trial, p).isEqualTo(expected);
                assertThat(Stats.percentiles(v, 50, p)[1]).isEqualTo(expected);
            }
        }
    }

    @Test
    void equalSeriesHashAlikeAndTheHashReadsOnlyAFewPoints() {
        double[] a = IntStream.range(0, 336).asDoubleStream().toArray();
        UsageSeries s1 = UsageSeries.of(T0, H, a.clone());
        UsageSeries s2 = UsageSeries.of(T0, H, a.clone());
        assertThat(s1).isEqualTo(s2);
        assertThat(s1.hashCode()).isEqualTo(s2.hashCode());
        double[] b = a.clone();
        b[7] = 99;
        assertThat(UsageSeries.of(T0, H, b)).isNotEqualTo(s1);
    }
}
