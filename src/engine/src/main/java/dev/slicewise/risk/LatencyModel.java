package dev.slicewise.risk;

import java.util.List;

/** Estimates how time-slicing one GPU between tenants changes their latency. */
public interface LatencyModel {
    /**
     * @param tenantUtil hourly GPU-time (percent of the GPU, NaN = no data) of each tenant sharing the GPU, as measured
     *                   when it had the GPU alone
     */
    LatencyEstimate estimate(List<double[]> tenantUtil);
}
