package dev.slicewise.workflow;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Port: where recommendations and their approval state live (adapter: one DynamoDB table, conditional writes). Every
 * state-changing method is atomic, so concurrent Lambda invocations cannot both win.
 */
public interface RecommendationStore {

    /**
     * Stores {@code record} unless a record with its id exists; returns what is stored afterwards (the existing record
     * when this is a retry of the invocation that created it).
     */
    StoredRecommendation createIfAbsent(StoredRecommendation record);

    Optional<StoredRecommendation> find(String id);

    /** Moves the record to {@code change.to()} only if its status is one of {@code from}, appending {@code change}. */
    Transition transition(String id, Set<Status> from, StatusChange change);

    /** Sets {@code notifiedAt}. */
    void markNotified(String id, Instant at);

    /** Sets {@code decisionPublishedAt}. */
    void markDecisionPublished(String id, Instant at);

    /** Sets {@code outcomeNotifiedAt}. */
    void markOutcomeNotified(String id, Instant at);

    /**
     * Claims the right to notify {@code recommendationId} for {@code pool}: succeeds when the pool's last notified
     * recommendation is a different one (or none), or when it is this very record (a retry). Atomic: of two runs
     * producing the same recommendation at once, one claims it.
     */
    boolean claimNotification(PoolKey pool, String recommendationId, String recordId, Instant at);
}
