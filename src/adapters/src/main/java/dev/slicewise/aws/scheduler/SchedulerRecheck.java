package dev.slicewise.aws.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slicewise.workflow.RecheckScheduler;
import dev.slicewise.workflow.RecommendationJson;
import dev.slicewise.workflow.WorkflowEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;

/**
 * A delayed re-check as a one-time EventBridge Scheduler schedule ({@code at(...)}, deleted after it runs) whose target
 * is the Slicewise bus: at the given time it puts an "Analyze Cluster Requested" event for the NodePool there. The
 * schedule name is derived from cluster and NodePool, so while one re-check is pending a second request finds the name
 * taken — a scale-up of ten GPU nodes schedules one re-check.
 */
public final class SchedulerRecheck implements RecheckScheduler {
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final SchedulerClient scheduler;
    private final String group;
    private final String busArn;
    private final String roleArn;
    private final String deadLetterArn;

    /**
     * @param roleArn       the role Scheduler assumes to put the event on the bus (events:PutEvents on that bus only)
     * @param deadLetterArn SQS queue for events Scheduler could not deliver, or null
     */
    public SchedulerRecheck(SchedulerClient scheduler, String group, String busArn, String roleArn, String deadLetterArn) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.group = Objects.requireNonNull(group, "group");
        this.busArn = Objects.requireNonNull(busArn, "busArn");
        this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
        this.deadLetterArn = deadLetterArn;
    }

    @Override
    public boolean scheduleRecheck(String cluster, String nodePool, Instant at, String reason) {
        Instant when = at.truncatedTo(ChronoUnit.SECONDS);
        String input;
        try {
            input = RecommendationJson.mapper().writeValueAsString(
                    new WorkflowEvent.AnalyzeClusterRequested(cluster, nodePool, "re-check after " + reason, when));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            scheduler.createSchedule(r -> r.name(name(cluster, nodePool)).groupName(group)
                    .description("Slicewise re-check of " + cluster + "/" + nodePool + ": " + truncate(reason, 400))
                    .scheduleExpression("at(" + AT.format(when) + ")").scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .target(t -> {
                        t.arn(busArn).roleArn(roleArn).input(input)
                                .eventBridgeParameters(p -> p.detailType(WorkflowEvent.AnalyzeClusterRequested.DETAIL_TYPE)
                                        .source(WorkflowEvent.SOURCE))
                                .retryPolicy(p -> p.maximumRetryAttempts(3).maximumEventAgeInSeconds(3600));
                        if (deadLetterArn != null) t.deadLetterConfig(d -> d.arn(deadLetterArn));
                    }));
            return true;
        } catch (ConflictException e) {
            return false;
        }
    }

    /** {@code recheck-<cluster>-<pool>} cut to fit, plus a hash of both so different pools never share a name (≤ 64 chars). */
    static String name(String cluster, String nodePool) {
        String readable = ("recheck-" + cluster + "-" + nodePool).replaceAll("[^0-9A-Za-z_.-]", "-");
        if (readable.length() > 51) readable = readable.substring(0, 51);
        return readable + "-" + hash(cluster + "\n" + nodePool);
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
