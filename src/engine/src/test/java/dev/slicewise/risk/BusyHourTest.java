package dev.slicewise.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BusyHourTest {

    @Test
    void picksTheNearestRankP95HourOfTheSum() {
        // sums 30, 80, 130: the nearest-rank p95 of three hours is the largest
        double nan = Double.NaN;
        BusyHour busy = BusyHour.of(List.of(new double[] {20, 70, nan}, new double[] {10, 10, 60}));
        // tenant 0 has no data in hour 2 and counts at its own p95 (70), not as idle
        assertThat(busy.hour()).isEqualTo(2);
        assertThat(busy.summedPct()).isEqualTo(130);
        assertThat(busy.tenantPct()).containsExactly(70, 60);
    }

    @Test
    void ofTwentyHoursTheSecondBusiestIsTheP95() {
        double[] a = new double[20];
        java.util.Arrays.fill(a, 1);
        a[4] = 50;
        a[9] = 40;
        BusyHour busy = BusyHour.of(List.of(a));
        assertThat(busy.hour()).isEqualTo(9);
        assertThat(busy.tenantPct()).containsExactly(40);
    }

    @Test
    void hoursWithoutAnyDataDoNotCount() {
        double nan = Double.NaN;
        // the only hours with data are 1 and 3; hour 2 would be the busiest if its gap counted as the p95 stand-in
        BusyHour busy = BusyHour.of(List.of(new double[] {nan, 10, nan, 40}, new double[] {nan, 5, nan, 5}));
        assertThat(busy.hour()).isEqualTo(3);
        assertThat(busy.summedPct()).isEqualTo(45);
    }
}
