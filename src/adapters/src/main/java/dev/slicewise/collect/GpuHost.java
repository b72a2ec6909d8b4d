package dev.slicewise.collect;

/**
 * A GPU node the telemetry must cover.
 *
 * @param instanceId   EC2 instance id, when known: Container Insights puts it in the metric's dimensions and it
 *                     tells a replaced node with a reused name from the current one
 * @param physicalGpus GPUs expected on the node (devices {@code nvidia0} … {@code nvidia<n-1>})
 */
public record GpuHost(String node, String instanceId, String instanceType, int physicalGpus) {}
