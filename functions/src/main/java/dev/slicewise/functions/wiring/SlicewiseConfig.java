package dev.slicewise.functions.wiring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the functions read from their environment (template.yaml sets it; e.g. {@code SLICEWISE_TABLE} →
 * {@code slicewise.table}). Resource names are optional here and required where used, so each function needs only
 * what it uses.
 */
@ConfigMapping(prefix = "slicewise")
public interface SlicewiseConfig {
    /** DynamoDB state table */
    Optional<String> table();

    /** SNS topic for all notifications */
    Optional<String> topicArn();

    /** the Slicewise EventBridge bus */
    Optional<String> busName();

    Optional<String> busArn();

    /** base URL of the approval endpoint (the approval function's Function URL) */
    Optional<String> approvalUrl();

    /** Secrets Manager id of the approval-link signing key */
    Optional<String> signingSecret();

    /** clusters to analyse; when empty, EKS clusters carrying {@link #discoveryTag()} */
    Optional<List<String>> clusters();

    @WithDefault("slicewise:enabled=true")
    String discoveryTag();

    /** telemetry look-back of each analysis */
    @WithDefault("P7D")
    Duration lookback();

    /** how long links (and approval) stay valid */
    @WithDefault("P3D")
    Duration approvalValidity();

    /** how long a record stays in the table after its links expire (audit trail) */
    @WithDefault("P30D")
    Duration retention();

    @WithDefault("false")
    boolean notifyNothingToDo();

    /** delay between new GPU capacity and the re-check of its NodePool */
    @WithDefault("PT30M")
    Duration settlingDelay();

    Optional<String> schedulerGroup();

    /** role EventBridge Scheduler assumes to put the re-check event on the bus */
    Optional<String> schedulerRoleArn();

    /** dead-letter queue for re-check events Scheduler cannot deliver */
    Optional<String> schedulerDlqArn();

    /** at least the apply function's timeout */
    @WithDefault("PT15M")
    Duration applyLease();

    Thresholds thresholds();

    /** JSON log lines (one object per line, Powertools' MDC fields on top); off for readable local runs. */
    @WithDefault("true")
    boolean logJson();

    /** The detection and packing knobs (defaults: the engine's). */
    interface Thresholds {
        Optional<Double> maxP95UtilPct();

        Optional<Double> maxPeakMemFraction();

        Optional<Double> targetUtilPct();

        Optional<Double> memHeadroomFraction();

        Optional<Integer> maxReplicas();

        Optional<Double> hoursPerMonth();
    }
}
