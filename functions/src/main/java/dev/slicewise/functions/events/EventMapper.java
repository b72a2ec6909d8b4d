package dev.slicewise.functions.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.workflow.Trigger;
import dev.slicewise.workflow.WorkflowEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Maps the EventBridge events the functions receive (the envelope AWS sends: version, id, detail-type, source,
 * account, time, region, resources, detail) to triggers. Anything else is refused with a reason: a malformed or
 * unexpected event is a bug or a misrouted rule, and retrying it would only repeat the failure.
 */
public final class EventMapper {
    public static final String MANUAL_SOURCE = "dev.slicewise.manual";
    public static final String ANALYZE_NOW = "Analyze Now";
    public static final String ALARM_STATE_CHANGE = "CloudWatch Alarm State Change";
    public static final String EC2_STATE_CHANGE = "EC2 Instance State-change Notification";
    /** Alarms the stack creates: {@code <prefix><cluster>}. */
    public static final String ALARM_PREFIX = "slicewise-low-gpu-";

    /** EKS cluster names: 1-100 characters, alphanumerics, hyphens and underscores, starting alphanumeric. */
    static final Pattern CLUSTER = Pattern.compile("[0-9A-Za-z][A-Za-z0-9_-]{0,99}");
    /** Kubernetes object names (DNS subdomain). */
    static final Pattern NODEPOOL = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    static final Pattern INSTANCE = Pattern.compile("i-[0-9a-f]{8,17}");

    private EventMapper() {}

    /** Events for the analyze function. */
    public static Mapped<Trigger> trigger(JsonNode event) {
        Envelope e = Envelope.of(event);
        if (e.problem != null) return new Mapped.Refused<>(e.problem, e.describe());
        JsonNode d = e.detail;
        try {
            if (WorkflowEvent.SOURCE.equals(e.source) && WorkflowEvent.AnalyzeClusterRequested.DETAIL_TYPE.equals(e.detailType)) {
                return new Mapped.Ok<>(new Trigger.AnalyzeCluster(cluster(d.path("cluster")), nodePool(d.path("nodePool")),
                        text(d.path("reason"), "analysis requested"), e.id, e.time));
            }
            if (MANUAL_SOURCE.equals(e.source) && ANALYZE_NOW.equals(e.detailType)) {
                String by = text(d.path("requestedBy"), null);
                return new Mapped.Ok<>(new Trigger.AnalyzeCluster(cluster(d.path("cluster")), nodePool(d.path("nodePool")),
                        "analyze now" + (by == null ? "" : " (" + by + ")"), e.id, e.time));
            }
            if ("aws.cloudwatch".equals(e.source) && ALARM_STATE_CHANGE.equals(e.detailType)) {
                String alarm = text(d.path("alarmName"), null);
                if (alarm == null) return new Mapped.Refused<>("alarm event without detail.alarmName", e.describe());
                String state = text(d.at("/state/value"), null);
                if (state == null) return new Mapped.Refused<>("alarm event without detail.state.value", e.describe());
                return new Mapped.Ok<>(new Trigger.AlarmFired(alarm, alarmCluster(alarm, d), state, e.id, e.time));
            }
            if ("aws.ec2".equals(e.source) && EC2_STATE_CHANGE.equals(e.detailType)) {
                String state = text(d.path("state"), null);
                if (!"running".equals(state)) return new Mapped.Refused<>("instance state " + state + " is not 'running'", e.describe());
                String id = text(d.path("instance-id"), "");
                if (!INSTANCE.matcher(id).matches()) return new Mapped.Refused<>("not an instance id: '" + id + "'", e.describe());
                return new Mapped.Ok<>(new Trigger.InstanceRunning(id, e.id, e.time));
            }
        } catch (IllegalArgumentException bad) {
            return new Mapped.Refused<>(bad.getMessage(), e.describe());
        }
        return new Mapped.Refused<>("unexpected event (no rule of this function sends it)", e.describe());
    }

    /** Events for the apply function: the record of a "Recommendation Approved" or of a "Rollback Requested". */
    public static Mapped<ApplyRequest> applyRequest(JsonNode event) {
        Envelope e = Envelope.of(event);
        if (e.problem != null) return new Mapped.Refused<>(e.problem, e.describe());
        boolean apply = WorkflowEvent.RecommendationApproved.DETAIL_TYPE.equals(e.detailType);
        boolean rollback = WorkflowEvent.RollbackRequested.DETAIL_TYPE.equals(e.detailType);
        if (!WorkflowEvent.SOURCE.equals(e.source) || !(apply || rollback)) {
            return new Mapped.Refused<>("unexpected event (the apply function only takes Recommendation Approved and Rollback Requested)",
                    e.describe());
        }
        String id = text(e.detail.path("recordId"), "");
        if (!id.matches("[A-Za-z0-9._-]{1,128}")) return new Mapped.Refused<>("detail.recordId missing or malformed", e.describe());
        return new Mapped.Ok<>(apply ? new ApplyRequest.Apply(id) : new ApplyRequest.Rollback(id));
    }

    /** The cluster of a low-utilization alarm: its ClusterName dimension, else the name after the stack's prefix. */
    static String alarmCluster(String alarm, JsonNode detail) {
        for (JsonNode m : detail.at("/configuration/metrics")) {
            JsonNode c = m.at("/metricStat/metric/dimensions/ClusterName");
            if (c.isTextual()) return cluster(c);
        }
        if (alarm.startsWith(ALARM_PREFIX)) return cluster(com.fasterxml.jackson.databind.node.TextNode.valueOf(alarm.substring(ALARM_PREFIX.length())));
        throw new IllegalArgumentException("alarm " + alarm + " names no cluster (no ClusterName dimension, no '" + ALARM_PREFIX + "' prefix)");
    }

    private static String cluster(JsonNode n) {
        String c = n.isTextual() ? n.asText().strip() : "";
        if (!CLUSTER.matcher(c).matches()) throw new IllegalArgumentException("detail.cluster missing or not an EKS cluster name: '" + c + "'");
        return c;
    }

    private static String nodePool(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) return null;
        String p = n.isTextual() ? n.asText().strip() : "";
        if (!NODEPOOL.matcher(p).matches()) throw new IllegalArgumentException("detail.nodePool is not a Kubernetes name: '" + p + "'");
        return p;
    }

    private static String text(JsonNode n, String otherwise) {
        return n.isTextual() && !n.asText().isBlank() ? n.asText() : otherwise;
    }

    /** The envelope fields every EventBridge event has. */
    private static final class Envelope {
        String id;
        String source;
        String detailType;
        Instant time;
        JsonNode detail;
        String problem;

        static Envelope of(JsonNode event) {
            Envelope e = new Envelope();
            if (event == null || !event.isObject()) {
                e.problem = "not an EventBridge event (expected a JSON object)";
                return e;
            }
            e.id = event.path("id").asText(null);
            e.source = event.path("source").asText(null);
            e.detailType = event.path("detail-type").asText(null);
            e.detail = event.path("detail");
            if (e.id == null || e.source == null || e.detailType == null) {
                e.problem = "not an EventBridge event (id, source or detail-type missing)";
            } else if (!e.detail.isObject()) {
                e.problem = "event has no detail object";
            } else {
                try {
                    e.time = Instant.parse(event.path("time").asText(""));
                } catch (DateTimeParseException x) {
                    e.problem = "event time is not an ISO-8601 instant: '" + event.path("time").asText("") + "'";
                }
            }
            return e;
        }

        String describe() {
            return "id=" + id + ", source=" + source + ", detail-type=" + detailType;
        }
    }
}
