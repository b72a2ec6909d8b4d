package dev.slicewise.detect;

import java.time.Duration;

/**
 * The underuse rule's thresholds (all user-changeable).
 *
 * <p>A GPU is <em>underused</em> when, over the look-back window, the p95 of its hourly average utilization is
 * below {@code maxP95UtilPct} and its peak framebuffer use is below {@code maxPeakMemFraction} of its memory,
 * with at least {@code minCoverage} of the window's hours holding data (and at least {@code minPoints} hours),
 * on a node at least {@code minNodeAge} old. Too little data gives "insufficient data", never a recommendation.
 */
public record DetectionPolicy(double maxP95UtilPct, double maxPeakMemFraction, double minCoverage, int minPoints,
                              Duration minNodeAge, double idleMaxUtilPct) {
    public static final DetectionPolicy DEFAULT = new DetectionPolicy(50, 0.60, 0.75, 72, Duration.ofHours(72), 1.0);

    public DetectionPolicy {
        if (!(maxP95UtilPct > 0 && maxP95UtilPct <= 100)) throw new IllegalArgumentException("maxP95UtilPct must be in (0, 100]: " + maxP95UtilPct);
        if (!(maxPeakMemFraction > 0 && maxPeakMemFraction <= 1)) throw new IllegalArgumentException("maxPeakMemFraction must be in (0, 1]: " + maxPeakMemFraction);
        if (!(minCoverage >= 0 && minCoverage <= 1)) throw new IllegalArgumentException("minCoverage must be in [0, 1]: " + minCoverage);
        if (minPoints < 1) throw new IllegalArgumentException("minPoints must be at least 1: " + minPoints);
        if (minNodeAge == null || minNodeAge.isNegative()) throw new IllegalArgumentException("minNodeAge must be a non-negative duration: " + minNodeAge);
        if (!(idleMaxUtilPct >= 0 && idleMaxUtilPct < maxP95UtilPct)) {
            throw new IllegalArgumentException("idleMaxUtilPct must be in [0, maxP95UtilPct): " + idleMaxUtilPct);
        }
    }
}
