package dev.slicewise.fleet;

import dev.slicewise.telemetry.GpuMetrics;

/**
 * One physical GPU of a node.
 *
 * @param device  the device name the exporters use ({@code nvidia0}); CloudWatch's GpuDevice dimension
 * @param uuid    {@code GPU-…} when known, else null
 * @param metrics its series over the window; null when nothing was published for it
 */
public record GpuDevice(String device, String uuid, GpuMetrics metrics) {}
