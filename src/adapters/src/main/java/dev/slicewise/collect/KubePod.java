package dev.slicewise.collect;

import java.time.Instant;

/**
 * A pod that requests GPUs.
 *
 * @param owner       {@code Deployment/llm-api}, {@code StatefulSet/x}, {@code Job/y}, or {@code Pod/name} when unowned
 * @param node        {@code spec.nodeName}; null while pending
 * @param phase       {@code status.phase}
 * @param gpuResource the extended resource requested ({@code nvidia.com/gpu}, {@code nvidia.com/mig-1g.10gb}, …)
 * @param startedAt   {@code status.startTime}; null when not started
 */
public record KubePod(PodKey key, String owner, String node, String phase, String gpuResource, int gpuCount,
                      int cpuMillis, long memoryMiB, Instant startedAt) {}
