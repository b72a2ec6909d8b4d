package dev.slicewise.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SampleCheckTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration H = Duration.ofHours(1);

    @Test
    void cleanSeriesHaveNoProblem() {
        GpuMetrics m = new GpuMetrics(UsageSeries.of(T0, H, 0, 50, 100, Double.NaN), UsageSeries.of(T0, H, 1000, 20000));
        assertThat(SampleCheck.problems(m)).isEmpty();
    }

    @Test
    void nanInAnHourThatClaimsSamplesIsReported() {
        UsageSeries s = new UsageSeries(T0, H, new double[]{10, Double.NaN}, null, new long[]{60, 60});
        assertThat(SampleCheck.check("GPU_UTIL", s, true)).hasValueSatisfying(p -> assertThat(p)
                .contains("GPU_UTIL").contains("1 hour(s) NaN although present").contains("2026-11-01T01:00:00Z"));
        // a maximum that is NaN while the average is present is broken too
        UsageSeries m = new UsageSeries(T0, H, new double[]{10}, new double[]{Double.NaN}, null);
        assertThat(SampleCheck.check("GPU_UTIL", m, true)).isPresent();
    }

    @Test
    void negativeAndOver100PercentAreReportedWithTheFirstOffendingValue() {
        UsageSeries s = UsageSeries.of(T0, H, 10, -3, 130, 101);
        assertThat(SampleCheck.check("GPU_UTIL", s, true)).hasValue(
                "GPU_UTIL has 1 hour(s) negative or infinite, 2 hour(s) above 100 % (first: -3.0 at 2026-11-01T01:00:00Z)");
    }

    @Test
    void memoryIsNotAPercentageButCannotBeNegative() {
        assertThat(SampleCheck.check("FB_USED", UsageSeries.of(T0, H, 50000), false)).isEmpty();
        assertThat(SampleCheck.check("FB_USED", UsageSeries.of(T0, H, -1), false)).isPresent();
        GpuMetrics m = new GpuMetrics(UsageSeries.of(T0, H, 10), UsageSeries.of(T0, H, -5));
        assertThat(SampleCheck.problems(m)).singleElement().asString().startsWith("FB_USED");
    }
}
