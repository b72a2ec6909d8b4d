package dev.slicewise.telemetry;

/**
 * The series known for one physical GPU (or, where attributable, one workload).
 *
 * @param util       DCGM_FI_DEV_GPU_UTIL / node_gpu_utilization, percent 0..100. Time-busy: the share of time
 *                   any kernel ran, not how much of the GPU it used (see the H100 probe, scenario N1).
 * @param memUsedMiB DCGM_FI_DEV_FB_USED / node_gpu_memory_used, MiB
 * @param smActive   DCGM_FI_PROF_SM_ACTIVE as percent 0..100, or null when not published
 * @param grEngineActive DCGM_FI_PROF_GR_ENGINE_ACTIVE as percent 0..100, or null; the only utilization signal
 *                   per MIG instance (GPU_UTIL is not reported per MIG instance)
 */
public record GpuMetrics(UsageSeries util, UsageSeries memUsedMiB, UsageSeries smActive, UsageSeries grEngineActive) {
    public GpuMetrics(UsageSeries util, UsageSeries memUsedMiB) {
        this(util, memUsedMiB, null, null);
    }
}
