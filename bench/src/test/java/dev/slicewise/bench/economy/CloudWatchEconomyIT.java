package dev.slicewise.bench.economy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.fleet.Window;
import dev.slicewise.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The economy benchmark's small case, asserted: the real collector against moto, requests counted on the wire. */
class CloudWatchEconomyIT {
    static final Instant END = Instant.parse("2026-11-23T00:00:00Z");

    @Test
    void sixtyGpusOverFourteenDaysTakeTheMinimumTwoRequests() {
        Window w = new Window(END.minus(Duration.ofDays(14)), END, Duration.ofHours(1));

        CloudWatchEconomy.Row r = CloudWatchEconomy.measure(MotoServer.shared(), 60, w);

        assertThat(r.gpusRead()).isEqualTo(60);              // every GPU was queried
        assertThat(r.queries()).isEqualTo(360);              // 60 × 2 signals × 3 statistics
        assertThat(r.datapoints()).isEqualTo(120_960);       // × 336 hours
        assertThat(r.minimum()).isEqualTo(2);                // by volume: 120,960 > 100,800
        assertThat(r.requests()).isEqualTo(2).isEqualTo(r.adapterMinimum());
        assertThat(r.transmissions()).isEqualTo(2);          // no retries
        assertThat(r.usd()).isEqualTo(0.0036);
    }

    @Test
    void threeHundredGpusOverSevenDaysTakeFourRequests() {
        // 1,800 queries: 4 by count (500 each), 302,400 datapoints: 3 by volume → 4
        Window w = new Window(END.minus(Duration.ofDays(7)), END, Duration.ofHours(1));

        CloudWatchEconomy.Row r = CloudWatchEconomy.measure(MotoServer.shared(), 300, w);

        assertThat(r.gpusRead()).isEqualTo(300);
        assertThat(r.queries()).isEqualTo(1_800);
        assertThat(r.minimum()).isEqualTo(4);
        assertThat(r.requests()).isEqualTo(4);
    }
}
