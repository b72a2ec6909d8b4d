package dev.slicewise.pack;

/**
 * One workload replica (pod) to be placed on a shared GPU, with the demand measured on the GPU it had alone.
 *
 * @param id           {@code namespace/pod}
 * @param owner        owning controller ({@code Deployment/llm-api}), for grouping and for the changes to request
 * @param util         hourly GPU-time demand in percent of one full GPU (NaN = no data in that hour); the series
 *                     is summed with co-located tenants so coinciding peaks are not stacked
 * @param p95Util      p95 of {@code util}
 * @param computePct   share of the GPU's SMs it needs, percent: SM_ACTIVE when published, else GPU_UTIL (an upper
 *                     bound: a time-busy GPU may still leave most SMs idle)
 * @param peakMemMiB   peak framebuffer use, MiB
 * @param cpuMillis    CPU request (0 = none)
 * @param memoryMiB    memory request (0 = none)
 * @param fromNode     the node it runs on today
 */
public record Tenant(String id, String owner, double[] util, double p95Util, double computePct, double peakMemMiB,
                     int cpuMillis, long memoryMiB, String fromNode) {}
