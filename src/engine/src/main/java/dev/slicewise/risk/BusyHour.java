package dev.slicewise.risk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The busy hour of a group of tenants that would share one GPU: the hour at the 95th percentile (nearest rank) of
 * their summed hourly GPU-time, and what each tenant demanded in that hour.
 *
 * <p>Latency is judged on this hour rather than on averages because a shared GPU hurts when the tenants are busy
 * at the same time; summing hour by hour keeps peaks that never coincide from being stacked. An hour in which a
 * tenant has no data counts that tenant at its own p95 (a gap is not evidence of idleness); hours in which no
 * tenant has data are ignored.
 *
 * @param hour       index of the busy hour in the series
 * @param summedPct  summed GPU-time of all tenants in that hour, percent of one GPU (may exceed 100)
 * @param tenantPct  each tenant's GPU-time in that hour, percent of one GPU, in input order
 */
public record BusyHour(int hour, double summedPct, double[] tenantPct) {

    /**
     * @param tenantUtil hourly GPU-time per tenant in percent (NaN = no data), aligned hour by hour
     * @throws IllegalArgumentException naming the offending tenant/hour when the input is empty, misaligned, out of
     *                                  range, or a tenant has no data at all
     */
    public static BusyHour of(List<double[]> tenantUtil) {
        if (tenantUtil == null || tenantUtil.isEmpty()) {
            throw new IllegalArgumentException("no tenants: a latency estimate needs the hourly GPU-time of at least one tenant");
        }
        int hours = -1;
        double[] standIn = new double[tenantUtil.size()];
        for (int t = 0; t < tenantUtil.size(); t++) {
            double[] series = tenantUtil.get(t);
            if (series == null) throw new IllegalArgumentException("tenant #" + t + " has no utilization series (null)");
            if (hours < 0) hours = series.length;
            else if (series.length != hours) {
                throw new IllegalArgumentException("tenant #" + t + " has " + series.length + " hourly points but tenant #0 has "
                        + hours + ": the series must be aligned hour by hour");
            }
            for (int h = 0; h < series.length; h++) {
                double v = series[h];
                if (!Double.isNaN(v) && (v < 0 || v > 100 || Double.isInfinite(v))) {
                    throw new IllegalArgumentException("tenant #" + t + ", hour " + h + ": GPU-time " + v
                            + " % is outside 0-100 % of one GPU");
                }
            }
            double[] present = Arrays.stream(series).filter(v -> !Double.isNaN(v)).toArray();
            if (present.length == 0) {
                throw new IllegalArgumentException("tenant #" + t + " has no utilization data (every hour is NaN), so its "
                        + "effect on the others cannot be estimated");
            }
            standIn[t] = nearestRank(present, 0.95);
        }

        List<double[]> rows = new ArrayList<>(); // {hour, summed}
        for (int h = 0; h < hours; h++) {
            boolean any = false;
            double sum = 0;
            for (int t = 0; t < tenantUtil.size(); t++) {
                double v = tenantUtil.get(t)[h];
                any |= !Double.isNaN(v);
                sum += Double.isNaN(v) ? standIn[t] : v;
            }
            if (any) rows.add(new double[] {h, sum});
        }
        // stable sort: among equal sums the earlier hour wins, so the result does not depend on sort internals
        rows.sort(Comparator.comparingDouble(r -> r[1]));
        double[] busy = rows.get(rank(rows.size(), 0.95));
        int hour = (int) busy[0];
        double[] perTenant = new double[tenantUtil.size()];
        for (int t = 0; t < perTenant.length; t++) {
            double v = tenantUtil.get(t)[hour];
            perTenant[t] = Double.isNaN(v) ? standIn[t] : v;
        }
        return new BusyHour(hour, busy[1], perTenant);
    }

    /** The nearest-rank percentile ({@code p} in 0..1) of values that contain no NaN. */
    static double nearestRank(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[rank(sorted.length, p)];
    }

    private static int rank(int n, double p) {
        // the epsilon keeps e.g. 0.95 * 20 = 19.000000000000004 from rounding up to rank 20
        return Math.max(0, (int) Math.ceil(p * n - 1e-9) - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BusyHour b && hour == b.hour && Double.compare(summedPct, b.summedPct) == 0
                && Arrays.equals(tenantPct, b.tenantPct);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * hour + Double.hashCode(summedPct)) + Arrays.hashCode(tenantPct);
    }

    @Override
    public String toString() {
        return "BusyHour[hour=" + hour + ", summedPct=" + summedPct + ", tenantPct=" + Arrays.toString(tenantPct) + "]";
    }
}
