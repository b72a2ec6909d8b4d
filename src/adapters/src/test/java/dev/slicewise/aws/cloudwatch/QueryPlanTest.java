package dev.slicewise.aws.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryPlanTest {

    @Test
    void sixHundredGpusOverSevenDaysNeedEightRequestsBoundByTheQueryLimit() {
        // 600 GPUs × 2 signals × 3 statistics = 3,600 queries; 7 days hourly = 168 points each = 604,800 datapoints
        QueryPlan plan = QueryPlan.of(3600, 168);
        assertThat(plan.minimumRequests()).isEqualTo(8); // max(ceil(3600/500)=8, ceil(604800/100800)=6)
        assertThat(plan.requests()).isEqualTo(8);
        for (int i = 0; i < plan.requests(); i++) assertThat(plan.size(i)).isEqualTo(450);
    }

    @Test
    void fourteenDaysAreBoundByTheDatapointLimit() {
        // 3,600 × 336 = 1,209,600 datapoints → 12 requests of 300 queries × 336 = exactly 100,800 datapoints
        QueryPlan plan = QueryPlan.of(3600, 336);
        assertThat(plan.minimumRequests()).isEqualTo(12);
        assertThat(plan.requests()).isEqualTo(12);
        assertThat(plan.size(0) * 336).isEqualTo(100_800);
    }

    @Test
    void everyRequestStaysWithinBothLimitsAndEveryQueryIsSentOnce() {
        for (int q : new int[] {1, 2, 499, 500, 501, 999, 1000, 1001, 3600, 12_345}) {
            for (int p : new int[] {1, 24, 168, 200, 201, 202, 203, 336, 744, 2016, 10_080, 21_600}) {
                QueryPlan plan = QueryPlan.of(q, p);
                int next = 0;
                for (int i = 0; i < plan.requests(); i++) {
                    assertThat(plan.from(i)).isEqualTo(next);
                    assertThat(plan.size(i)).isBetween(1, QueryPlan.MAX_QUERIES);
                    assertThat((long) plan.size(i) * p).isLessThanOrEqualTo(QueryPlan.MAX_DATAPOINTS);
                    next = plan.to(i);
                }
                assertThat(next).as("queries covered for q=%d p=%d", q, p).isEqualTo(q);
                assertThat(plan.requests()).isGreaterThanOrEqualTo(plan.minimumRequests());
            }
        }
    }

    @Test
    void theMinimumIsReachedWheneverThePointsPerQueryAllowIt() {
        // p <= 201, or p dividing 100,800: e.g. 1–8, 10, 12, 14, 15, 20, 21, 24, 25, 28, 30 days hourly
        int[] days = {1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 15, 20, 21, 24, 25, 28, 30};
        for (int d : days) {
            int p = 24 * d;
            for (int q = 1; q <= 20_000; q += 37) {
                assertThat(QueryPlan.of(q, p).requests()).as("q=%d, %d days", q, d).isEqualTo(QueryPlan.minimumRequests(q, p));
            }
        }
    }

    @Test
    void whereTheBoundCannotBeReachedThePlanNeedsOneMore() {
        // two requests would have to carry 993 queries: one of them at least 497 × 203 = 100,891 > 100,800 datapoints
        QueryPlan plan = QueryPlan.of(993, 203);
        assertThat(plan.minimumRequests()).isEqualTo(2);
        assertThat(plan.requests()).isEqualTo(3);
    }

    @Test
    void nothingToFetchMeansNoRequest() {
        assertThat(QueryPlan.of(0, 168).requests()).isZero();
        assertThat(QueryPlan.of(0, 168).minimumRequests()).isZero();
    }

    @Test
    void aQueryLongerThanOneRequestCanCarryIsRefusedWithTheFix() {
        assertThatThrownBy(() -> QueryPlan.of(1, 100_801)).hasMessageContaining("longer period or a shorter window");
    }
}
