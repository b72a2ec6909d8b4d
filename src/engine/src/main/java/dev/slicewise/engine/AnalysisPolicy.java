package dev.slicewise.engine;

import dev.slicewise.detect.DetectionPolicy;
import dev.slicewise.pack.PackingPolicy;

/**
 * All knobs of one analysis, passed in (never read from the environment).
 *
 * @param hoursPerMonth 730 by default
 * @param priceOverrideUsdPerHour when non-null, every instance is priced at this (the seeds' "$0.752/h" example)
 */
public record AnalysisPolicy(DetectionPolicy detection, PackingPolicy packing, double hoursPerMonth, Double priceOverrideUsdPerHour) {
    public static final AnalysisPolicy DEFAULT = new AnalysisPolicy(DetectionPolicy.DEFAULT, PackingPolicy.DEFAULT, 730, null);

    public AnalysisPolicy {
        if (detection == null) throw new IllegalArgumentException("detection policy is required");
        if (packing == null) throw new IllegalArgumentException("packing policy is required");
        if (!(hoursPerMonth > 0 && hoursPerMonth <= 744)) throw new IllegalArgumentException("hoursPerMonth must be in (0, 744]: " + hoursPerMonth);
        if (priceOverrideUsdPerHour != null && !(priceOverrideUsdPerHour >= 0 && Double.isFinite(priceOverrideUsdPerHour))) {
            throw new IllegalArgumentException("priceOverrideUsdPerHour must be a non-negative number: " + priceOverrideUsdPerHour);
        }
    }
}
