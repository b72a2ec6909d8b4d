package dev.slicewise.bench.economy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CloudWatchEconomyTest {

    @Test
    void minimumRequestsFollowTheApisTwoLimits() {
        // 60 GPUs × 6 metrics, 14 days hourly: 360 queries (1 request by count), 120,960 datapoints (2 by volume) → 2
        assertThat(CloudWatchEconomy.minimumRequests(360, 336)).isEqualTo(2);
        // 600 GPUs: 3,600 queries (8 by count), 1,209,600 datapoints (12 by volume) → 12
        assertThat(CloudWatchEconomy.minimumRequests(3_600, 336)).isEqualTo(12);
        // 6,000 GPUs: 36,000 queries (72), 12,096,000 datapoints (120) → 120
        assertThat(CloudWatchEconomy.minimumRequests(36_000, 336)).isEqualTo(120);
        // 7 days: 600 queries × 168 = 100,800 datapoints, exactly one request's worth; 600 / 500 → 2
        assertThat(CloudWatchEconomy.minimumRequests(600, 168)).isEqualTo(2);
        assertThat(CloudWatchEconomy.minimumRequests(0, 336)).isZero();
    }

    @Test
    void costIsOneCentPerThousandMetricsRequested() {
        CloudWatchEconomy.Row r = new CloudWatchEconomy.Row(6000, 336, 120, 120, 36_000, 12_096_000, 120, 120, 25, 6000, 1);
        assertThat(r.usd()).isEqualTo(0.36);
        assertThat(r.ratio()).isEqualTo(1.0);
    }
}
