package dev.slicewise.workflow;

import dev.slicewise.approve.LinkFactory;
import dev.slicewise.notify.MessageComposer;
import dev.slicewise.notify.Notifier;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Applies an approved recommendation exactly once per record id, whatever the bus delivers: the claim APPROVED →
 * APPLYING is a conditional write, so a duplicate or concurrent "Recommendation Approved" finds it taken. The outcome
 * (APPLIED / ROLLED_BACK / FAILED, with the applier's details) is recorded, announced on the bus and notified; a retry
 * after a failed notification only re-sends the notice.
 *
 * <p>The store is the authority, not the event: an Approved event for a record that is not APPROVED is refused, so
 * nothing but the approval endpoint can start an apply.
 */
public final class ApplyService {
    private static final System.Logger LOG = System.getLogger(ApplyService.class.getName());
    static final String BY = "apply function";

    public enum Kind {
        /** this invocation applied it, or rolled it back (whatever the outcome) */
        APPLIED_NOW,
        /** another invocation has it or had it; nothing done */
        DUPLICATE,
        /** it was applied before; only the outcome notice was (re)sent */
        RENOTIFIED,
        /** an earlier apply stopped without recording an outcome; recorded as FAILED for a person to check */
        INTERRUPTED,
        /** the event does not match the store (unknown record, not approved) */
        REFUSED
    }

    public record Result(String recordId, Kind kind, Status status, String detail) {}

    private final RecommendationStore store;
    private final PlanApplier applier;
    private final EventPublisher events;
    private final Notifier notifier;
    private final MessageComposer composer;
    private final Optional<LinkFactory> links;
    private final Clock clock;
    private final Duration lease;
    private final Duration viewLinkValidity;

    /**
     * @param links optional: when present, the outcome message carries a fresh read-only link to the record
     * @param lease how long an APPLYING claim is honoured: at least the apply function's timeout, so an APPLYING record
     *              older than that belongs to an invocation that died
     */
    public ApplyService(RecommendationStore store, PlanApplier applier, EventPublisher events, Notifier notifier,
                        MessageComposer composer, Optional<LinkFactory> links, Clock clock, Duration lease,
                        Duration viewLinkValidity) {
        this.store = Objects.requireNonNull(store, "store");
        this.applier = Objects.requireNonNull(applier, "applier");
        this.events = Objects.requireNonNull(events, "events");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.composer = Objects.requireNonNull(composer, "composer");
        this.links = Objects.requireNonNull(links, "links");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.viewLinkValidity = Objects.requireNonNull(viewLinkValidity, "viewLinkValidity");
    }

    public Result apply(String recordId) {
        Optional<StoredRecommendation> found = store.find(recordId);
        if (found.isEmpty()) {
            LOG.log(Level.ERROR, "Approved event for unknown recommendation {0}: refused", recordId);
            return new Result(recordId, Kind.REFUSED, null, "no such recommendation");
        }
        StoredRecommendation rec = found.get();
        Instant now = clock.instant();
        return switch (rec.status()) {
            case PENDING, REJECTED -> {
                LOG.log(Level.ERROR, "Approved event for recommendation {0}, which is {1}: refused", recordId, rec.status());
                yield new Result(recordId, Kind.REFUSED, rec.status(), "recommendation is " + rec.status());
            }
            case APPROVED -> claimAndApply(rec, now);
            case APPLYING -> {
                if (rec.lastChange().at().plus(lease).isAfter(now)) {
                    LOG.log(Level.INFO, "recommendation {0} is being applied by another invocation", recordId);
                    yield new Result(recordId, Kind.DUPLICATE, Status.APPLYING, "being applied since " + rec.lastChange().at());
                }
                yield interrupted(rec, now);
            }
            case ROLLBACK_REQUESTED, ROLLING_BACK -> {
                LOG.log(Level.INFO, "recommendation {0} was applied and is being rolled back ({1})", recordId, rec.status());
                yield new Result(recordId, Kind.DUPLICATE, rec.status(), "already applied; " + rec.status());
            }
            case APPLIED, ROLLED_BACK, FAILED -> {
                if (rec.outcomeNotifiedAt() != null) {
                    LOG.log(Level.INFO, "recommendation {0} was already applied ({1})", recordId, rec.status());
                    yield new Result(recordId, Kind.DUPLICATE, rec.status(), "already " + rec.status());
                }
                announce(rec, outcomeOf(rec.lastChange()));
                yield new Result(recordId, Kind.RENOTIFIED, rec.status(), rec.lastChange().summary());
            }
        };
    }

    /**
     * Rolls back an applied recommendation whose rollback someone requested from its page ({@code ROLLBACK_REQUESTED},
     * set by the approval endpoint with a rollback-bound token): claims it (→ ROLLING_BACK, conditional, so a duplicate
     * event does nothing), undoes the apply, records ROLLED_BACK (or APPLIED when the applier refused and changed
     * nothing, or FAILED), announces and notifies. Like {@link #apply}, the store decides, not the event.
     */
    public Result rollback(String recordId) {
        Optional<StoredRecommendation> found = store.find(recordId);
        if (found.isEmpty()) {
            LOG.log(Level.ERROR, "Rollback Requested event for unknown recommendation {0}: refused", recordId);
            return new Result(recordId, Kind.REFUSED, null, "no such recommendation");
        }
        StoredRecommendation rec = found.get();
        Instant now = clock.instant();
        return switch (rec.status()) {
            case ROLLBACK_REQUESTED -> claimAndRollBack(rec, now);
            case ROLLING_BACK -> {
                if (rec.lastChange().at().plus(lease).isAfter(now)) {
                    yield new Result(recordId, Kind.DUPLICATE, Status.ROLLING_BACK, "being rolled back since " + rec.lastChange().at());
                }
                yield interrupted(rec, now);
            }
            case ROLLED_BACK, FAILED, APPLIED -> {
                if (rec.lastChangeTo(Status.ROLLING_BACK).isEmpty()) {
                    // APPLIED with no rollback ever started: nobody asked through the page, so the event is not believed
                    LOG.log(Level.ERROR, "Rollback Requested event for recommendation {0}, which is {1} and was not asked to roll back: refused",
                            recordId, rec.status());
                    yield new Result(recordId, Kind.REFUSED, rec.status(), "no rollback was requested");
                }
                if (rec.outcomeNotifiedAt() != null && !rec.outcomeNotifiedAt().isBefore(rec.lastChange().at())) {
                    yield new Result(recordId, Kind.DUPLICATE, rec.status(), "rollback already finished: " + rec.status());
                }
                announce(rec, outcomeOf(rec.lastChange()));
                yield new Result(recordId, Kind.RENOTIFIED, rec.status(), rec.lastChange().summary());
            }
            case PENDING, APPROVED, REJECTED, APPLYING -> {
                LOG.log(Level.ERROR, "Rollback Requested event for recommendation {0}, which is {1}: refused", recordId, rec.status());
                yield new Result(recordId, Kind.REFUSED, rec.status(), "recommendation is " + rec.status());
            }
        };
    }

    private Result claimAndRollBack(StoredRecommendation rec, Instant now) {
        return claimAndRun(rec, now, Status.ROLLBACK_REQUESTED, Status.ROLLING_BACK, "rollback", applier::rollback);
    }

    private Result claimAndApply(StoredRecommendation rec, Instant now) {
        return claimAndRun(rec, now, Status.APPROVED, Status.APPLYING, "apply", applier::apply);
    }

    /**
     * Claims the record ({@code from} → {@code claimed}, conditional: of two deliveries one wins), runs the applier on
     * it — an exception is an outcome too (FAILED with its cause chain), never a retry that would run it twice — and
     * records, announces and notifies the outcome.
     */
    private Result claimAndRun(StoredRecommendation rec, Instant now, Status from, Status claimed, String what,
                               java.util.function.Function<StoredRecommendation, ApplyOutcome> run) {
        Transition claim = store.transition(rec.id(), Set.of(from), StatusChange.of(claimed, now, BY, what.equals("apply") ? "applying" : "rolling back"));
        if (!(claim instanceof Transition.Moved moved)) {
            LOG.log(Level.INFO, "recommendation {0} was claimed by another invocation ({1})", rec.id(), claim);
            return new Result(rec.id(), Kind.DUPLICATE, claim instanceof Transition.Refused r ? r.current() : null, "claimed elsewhere");
        }
        ApplyOutcome outcome;
        try {
            outcome = Objects.requireNonNull(run.apply(moved.after()), "applier returned no outcome");
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, what + " of " + rec.id() + " threw: " + e, e);
            outcome = new ApplyOutcome.Failed("The " + what + " could not run: " + e.getMessage(), causes(e));
        }
        return record(moved.after(), claimed, outcome);
    }

    /** Records the outcome of the claimed move (conditional on {@code claimed}), announces and notifies it. */
    private Result record(StoredRecommendation claimedRecord, Status claimed, ApplyOutcome outcome) {
        StatusChange done = new StatusChange(outcome.status(), clock.instant(), BY, outcome.summary(), outcome.details());
        Transition recorded = store.transition(claimedRecord.id(), Set.of(claimed), done);
        StoredRecommendation after = recorded instanceof Transition.Moved m ? m.after() : claimedRecord.with(done);
        if (!(recorded instanceof Transition.Moved)) {
            LOG.log(Level.ERROR, "recommendation {0}: outcome {1} could not be recorded ({2})", claimedRecord.id(), outcome.status(), recorded);
        }
        LOG.log(Level.INFO, "recommendation {0}: {1} — {2}", claimedRecord.id(), outcome.status(), outcome.summary());
        announce(after, outcome);
        return new Result(claimedRecord.id(), Kind.APPLIED_NOW, outcome.status(), outcome.summary());
    }

    private Result interrupted(StoredRecommendation rec, Instant now) {
        String what = rec.status() == Status.ROLLING_BACK ? "rollback" : "apply";
        ApplyOutcome outcome = new ApplyOutcome.Failed("The " + what + " started at " + rec.lastChange().at()
                + " did not finish (the function stopped). Check the cluster: changes may be partly " + (what.equals("apply") ? "applied" : "undone") + ".", List.of());
        Transition t = store.transition(rec.id(), Set.of(rec.status()),
                new StatusChange(Status.FAILED, now, BY, outcome.summary(), outcome.details()));
        if (!(t instanceof Transition.Moved m)) {
            return new Result(rec.id(), Kind.DUPLICATE, t instanceof Transition.Refused r ? r.current() : null, "resolved elsewhere");
        }
        LOG.log(Level.ERROR, "recommendation {0}: {1} interrupted, recorded as FAILED", rec.id(), what);
        announce(m.after(), outcome);
        return new Result(rec.id(), Kind.INTERRUPTED, Status.FAILED, outcome.summary());
    }

    private void announce(StoredRecommendation rec, ApplyOutcome outcome) {
        events.publish(new WorkflowEvent.RecommendationApplied(rec.id(), rec.recommendation().id(), rec.cluster(),
                rec.nodePool(), outcome.status(), outcome.summary(), clock.instant()));
        Instant linksExpire = clock.instant().plus(viewLinkValidity);
        URI view = links.map(f -> f.links(rec.id(), linksExpire).view()).orElse(null);
        // an applied change can be undone from its page: the notice carries a link that shows the Roll back button
        URI rollback = outcome instanceof ApplyOutcome.Applied && rec.status() == Status.APPLIED
                ? links.map(f -> f.link(rec.id(), dev.slicewise.approve.Action.ROLLBACK, linksExpire)).orElse(null) : null;
        notifier.send(composer.outcome(rec, outcome, view, rollback));
        store.markOutcomeNotified(rec.id(), clock.instant());
    }

    static ApplyOutcome outcomeOf(StatusChange c) {
        return switch (c.to()) {
            case APPLIED -> new ApplyOutcome.Applied(c.summary(), c.details());
            case ROLLED_BACK -> new ApplyOutcome.RolledBack(c.summary(), c.details());
            default -> new ApplyOutcome.Failed(c.summary(), c.details());
        };
    }

    private static List<String> causes(Throwable e) {
        List<String> out = new ArrayList<>();
        for (Throwable t = e; t != null && out.size() < 5; t = t.getCause()) out.add(t.getClass().getSimpleName() + ": " + t.getMessage());
        return out;
    }
}
