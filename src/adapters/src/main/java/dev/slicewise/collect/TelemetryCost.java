package dev.slicewise.collect;

/**
 * What one telemetry fetch asked of CloudWatch.
 *
 * @param metricsRequested  GetMetricData queries sent: CloudWatch bills {@code $0.01 per 1,000 metrics requested}
 * @param datapoints        datapoints those queries cover (queries × points per query)
 * @param requests          GetMetricData requests made (NextToken follow-ups included; SDK retries excluded)
 * @param minimumRequests   {@code max(ceil(queries/500), ceil(datapoints/100,800))}: the API's limits allow no fewer
 * @param listMetricsCalls  ListMetrics requests (discovery)
 */
public record TelemetryCost(int metricsRequested, long datapoints, int requests, int minimumRequests,
                            int listMetricsCalls) {
    public static final TelemetryCost NONE = new TelemetryCost(0, 0, 0, 0, 0);

    /** USD at the us-east-1 list price of GetMetricData ($0.01 per 1,000 metrics requested). */
    public double getMetricDataUsd() {
        return metricsRequested * 0.01 / 1000.0;
    }
}
