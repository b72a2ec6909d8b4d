package dev.slicewise.risk;

/**
 * Expected latency change for the tenants of a time-sliced GPU.
 *
 * @param p50Factor   expected median latency multiplier for the most affected tenant (1.0 = unchanged)
 * @param p95Factor   expected tail latency multiplier for the most affected tenant
 * @param model       one line naming the model and its calibration
 * @param calibrationError the model's error on the H100 probe measurements, e.g. "median abs. error 6 % on 9 scenarios"
 */
public record LatencyEstimate(double p50Factor, double p95Factor, String model, String calibrationError) {}
