package dev.slicewise.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void numbersAreWrittenTheSameWayEverywhere() {
        assertThat(Units.pct(24.4)).isEqualTo("24 %");
        assertThat(Units.pct(0.4)).isEqualTo("0.4 %");
        assertThat(Units.pct(Double.NaN)).isEqualTo("n/a");
        assertThat(Units.share(329.0 / 336)).isEqualTo("98 %");
        assertThat(Units.gib(1946)).isEqualTo("1.9 GiB");
        assertThat(Units.gib(16384)).isEqualTo("16 GiB");
        assertThat(Units.vcpu(7200)).isEqualTo("7.2 vCPU");
        assertThat(Units.duration(Duration.ofDays(14))).isEqualTo("14 days");
        assertThat(Units.duration(Duration.ofHours(30))).isEqualTo("30 hours");
        assertThat(Units.count(4)).isEqualTo("four");
        assertThat(Units.count(40)).isEqualTo("40");
        assertThat(Units.usd(2165.76)).isEqualTo("$2,165.76");
        assertThat(Units.usdRate(0.752)).isEqualTo("$0.752");
        assertThat(Units.usdRate(55.04)).isEqualTo("$55.04");
        assertThat(Units.usdRate(3)).isEqualTo("$3.00");
    }
}
