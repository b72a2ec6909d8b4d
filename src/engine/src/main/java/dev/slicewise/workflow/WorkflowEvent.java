package dev.slicewise.workflow;

import java.time.Instant;

/**
 * The events Slicewise puts on its EventBridge bus (source {@value #SOURCE}); the record is the event's
 * {@code detail}. They carry ids and facts, never tokens or plans: a consumer reads the record from the store.
 */
public sealed interface WorkflowEvent {
    String SOURCE = "dev.slicewise";

    /** The EventBridge {@code detail-type}. */
    String detailType();

    /** Ask for one cluster (optionally one NodePool) to be analysed; the schedule fans out one per cluster. */
    record AnalyzeClusterRequested(String cluster, String nodePool, String reason, Instant requestedAt) implements WorkflowEvent {
        public static final String DETAIL_TYPE = "Analyze Cluster Requested";

        public String detailType() {
            return DETAIL_TYPE;
        }
    }

    record RecommendationCreated(String recordId, String recommendationId, String cluster, String nodePool,
                                 String instanceType, String sharing, Double monthlySavingsUsd, Instant expiresAt)
            implements WorkflowEvent {
        public static final String DETAIL_TYPE = "Recommendation Created";

        public String detailType() {
            return DETAIL_TYPE;
        }
    }

    record RecommendationApproved(String recordId, String recommendationId, String cluster, String nodePool,
                                  Instant approvedAt) implements WorkflowEvent {
        public static final String DETAIL_TYPE = "Recommendation Approved";

        public String detailType() {
            return DETAIL_TYPE;
        }
    }

    record RecommendationRejected(String recordId, String recommendationId, String cluster, String nodePool,
                                  Instant rejectedAt) implements WorkflowEvent {
        public static final String DETAIL_TYPE = "Recommendation Rejected";

        public String detailType() {
            return DETAIL_TYPE;
        }
    }

    /**
     * Someone asked, from the approval page, to undo an applied recommendation; the apply function (the only one allowed
     * to write to the cluster) rolls it back.
     */
    record RollbackRequested(String recordId, String recommendationId, String cluster, String nodePool,
                             Instant requestedAt) implements WorkflowEvent {
        public static final String DETAIL_TYPE = "Rollback Requested";

        public String detailType() {
            return DETAIL_TYPE;
        }
    }

    /** The apply (or a rollback on request) finished; {@code outcome} is APPLIED, ROLLED_BACK or FAILED. */
    record RecommendationApplied(String recordId, String recommendationId, String cluster, String nodePool,
                                 Status outcome, String summary, Instant finishedAt) implements WorkflowEvent {
        public static final String DETAIL_TYPE = "Recommendation Applied";

        public String detailType() {
            return DETAIL_TYPE;
        }
    }
}
