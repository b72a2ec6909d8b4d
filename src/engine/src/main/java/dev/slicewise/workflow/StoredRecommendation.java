package dev.slicewise.workflow;

import dev.slicewise.recommend.Recommendation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A recommendation as the serverless workflow keeps it: one approval cycle of one {@link Recommendation}.
 *
 * @param id                  the record (and link) id: derived from the recommendation's content id and the event
 *                            that triggered the analysis, so a retried invocation finds its own record again, while the
 *                            same recommendation coming back later gets a fresh cycle that old links cannot approve
 * @param trigger             what started the analysis ({@code schedule}, {@code alarm slicewise-low-gpu-prod}, …)
 * @param expiresAt           links and approval stop working then; the table's TTL deletes the item some time later
 * @param notifiedAt          when the notice left through the notifier; null until then (a retry sends it again)
 * @param decisionPublishedAt when the Approved/Rejected event reached the bus; null until then
 * @param outcomeNotifiedAt   when the apply outcome notice left; null until then
 * @param history             every status change, oldest first; the last one is the current status
 * @param context             the analysis behind it, cut to its pool, for the review page; null when not kept
 * @param observed            what the cluster looked like for every object the plan touches, captured at analysis
 *                            time by the {@link ClusterObserver} (opaque here: the applier's own format), so the apply
 *                            refuses a plan whose inputs changed before it; null when not captured
 */
public record StoredRecommendation(String id, Recommendation recommendation, Status status, Instant createdAt,
                                   Instant expiresAt, String trigger, Instant notifiedAt, Instant decisionPublishedAt,
                                   Instant outcomeNotifiedAt, List<StatusChange> history, AnalysisContext context,
                                   String observed) {
    public StoredRecommendation {
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** Without an observation (records stored before observations existed, tests). */
    public StoredRecommendation(String id, Recommendation recommendation, Status status, Instant createdAt,
                                Instant expiresAt, String trigger, Instant notifiedAt, Instant decisionPublishedAt,
                                Instant outcomeNotifiedAt, List<StatusChange> history, AnalysisContext context) {
        this(id, recommendation, status, createdAt, expiresAt, trigger, notifiedAt, decisionPublishedAt, outcomeNotifiedAt,
                history, context, null);
    }

    /** A fresh PENDING record. */
    public static StoredRecommendation pending(String id, Recommendation recommendation, Instant now, Instant expiresAt,
                                               String trigger) {
        return pending(id, recommendation, now, expiresAt, trigger, null);
    }

    public static StoredRecommendation pending(String id, Recommendation recommendation, Instant now, Instant expiresAt,
                                               String trigger, AnalysisContext context) {
        return pending(id, recommendation, now, expiresAt, trigger, context, null);
    }

    public static StoredRecommendation pending(String id, Recommendation recommendation, Instant now, Instant expiresAt,
                                               String trigger, AnalysisContext context, String observed) {
        return new StoredRecommendation(id, recommendation, Status.PENDING, now, expiresAt, trigger, null, null, null,
                List.of(StatusChange.of(Status.PENDING, now, trigger, "recommendation created")), context, observed);
    }

    public String cluster() {
        return recommendation.cluster();
    }

    public String nodePool() {
        return recommendation.nodePool();
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The latest change, i.e. how it got to its current status. */
    public StatusChange lastChange() {
        return history.isEmpty() ? StatusChange.of(status, createdAt, trigger, "") : history.get(history.size() - 1);
    }

    /** This record after {@code change} (what the store writes atomically). */
    public StoredRecommendation with(StatusChange change) {
        List<StatusChange> h = new ArrayList<>(history);
        h.add(change);
        return new StoredRecommendation(id, recommendation, change.to(), createdAt, expiresAt, trigger, notifiedAt,
                decisionPublishedAt, outcomeNotifiedAt, h, context, observed);
    }

    /** The latest change to {@code status} (e.g. who approved it, when it was applied), if it ever had it. */
    public java.util.Optional<StatusChange> lastChangeTo(Status status) {
        for (int i = history.size() - 1; i >= 0; i--) if (history.get(i).to() == status) return java.util.Optional.of(history.get(i));
        return java.util.Optional.empty();
    }
}
