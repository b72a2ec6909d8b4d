package dev.slicewise.aws.scheduler;

/** Test access to the schedule naming rule. */
public final class SchedulerRecheckAccess {
    private SchedulerRecheckAccess() {}

    public static String name(String cluster, String nodePool) {
        return SchedulerRecheck.name(cluster, nodePool);
    }
}
