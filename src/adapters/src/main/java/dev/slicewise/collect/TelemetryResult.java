package dev.slicewise.collect;

import dev.slicewise.telemetry.GpuMetrics;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The series found for a cluster.
 *
 * @param source     which CloudWatch schema was read ({@code Container Insights (namespace ContainerInsights)}), or
 *                   {@code none}
 * @param gpus       series per GPU; GPUs without any published metric are absent (never filled)
 * @param podDevices the devices each pod was seen on, from the pod-level metrics' dimensions
 * @param podMetrics per-pod series where the metrics name a pod but no GPU (a dcgm-exporter dimension set without
 *                   Hostname/gpu)
 */
public record TelemetryResult(String source, Map<GpuKey, GpuReading> gpus, Map<PodKey, Set<String>> podDevices,
                              Map<PodKey, GpuMetrics> podMetrics, List<CollectionNote> notes, TelemetryCost cost) {
    public TelemetryResult {
        gpus = Map.copyOf(gpus);
        podDevices = Map.copyOf(podDevices);
        podMetrics = Map.copyOf(podMetrics);
        notes = List.copyOf(notes);
    }
}
