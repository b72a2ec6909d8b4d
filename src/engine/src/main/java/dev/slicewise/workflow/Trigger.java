package dev.slicewise.workflow;

import java.time.Instant;

/** Why an analysis was asked for, as mapped from the incoming event. Every trigger carries the event's id and time. */
public sealed interface Trigger {
    String eventId();

    Instant time();

    /** The fan-out's "Analyze Cluster Requested", a delayed re-check, or a person's "Analyze Now". */
    record AnalyzeCluster(String cluster, String nodePool, String reason, String eventId, Instant time) implements Trigger {}

    /** A CloudWatch alarm on the cluster's GPU utilization changed state. */
    record AlarmFired(String alarmName, String cluster, String state, String eventId, Instant time) implements Trigger {}

    /** An EC2 instance entered "running" (maybe new GPU capacity). */
    record InstanceRunning(String instanceId, String eventId, Instant time) implements Trigger {}
}
