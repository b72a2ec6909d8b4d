package dev.slicewise.aws.cloudwatch;

/** The per-GPU signals the engine reads (see {@link dev.slicewise.telemetry.GpuMetrics}). */
public enum GpuSignal {
    /** time-busy percent 0..100 */
    UTIL,
    /** framebuffer used, MiB */
    MEM_USED_MIB,
    /** percent 0..100 (DCGM reports a 0..1 ratio) */
    SM_ACTIVE,
    /** percent 0..100 (DCGM reports a 0..1 ratio) */
    GR_ENGINE_ACTIVE
}
