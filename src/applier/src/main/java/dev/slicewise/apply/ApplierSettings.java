package dev.slicewise.apply;

import java.time.Duration;

/**
 * Timeouts and names the applier uses. Defaults follow the components' own timings: the kubelet refreshes mounted
 * ConfigMaps within about a minute; the MIG manager waits up to 5 minutes per paused operand and may reboot the
 * node; Karpenter reconciles a NodeOverlay within seconds when its feature gate is on.
 *
 * @param fieldManager      the one server-side-apply field manager every write uses
 * @param pollInterval      pause between two reads while waiting
 * @param mountTimeout      how long a new named config may take to appear in the plugin's / MIG manager's mount
 * @param drainTimeout      how long GPU pods on a cordoned node may take to finish (or be evicted)
 * @param migStateTimeout   how long {@code nvidia.com/mig.config.state} may take to reach success (a reboot included)
 * @param verifyTimeout     how long allocatable may take to show the new capacity after the label switch
 * @param overlayTimeout    how long Karpenter may take to mark a NodeOverlay Ready
 * @param conflictRetries   retries of a node write whose resourceVersion moved only because of status heartbeats
 */
public record ApplierSettings(String fieldManager, Duration pollInterval, Duration mountTimeout, Duration drainTimeout,
                              Duration migStateTimeout, Duration verifyTimeout, Duration overlayTimeout,
                              int conflictRetries) {
    public static final String FIELD_MANAGER = "slicewise";

    public static ApplierSettings defaults() {
        return new ApplierSettings(FIELD_MANAGER, Duration.ofSeconds(10), Duration.ofMinutes(3), Duration.ofMinutes(30),
                Duration.ofMinutes(20), Duration.ofMinutes(5), Duration.ofMinutes(2), 3);
    }

    public ApplierSettings {
        if (fieldManager == null || fieldManager.isBlank()) throw new IllegalArgumentException("fieldManager is required");
        if (pollInterval.isZero() || pollInterval.isNegative()) throw new IllegalArgumentException("pollInterval must be positive");
    }
}
