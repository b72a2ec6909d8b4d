package dev.slicewise.detect;

/**
 * The numbers a verdict rests on.
 *
 * @param p50UtilPct     median of the hourly average utilization
 * @param p95UtilPct     p95 of the hourly average utilization
 * @param maxUtilPct     highest hourly maximum
 * @param peakMemMiB     highest hourly maximum framebuffer use
 * @param memCapacityMiB framebuffer of the GPU
 * @param coverage       share of the window's hours that hold data, 0..1
 * @param points         hours with data
 */
public record Evidence(double p50UtilPct, double p95UtilPct, double maxUtilPct, double peakMemMiB, long memCapacityMiB,
                       double coverage, int points) {}
