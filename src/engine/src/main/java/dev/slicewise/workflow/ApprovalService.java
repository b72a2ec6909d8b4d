package dev.slicewise.workflow;

import dev.slicewise.approve.Action;
import dev.slicewise.approve.ApprovalTokens;
import dev.slicewise.approve.LinkTarget;
import dev.slicewise.approve.ReviewPage;
import dev.slicewise.approve.StatusPages;
import dev.slicewise.approve.TokenCheck;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The approval endpoint behind the one-click links.
 *
 * <p>GET (and HEAD) renders the review page and changes nothing — mail and chat link scanners open every link they
 * see. Only a POST carrying a token for that very action decides, and only once: PENDING → APPROVED/REJECTED is a
 * conditional write, so a replay or a second concurrent click is refused. After an approval the "Recommendation
 * Approved" event starts the apply.
 *
 * <p>The approve and reject links always travel together (same message), so opening either one shows both buttons,
 * each posting to its own URL with its own action-bound token (the other one is signed on the spot). The view link —
 * the one to share for review — shows the page without buttons.
 *
 * <p>Once APPLIED, the page opened through an approve, reject or rollback link shows a Roll back button posting to the
 * rollback URL with a rollback-bound token. A POST there moves APPLIED → ROLLBACK_REQUESTED (conditional: it works once)
 * and puts "Rollback Requested" on the bus; the apply function, the only one allowed to write to the cluster, undoes
 * the change. The record's approval expiry does not bound a rollback (a change stays undoable), the token's does.
 */
public final class ApprovalService {
    private static final System.Logger LOG = System.getLogger(ApprovalService.class.getName());
    /**
     * A losing or repeated approve re-publishes the Approved event only when the winner's publish is this overdue: the
     * winner normally publishes within a second, so a re-publish means the first one failed (the page told the person
     * to try again). The apply is idempotent anyway.
     */
    static final Duration REPUBLISH_GRACE = Duration.ofSeconds(30);

    /**
     * @param token the {@code t} query parameter (or, on POST without one, the form field), or null
     * @param base  the endpoint's own absolute URL ({@code https://<id>.lambda-url.<region>.on.aws}), for the buttons
     */
    public record Request(String method, String path, String token, String sourceIp, URI base) {}

    public record Response(int status, String html) {}

    private final ApprovalTokens tokens;
    private final RecommendationStore store;
    private final EventPublisher events;
    private final ReviewPage page;
    private final Clock clock;

