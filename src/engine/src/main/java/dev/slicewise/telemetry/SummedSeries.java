package dev.slicewise.telemetry;

/**
 * Hour-by-hour sum of several aligned series.
 *
 * @param values       the sum, NaN where at least one series had no data
 * @param presentHours hours where every series had data (the only hours the sum is defined for)
 * @param partialHours hours where some but not all series had data, dropped from the sum (reported, never filled)
 */
public record SummedSeries(double[] values, int presentHours, int partialHours) {

    /** Nearest-rank p-th percentile of the defined hours (see {@link Stats}). */
    public double percentile(double p) {
        return Stats.percentile(values, p);
    }
}
