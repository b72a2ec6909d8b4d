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

    /** How the applier waits (all of it must fit in the apply function's timeout, 600 s in template.yaml). */
    ApplyTimings apply();

    Kubernetes kubernetes();

    /** JSON log lines (one object per line, Powertools' MDC fields on top); off for readable local runs. */
    @WithDefault("true")
    boolean logJson();

    /**
     * The applier's waits. Time-slicing: mount + verify + overlay ≤ 6 min with these defaults. A MIG reconfiguration
     * drains and reconfigures node by node and can outlast a Lambda invocation on a large pool: the apply is then cut
     * off, recorded FAILED after the lease ("check the cluster"), and the journal keeps what it wrote.
     */
    interface ApplyTimings {
        @WithDefault("PT5S")
        Duration pollInterval();

        @WithDefault("PT2M")
        Duration mountTimeout();

        @WithDefault("PT3M")
        Duration drainTimeout();

        @WithDefault("PT4M")
        Duration migStateTimeout();

        @WithDefault("PT3M")
        Duration verifyTimeout();

        @WithDefault("PT1M")
        Duration overlayTimeout();
    }

    /** How the functions reach the clusters' Kubernetes APIs. */
    interface Kubernetes {
        /**
         * TESTS ONLY: send every cluster's Kubernetes requests to this URL instead of the endpoint DescribeCluster names
         * (the whole-loop test's mock API server). Everything else stays as in production — DescribeCluster must find
         * the cluster, and the requests carry the EKS bearer token of the function's role. Unset in template.yaml;
         * never set it in a deployment. ({@code SLICEWISE_KUBERNETES_API_URL_OVERRIDE})
         */
        Optional<java.net.URI> apiUrlOverride();
    }

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
