package dev.slicewise.collect;

import dev.slicewise.progress.Progress;

/** Port: per-GPU utilization and memory series for a cluster's GPUs. Adapter: CloudWatch (GetMetricData). */
public interface GpuTelemetry {
    /**
     * Fetches aligned per-step aggregates (average, maximum, sample count) for every GPU of the request. Gaps stay
     * gaps; whatever is missing is reported in {@link TelemetryResult#notes()}.
     */
    TelemetryResult fetch(TelemetryRequest request, Progress progress);
}
