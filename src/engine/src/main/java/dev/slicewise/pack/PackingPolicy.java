package dev.slicewise.pack;

/**
 * How tightly workloads may be packed.
 *
 * @param targetUtilPct        the p95 of the summed hourly GPU-time of the tenants of one time-sliced GPU must stay
 *                             at or below this (default 70: leaves room for bursts and the time-slicing overhead)
 * @param memHeadroomFraction  share of GPU (or MIG instance) memory kept free above the summed peak framebuffer
 *                             use (default 0.10); time-slicing has no memory isolation, so an overrun is an OOM
 * @param maxReplicas          most tenants per time-sliced GPU (default 8)
 * @param migComputeTargetPct  a tenant fits a MIG instance when its compute demand is at most this share of the
 *                             instance's SMs (default 70)
 */
public record PackingPolicy(double targetUtilPct, double memHeadroomFraction, int maxReplicas, double migComputeTargetPct) {
    public static final PackingPolicy DEFAULT = new PackingPolicy(70, 0.10, 8, 70);

    public PackingPolicy {
        if (!(targetUtilPct > 0 && targetUtilPct <= 100)) throw new IllegalArgumentException("targetUtilPct must be in (0, 100]: " + targetUtilPct);
        if (!(memHeadroomFraction >= 0 && memHeadroomFraction < 1)) throw new IllegalArgumentException("memHeadroomFraction must be in [0, 1): " + memHeadroomFraction);
        if (maxReplicas < 2) throw new IllegalArgumentException("maxReplicas must be >= 2 (the device plugin rejects fewer): " + maxReplicas);
        if (!(migComputeTargetPct > 0 && migComputeTargetPct <= 100)) throw new IllegalArgumentException("migComputeTargetPct must be in (0, 100]: " + migComputeTargetPct);
    }
}
