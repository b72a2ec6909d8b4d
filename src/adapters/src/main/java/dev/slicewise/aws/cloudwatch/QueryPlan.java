package dev.slicewise.aws.cloudwatch;

import java.util.ArrayList;
import java.util.List;

/**
 * How a set of GetMetricData queries over one window is split into requests.
 *
 * <p>GetMetricData takes at most {@value #MAX_QUERIES} queries and returns at most {@value #MAX_DATAPOINTS}
 * datapoints per request (more means NextToken pages, each one another request). Every query here covers the same
 * window at the same period, so each brings {@code p = window / period} datapoints. No plan can use fewer than
 * {@code max(ceil(Q/500), ceil(Q·p/100,800))} requests; this one puts whole queries into
 * {@code ceil(Q / min(500, floor(100,800/p)))} requests of near-equal size, which is exactly that minimum whenever
 * {@code p <= 201} or {@code p} divides 100,800 (every window of 1–8, 10, 12, 14, 15, 20, 21, 24, 25, 28 or 30 days
 * at an hourly period; the default 7 days × 24 h = 168 points among them). For other {@code p} the bound can be
 * unreachable — e.g. 993 queries × 203 points: two requests would need one of them to carry 497 × 203 = 100,891
 * datapoints — and the plan needs at most one request more than the bound ({@link #minimumRequests()} vs
 * {@link #requests()} says so).
 */
public final class QueryPlan {
    public static final int MAX_QUERIES = 500;
    public static final int MAX_DATAPOINTS = 100_800;

    private final int queries;
    private final int pointsPerQuery;
    private final List<int[]> batches; // [from, to) index ranges into the query list

    private QueryPlan(int queries, int pointsPerQuery, List<int[]> batches) {
        this.queries = queries;
        this.pointsPerQuery = pointsPerQuery;
        this.batches = batches;
    }

    /**
     * @param queries        number of queries (each one metric × one statistic)
     * @param pointsPerQuery datapoints each query covers (window length / period)
     */
    public static QueryPlan of(int queries, int pointsPerQuery) {
        if (queries < 0) throw new IllegalArgumentException("negative query count " + queries);
        if (pointsPerQuery < 1) throw new IllegalArgumentException("a query must cover at least one period, not " + pointsPerQuery);
        if (pointsPerQuery > MAX_DATAPOINTS) {
            throw new IllegalArgumentException(pointsPerQuery + " datapoints per query exceed GetMetricData's "
                    + MAX_DATAPOINTS + " per request: use a longer period or a shorter window");
        }
        List<int[]> batches = new ArrayList<>();
        if (queries > 0) {
            int perRequest = Math.min(MAX_QUERIES, MAX_DATAPOINTS / pointsPerQuery);
            int n = ceilDiv(queries, perRequest);
            // near-equal sizes: the first (queries % n) batches carry one query more
            int base = queries / n, extra = queries % n, from = 0;
            for (int i = 0; i < n; i++) {
                int size = base + (i < extra ? 1 : 0);
                batches.add(new int[] {from, from + size});
                from += size;
            }
        }
        return new QueryPlan(queries, pointsPerQuery, List.copyOf(batches));
    }

    /** {@code max(ceil(Q/500), ceil(Q·p/100,800))}: no plan can do with fewer requests. */
    public static int minimumRequests(int queries, long pointsPerQuery) {
        if (queries == 0) return 0;
        long datapoints = queries * pointsPerQuery;
        return (int) Math.max(ceilDiv(queries, MAX_QUERIES), (datapoints + MAX_DATAPOINTS - 1) / MAX_DATAPOINTS);
    }

    public int minimumRequests() {
        return minimumRequests(queries, pointsPerQuery);
    }

    /** Requests this plan makes (assuming CloudWatch does not page a request under its limits). */
    public int requests() {
        return batches.size();
    }

    public int queries() {
        return queries;
    }

    public long datapoints() {
        return (long) queries * pointsPerQuery;
    }

    /** Query index range {@code [from, to)} of request {@code i}. */
    public int from(int i) {
        return batches.get(i)[0];
    }

    public int to(int i) {
        return batches.get(i)[1];
    }

    public int size(int i) {
        return to(i) - from(i);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