    public ApprovalService(ApprovalTokens tokens, RecommendationStore store, EventPublisher events, ReviewPage page, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.page = Objects.requireNonNull(page, "page");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Response handle(Request request) {
        Optional<LinkTarget> target = LinkTarget.parse(request.path());
        if (target.isEmpty()) return new Response(404, StatusPages.page("Not found", "There is no Slicewise page at this address."));
        String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
        return switch (method) {
            case "GET", "HEAD" -> view(target.get(), request);
            case "POST" -> target.get().action() == Action.ROLLBACK ? requestRollback(target.get(), request) : decide(target.get(), request);
            default -> new Response(405, StatusPages.page("Method not allowed", "Open the link, then use the button on the page."));
        };
    }

    private Response view(LinkTarget target, Request request) {
        Instant now = clock.instant();
        TokenCheck check = tokens.check(request.token(), target.recordId(), target.action(), now);
        if (check instanceof TokenCheck.Rejected r) return refused(target, request, r);
        Optional<StoredRecommendation> found = store.find(target.recordId());
        if (found.isEmpty()) return gone();
        StoredRecommendation rec = found.get();
        ReviewPage.Controls controls = null;
        if (request.base() != null) {
            boolean decidable = (target.action() == Action.APPROVE || target.action() == Action.REJECT)
                    && rec.status() == Status.PENDING && !rec.expired(now);
            String approve = !decidable ? null
                    : target.action() == Action.APPROVE ? request.token() : tokens.issue(rec.id(), Action.APPROVE, rec.expiresAt());
            String reject = !decidable ? null
                    : target.action() == Action.REJECT ? request.token() : tokens.issue(rec.id(), Action.REJECT, rec.expiresAt());
            // whoever may decide (or holds the rollback link) may undo an applied change; the view link stays read-only
            boolean undoable = target.action() != Action.VIEW && rec.status() == Status.APPLIED;
            String rollback = !undoable ? null
                    : target.action() == Action.ROLLBACK ? request.token()
                    : tokens.issue(rec.id(), Action.ROLLBACK, ((TokenCheck.Valid) check).expiresAt());
            controls = new ReviewPage.Controls(decisionUrl(request.base(), rec.id(), Action.APPROVE, approve),
                    decisionUrl(request.base(), rec.id(), Action.REJECT, reject), decidable ? request.token() : null,
                    undoable ? decisionUrl(request.base(), rec.id(), Action.ROLLBACK, rollback) : null);
        }
        return new Response(200, page.render(rec, controls));
    }

    private static URI decisionUrl(URI base, String id, Action action, String token) {
        String b = base.toString();
        if (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return URI.create(b + new LinkTarget(id, action).path()
                + (token == null ? "" : "?" + ReviewPage.Controls.TOKEN_PARAMETER + "=" + token));
    }

    private Response decide(LinkTarget target, Request request) {
        if (target.action() == Action.VIEW) {
            return new Response(405, StatusPages.page("Nothing to do", "The view link shows the recommendation; it cannot change it."));
        }
        Instant now = clock.instant();
        TokenCheck check = tokens.check(request.token(), target.recordId(), target.action(), now);
        if (check instanceof TokenCheck.Rejected r) return refused(target, request, r);
        Optional<StoredRecommendation> found = store.find(target.recordId());
        if (found.isEmpty()) return gone();
        if (found.get().expired(now)) {
            return new Response(410, StatusPages.page("Expired", "This recommendation expired; Slicewise will propose again if it still applies."));
        }
        boolean approve = target.action() == Action.APPROVE;
        Status to = approve ? Status.APPROVED : Status.REJECTED;
        String by = "approval link" + (request.sourceIp() == null ? "" : " from " + request.sourceIp());
        Transition t = store.transition(target.recordId(), Set.of(Status.PENDING),
                StatusChange.of(to, now, by, approve ? "approved" : "rejected"));
        return switch (t) {
            case Transition.Moved m -> {
                LOG.log(Level.INFO, "recommendation {0} {1} by {2}", target.recordId(), to, by);
                yield publishDecision(m.after(), now) ? decided(approve) : notStarted(approve);
            }
            case Transition.Refused r -> {
                LOG.log(Level.INFO, "recommendation {0}: {1} refused, it is already {2}", target.recordId(), target.action().wire(), r.current());
                StoredRecommendation current = store.find(target.recordId()).orElse(found.get());
                boolean stuck = current.status() == to && current.decisionPublishedAt() == null
                        && current.lastChange().at().plus(REPUBLISH_GRACE).isBefore(now);
                if (stuck) yield publishDecision(current, now) ? decided(approve) : notStarted(approve);
                yield new Response(409, StatusPages.page("Already decided",
                        "This recommendation is already " + r.current().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                                + "; a link works once."));
            }
            case Transition.Missing x -> gone();
        };
    }

    private Response requestRollback(LinkTarget target, Request request) {
        Instant now = clock.instant();
        TokenCheck check = tokens.check(request.token(), target.recordId(), Action.ROLLBACK, now);
        if (check instanceof TokenCheck.Rejected r) return refused(target, request, r);
        Optional<StoredRecommendation> found = store.find(target.recordId());
        if (found.isEmpty()) return gone();
        String by = "rollback link" + (request.sourceIp() == null ? "" : " from " + request.sourceIp());
        Transition t = store.transition(target.recordId(), Set.of(Status.APPLIED),
                StatusChange.of(Status.ROLLBACK_REQUESTED, now, by, "rollback requested"));
        return switch (t) {
            case Transition.Moved m -> {
                LOG.log(Level.INFO, "recommendation {0}: rollback requested by {1}", target.recordId(), by);
                yield publishRollback(m.after(), now) ? rollbackStarted() : rollbackNotStarted();
            }
            case Transition.Refused r -> {
                StoredRecommendation current = store.find(target.recordId()).orElse(found.get());
                // requested, but the event never reached the bus (the page asked to submit again): hand it on again
                boolean stuck = current.status() == Status.ROLLBACK_REQUESTED
                        && current.lastChange().at().plus(REPUBLISH_GRACE).isBefore(now);
                if (stuck) yield publishRollback(current, now) ? rollbackStarted() : rollbackNotStarted();
                LOG.log(Level.INFO, "recommendation {0}: rollback refused, it is {1}", target.recordId(), r.current());
                yield new Response(409, StatusPages.page("Nothing to roll back", switch (r.current()) {
                    case ROLLBACK_REQUESTED, ROLLING_BACK -> "This change is already being rolled back; a rollback link works once.";
                    case ROLLED_BACK -> "This change was already rolled back; a rollback link works once.";
                    default -> "This recommendation is " + r.current().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                            + ": only an applied change can be rolled back.";
                }));
            }
            case Transition.Missing x -> gone();
        };
    }

    private boolean publishRollback(StoredRecommendation rec, Instant now) {
        try {
            events.publish(new WorkflowEvent.RollbackRequested(rec.id(), rec.recommendation().id(), rec.cluster(), rec.nodePool(), now));
            return true;
        } catch (RuntimeException ex) {
            LOG.log(Level.ERROR, "recommendation " + rec.id() + ": rollback requested but the event could not be published: " + ex, ex);
            return false;
        }
    }

    private static Response rollbackStarted() {
        return new Response(200, StatusPages.page("Rolling back",
                "Slicewise is restoring the cluster objects the apply changed. You will get a message with the outcome."));
    }

    private static Response rollbackNotStarted() {
        return new Response(503, StatusPages.page("Rollback requested, not started yet",
                "Your request is recorded, but Slicewise could not hand it on. Submit the page again in a minute to retry."));
    }

    /** Puts the decision on the bus; false (after logging) when the bus could not be reached. */
    private boolean publishDecision(StoredRecommendation rec, Instant now) {
        WorkflowEvent e = rec.status() == Status.APPROVED
                ? new WorkflowEvent.RecommendationApproved(rec.id(), rec.recommendation().id(), rec.cluster(), rec.nodePool(), now)
                : new WorkflowEvent.RecommendationRejected(rec.id(), rec.recommendation().id(), rec.cluster(), rec.nodePool(), now);
        try {
            events.publish(e);
        } catch (RuntimeException ex) {
            LOG.log(Level.ERROR, "recommendation " + rec.id() + " is " + rec.status() + " but the event could not be published: " + ex, ex);
            return false;
        }
        store.markDecisionPublished(rec.id(), clock.instant());
        return true;
    }

    private static Response decided(boolean approve) {
        return new Response(200, approve
                ? StatusPages.page("Approved", "Slicewise is applying the plan now. You will get a message with the outcome.")
                : StatusPages.page("Rejected", "Nothing will change. Slicewise will not notify this recommendation again unless something changes."));
    }

    private static Response notStarted(boolean approve) {
        return new Response(503, StatusPages.page(approve ? "Approved, not started yet" : "Rejected, not announced yet",
                "Your decision is recorded, but Slicewise could not hand it on. Submit the page again in a minute to retry."));
    }

    private Response refused(LinkTarget target, Request request, TokenCheck.Rejected r) {
        LOG.log(Level.WARNING, "refused {0} {1} for {2} from {3}: {4}", request.method(), target.action().wire(),
                target.recordId(), request.sourceIp(), r.reason());
        return new Response(403, StatusPages.page("Link not valid", r.message()));
    }

    private static Response gone() {
        return new Response(404, StatusPages.page("Not found", "This recommendation no longer exists (it expired and was removed)."));
    }
}
