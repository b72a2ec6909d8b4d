package dev.slicewise.collect;

import dev.slicewise.telemetry.GpuMetrics;

/**
 * The series fetched for one GPU.
 *
 * @param uuid  {@code GPU-…} when the metrics carry it (dcgm-exporter's UUID label), else null
 * @param model {@code NVIDIA H100 80GB HBM3} when the metrics carry it (modelName label), else null
 */
public record GpuReading(String uuid, String model, GpuMetrics metrics) {}
