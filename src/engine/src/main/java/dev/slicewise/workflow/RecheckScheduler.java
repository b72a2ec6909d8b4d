package dev.slicewise.workflow;

import java.time.Instant;

/**
 * Port: asks for a NodePool to be re-analysed later (adapter: a one-time EventBridge Scheduler schedule that puts an
 * "Analyze Cluster Requested" event on the bus and deletes itself).
 */
public interface RecheckScheduler {
    /** @return false when a re-check for this pool is already scheduled (a burst of new nodes gets one re-check) */
    boolean scheduleRecheck(String cluster, String nodePool, Instant at, String reason);
}
