package dev.slicewise.workflow.testkit;

import dev.slicewise.workflow.PoolKey;
import dev.slicewise.workflow.RecommendationStore;
import dev.slicewise.workflow.Status;
import dev.slicewise.workflow.StatusChange;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.Transition;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A store with the same atomic semantics as the DynamoDB one (each method is one critical section). */
public final class InMemoryStore implements RecommendationStore {
    private final Map<String, StoredRecommendation> records = new HashMap<>();
    private final Map<PoolKey, String[]> pools = new HashMap<>();

    public synchronized StoredRecommendation createIfAbsent(StoredRecommendation record) {
        return records.computeIfAbsent(record.id(), k -> record);
    }

    public synchronized Optional<StoredRecommendation> find(String id) {
        return Optional.ofNullable(records.get(id));
    }

    public synchronized Transition transition(String id, Set<Status> from, StatusChange change) {
        StoredRecommendation r = records.get(id);
        if (r == null) return new Transition.Missing();
        if (!from.contains(r.status())) return new Transition.Refused(r.status());
        StoredRecommendation after = r.with(change);
        records.put(id, after);
        return new Transition.Moved(after);
    }

    public synchronized void markNotified(String id, Instant at) {
        StoredRecommendation r = records.get(id);
        records.put(id, new StoredRecommendation(r.id(), r.recommendation(), r.status(), r.createdAt(), r.expiresAt(),
                r.trigger(), at, r.decisionPublishedAt(), r.outcomeNotifiedAt(), r.history(), r.context(), r.observed()));
    }

    public synchronized void markDecisionPublished(String id, Instant at) {
        StoredRecommendation r = records.get(id);
        records.put(id, new StoredRecommendation(r.id(), r.recommendation(), r.status(), r.createdAt(), r.expiresAt(),
                r.trigger(), r.notifiedAt(), at, r.outcomeNotifiedAt(), r.history(), r.context(), r.observed()));
    }

    public synchronized void markOutcomeNotified(String id, Instant at) {
        StoredRecommendation r = records.get(id);
        records.put(id, new StoredRecommendation(r.id(), r.recommendation(), r.status(), r.createdAt(), r.expiresAt(),
                r.trigger(), r.notifiedAt(), r.decisionPublishedAt(), at, r.history(), r.context(), r.observed()));
    }

    public synchronized boolean claimNotification(PoolKey pool, String recommendationId, String recordId, Instant at) {
        String[] last = pools.get(pool);
        if (last != null && last[0].equals(recommendationId) && !last[1].equals(recordId)) return false;
        pools.put(pool, new String[] {recommendationId, recordId});
        return true;
    }

    /** Test helper: put a record in any state. */
    public synchronized void put(StoredRecommendation r) {
        records.put(r.id(), r);
    }

    public synchronized int size() {
        return records.size();
    }
}
