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
}
