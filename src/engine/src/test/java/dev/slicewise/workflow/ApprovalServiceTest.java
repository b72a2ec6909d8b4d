package dev.slicewise.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.approve.Action;
import dev.slicewise.approve.ApprovalTokens;
import dev.slicewise.approve.ReviewPage;
import dev.slicewise.workflow.testkit.InMemoryStore;
import dev.slicewise.workflow.testkit.Recorders;
import dev.slicewise.workflow.testkit.Samples;
import dev.slicewise.approve.TokenCheck;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApprovalServiceTest {
    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    static final String ID = "r-0123456789abcdef01234567";
    final ApprovalTokens tokens = new ApprovalTokens(() -> "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    final InMemoryStore store = new InMemoryStore();
    final Recorders.Events events = new Recorders.Events();
    final Recorders.MutableClock clock = new Recorders.MutableClock(NOW);
    static final URI BASE = URI.create("https://abc.lambda-url.us-east-1.on.aws");
    final List<ReviewPage.Controls> rendered = new CopyOnWriteArrayList<>();
    final ApprovalService service = new ApprovalService(tokens, store, events, (rec, controls) -> {
        rendered.add(controls);
        return "<page status=" + rec.status() + " buttons=" + controls.decidable() + ">";
    }, clock);
    final Instant expiry = NOW.plus(Duration.ofDays(3));

    @BeforeEach
    void pending() {
        store.put(StoredRecommendation.pending(ID, Samples.timeSlicing(), NOW.minus(Duration.ofHours(2)), expiry, "schedule"));
    }

    ApprovalService.Response call(String method, Action path, Action tokenAction) {
        return service.handle(new ApprovalService.Request(method, "/r/" + ID + "/" + path.wire(),
                tokens.issue(ID, tokenAction, expiry), "203.0.113.7", BASE));
    }

    StoredRecommendation stored() {
        return store.find(ID).orElseThrow();
    }

    @Test
    void openingAnyLinkShowsThePageAndChangesNothing() {
        assertThat(call("GET", Action.VIEW, Action.VIEW)).isEqualTo(new ApprovalService.Response(200, "<page status=PENDING buttons=false>"));
        assertThat(call("GET", Action.APPROVE, Action.APPROVE).html()).isEqualTo("<page status=PENDING buttons=true>");
        assertThat(call("HEAD", Action.APPROVE, Action.APPROVE).status()).isEqualTo(200);
        assertThat(call("GET", Action.REJECT, Action.REJECT).html()).isEqualTo("<page status=PENDING buttons=true>");
        // each button posts to its own URL with a token for exactly that action
        assertThat(rendered.get(0).approve()).hasToString(BASE + "/r/" + ID + "/approve"); // view: no token anywhere
        assertThat(rendered.get(0).formToken()).isNull();
        ReviewPage.Controls d = rendered.get(1);
        assertThat(d.approve().toString()).startsWith(BASE + "/r/" + ID + "/approve?t=v1.");
        assertThat(d.reject().toString()).startsWith(BASE + "/r/" + ID + "/reject?t=v1.");
        assertThat(tokens.check(d.approve().getQuery().substring(2), ID, Action.APPROVE, NOW)).isInstanceOf(TokenCheck.Valid.class);
        assertThat(tokens.check(d.reject().getQuery().substring(2), ID, Action.REJECT, NOW)).isInstanceOf(TokenCheck.Valid.class);
        assertThat(tokens.check(d.reject().getQuery().substring(2), ID, Action.APPROVE, NOW)).isInstanceOf(TokenCheck.Rejected.class);
        assertThat(stored().status()).isEqualTo(Status.PENDING);
        assertThat(stored().history()).hasSize(1);
        assertThat(events.published).isEmpty();
    }

    @Test
    void postingTheApproveTokenApprovesOnceAndStartsTheApply() {
        ApprovalService.Response r = call("POST", Action.APPROVE, Action.APPROVE);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.html()).contains("Approved", "applying the plan now");
        assertThat(stored().status()).isEqualTo(Status.APPROVED);
        assertThat(stored().lastChange().by()).isEqualTo("approval link from 203.0.113.7");
        assertThat(stored().decisionPublishedAt()).isEqualTo(NOW);
        assertThat(events.of(WorkflowEvent.RecommendationApproved.class)).singleElement()
                .satisfies(e -> assertThat(e.recordId()).isEqualTo(ID));
    }

    @Test
    void aReplayAfterApprovalIsRefusedAndPublishesNothing() {
        call("POST", Action.APPROVE, Action.APPROVE);
        ApprovalService.Response replay = call("POST", Action.APPROVE, Action.APPROVE);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.html()).contains("already approved");
        assertThat(call("POST", Action.REJECT, Action.REJECT).status()).isEqualTo(409);
        assertThat(events.published).hasSize(1);
        assertThat(stored().status()).isEqualTo(Status.APPROVED);
        // and the page no longer offers a button
        assertThat(call("GET", Action.APPROVE, Action.APPROVE).html()).isEqualTo("<page status=APPROVED buttons=false>");
    }

    @Test
    void rejectingRecordsItAndAnnouncesIt() {
        assertThat(call("POST", Action.REJECT, Action.REJECT).status()).isEqualTo(200);
        assertThat(stored().status()).isEqualTo(Status.REJECTED);
        assertThat(events.of(WorkflowEvent.RecommendationRejected.class)).hasSize(1);
    }

    @Test
    void badTokensAreRefusedWithoutStateChange() {
        // another action's token on the approve link
        assertThat(call("POST", Action.APPROVE, Action.REJECT).status()).isEqualTo(403);
        assertThat(call("POST", Action.APPROVE, Action.VIEW).status()).isEqualTo(403);
        // forged
        String forged = new ApprovalTokens(() -> "ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.UTF_8))
                .issue(ID, Action.APPROVE, expiry);
        assertThat(service.handle(new ApprovalService.Request("POST", "/r/" + ID + "/approve", forged, null, BASE)).status()).isEqualTo(403);
        // a genuine token of another record, on this record's link (tampered id in the URL)
        String other = tokens.issue("r-ffffffffffffffffffffffff", Action.APPROVE, expiry);
        ApprovalService.Response tampered = service.handle(new ApprovalService.Request("POST", "/r/" + ID + "/approve", other, null, BASE));
        assertThat(tampered.status()).isEqualTo(403);
        assertThat(tampered.html()).contains("another recommendation");
        // missing
        assertThat(service.handle(new ApprovalService.Request("POST", "/r/" + ID + "/approve", null, null, BASE)).status()).isEqualTo(403);
        // expired
        clock.advance(Duration.ofDays(4));
        ApprovalService.Response expired = call("POST", Action.APPROVE, Action.APPROVE);
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.html()).contains("expired");
        assertThat(stored().status()).isEqualTo(Status.PENDING);
        assertThat(events.published).isEmpty();
    }

    @Test
    void theViewLinkCannotDecideAndUnknownAddressesAreNotFound() {
        assertThat(call("POST", Action.VIEW, Action.VIEW).status()).isEqualTo(405);
        assertThat(service.handle(new ApprovalService.Request("GET", "/admin", "x", null, BASE)).status()).isEqualTo(404);
        assertThat(service.handle(new ApprovalService.Request("PUT", "/r/" + ID + "/approve", "x", null, BASE)).status()).isEqualTo(405);
        String unknown = "r-aaaaaaaaaaaaaaaaaaaaaaaa";
        assertThat(service.handle(new ApprovalService.Request("GET", "/r/" + unknown + "/view",
                tokens.issue(unknown, Action.VIEW, expiry), null, BASE)).status()).isEqualTo(404);
        assertThat(stored().status()).isEqualTo(Status.PENDING);
    }

    @Test
    void anExpiredRecordCannotBeApproved() {
        store.put(StoredRecommendation.pending(ID, Samples.timeSlicing(), NOW.minus(Duration.ofDays(3)), NOW.minusSeconds(1), "schedule"));
        assertThat(call("POST", Action.APPROVE, Action.APPROVE).status()).isEqualTo(410);
        assertThat(call("GET", Action.APPROVE, Action.APPROVE).html()).isEqualTo("<page status=PENDING buttons=false>");
        assertThat(stored().status()).isEqualTo(Status.PENDING);
    }

    @Test
    void whenTheBusIsDownTheApprovalIsKeptAndASubmitLaterPublishesIt() {
        events.failWith = new IllegalStateException("EventBridge unavailable (test)");
        ApprovalService.Response r = call("POST", Action.APPROVE, Action.APPROVE);
        assertThat(r.status()).isEqualTo(503);
        assertThat(stored().status()).isEqualTo(Status.APPROVED);
        assertThat(stored().decisionPublishedAt()).isNull();
        events.failWith = null;
        // a concurrent loser / quick resubmit does not publish a second time while the winner may still be publishing
        assertThat(call("POST", Action.APPROVE, Action.APPROVE).status()).isEqualTo(409);
        assertThat(events.published).isEmpty();
        clock.advance(ApprovalService.REPUBLISH_GRACE.plusSeconds(1));
        assertThat(call("POST", Action.APPROVE, Action.APPROVE).status()).isEqualTo(200);
        assertThat(events.of(WorkflowEvent.RecommendationApproved.class)).hasSize(1);
        assertThat(stored().decisionPublishedAt()).isNotNull();
        assertThat(call("POST", Action.APPROVE, Action.APPROVE).status()).isEqualTo(409);
        assertThat(events.published).hasSize(1);
    }

    @Test
    void twoConcurrentApprovalsApproveOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> f = List.of(pool.submit(() -> {
                go.await();
                return call("POST", Action.APPROVE, Action.APPROVE).status();
            }), pool.submit(() -> {
                go.await();
                return call("POST", Action.APPROVE, Action.APPROVE).status();
            }));
            go.countDown();
            assertThat(List.of(f.get(0).get(), f.get(1).get())).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(events.published).hasSize(1);
        assertThat(stored().history()).extracting(StatusChange::to).containsExactly(Status.PENDING, Status.APPROVED);
    }

    // ---------------------------------------------------------------------------------------------- rollback

    /** The record after an apply that succeeded. */
    void applied() {
        store.put(StoredRecommendation.pending(ID, Samples.timeSlicing(), NOW.minus(Duration.ofHours(2)), expiry, "schedule")
                .with(StatusChange.of(Status.APPROVED, NOW.minus(Duration.ofHours(1)), "approval link", "approved"))
                .with(StatusChange.of(Status.APPLYING, NOW.minus(Duration.ofMinutes(59)), "apply function", "applying"))
                .with(StatusChange.of(Status.APPLIED, NOW.minus(Duration.ofMinutes(55)), "apply function", "applied and verified")));
    }

    ApprovalService.Response rollback(String method, String token) {
        return service.handle(new ApprovalService.Request(method, "/r/" + ID + "/rollback", token, "203.0.113.7", BASE));
    }

    @Test
    void anAppliedRecommendationsPageOffersRollBackAndOpeningItChangesNothing() {
        applied();
        assertThat(call("GET", Action.VIEW, Action.VIEW).status()).isEqualTo(200);
        assertThat(rendered.get(0).rollback()).as("the view link stays read-only").isNull();
        call("GET", Action.APPROVE, Action.APPROVE);
        ReviewPage.Controls fromApprove = rendered.get(1);
        assertThat(fromApprove.decidable()).isFalse();
        assertThat(fromApprove.rollback().toString()).startsWith(BASE + "/r/" + ID + "/rollback?t=v1.");
        assertThat(tokens.check(fromApprove.rollback().getQuery().substring(2), ID, Action.ROLLBACK, NOW))
                .isEqualTo(new TokenCheck.Valid(ID, Action.ROLLBACK, expiry));
        String token = tokens.issue(ID, Action.ROLLBACK, NOW.plus(Duration.ofDays(7)));
        assertThat(rollback("GET", token).status()).isEqualTo(200);
        assertThat(rendered.get(2).rollback()).hasToString(BASE + "/r/" + ID + "/rollback?t=" + token);
        assertThat(rollback("HEAD", token).status()).isEqualTo(200);
        assertThat(stored().status()).isEqualTo(Status.APPLIED);
        assertThat(stored().history()).hasSize(4);
        assertThat(events.published).isEmpty();

        // a page before the apply has no Roll back button
        pending();
        call("GET", Action.APPROVE, Action.APPROVE);
        assertThat(rendered.get(rendered.size() - 1).rollback()).isNull();
    }

    @Test
    void postingTheRollbackTokenRequestsTheRollbackOnce() {
        applied();
        String token = tokens.issue(ID, Action.ROLLBACK, NOW.plus(Duration.ofDays(7)));
        ApprovalService.Response r = rollback("POST", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.html()).contains("Rolling back", "restoring the cluster objects");
        assertThat(stored().status()).isEqualTo(Status.ROLLBACK_REQUESTED);
        assertThat(stored().lastChange().by()).isEqualTo("rollback link from 203.0.113.7");
        assertThat(events.of(WorkflowEvent.RollbackRequested.class)).singleElement()
                .isEqualTo(new WorkflowEvent.RollbackRequested(ID, Samples.timeSlicing().id(), "prod-eks", "gpu-inference", NOW));

        // replayed: refused, nothing published again
        ApprovalService.Response replay = rollback("POST", token);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.html()).contains("already being rolled back");
        assertThat(events.published).hasSize(1);
        // and once it is done
        store.transition(ID, java.util.Set.of(Status.ROLLBACK_REQUESTED), StatusChange.of(Status.ROLLING_BACK, NOW, "apply function", "rolling back"));
        store.transition(ID, java.util.Set.of(Status.ROLLING_BACK), StatusChange.of(Status.ROLLED_BACK, NOW, "apply function", "rolled back"));
        assertThat(rollback("POST", token).html()).contains("already rolled back");
        assertThat(events.published).hasSize(1);
    }

    @Test
    void rollbackTokensAreCheckedLikeDecisionTokens() {
        applied();
        Instant later = NOW.plus(Duration.ofDays(7));
        // forged
        String forged = new ApprovalTokens(() -> "ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.UTF_8))
                .issue(ID, Action.ROLLBACK, later);
        assertThat(rollback("POST", forged).status()).isEqualTo(403);
        // the approve (or view) token cannot roll back, nor can a rollback token approve
        ApprovalService.Response approveToken = rollback("POST", tokens.issue(ID, Action.APPROVE, later));
        assertThat(approveToken.status()).isEqualTo(403);
        assertThat(approveToken.html()).contains("allows &#39;approve&#39;, not &#39;rollback&#39;");
        assertThat(rollback("POST", tokens.issue(ID, Action.VIEW, later)).status()).isEqualTo(403);
        assertThat(service.handle(new ApprovalService.Request("POST", "/r/" + ID + "/approve",
                tokens.issue(ID, Action.ROLLBACK, later), null, BASE)).status()).isEqualTo(403);
        // another record's rollback token
        assertThat(rollback("POST", tokens.issue("r-ffffffffffffffffffffffff", Action.ROLLBACK, later)).html())
                .contains("another recommendation");
        // expired
        String soon = tokens.issue(ID, Action.ROLLBACK, NOW.plusSeconds(60));
        clock.advance(Duration.ofMinutes(2));
        ApprovalService.Response expired = rollback("POST", soon);
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.html()).contains("expired");
        assertThat(rollback("POST", null).status()).isEqualTo(403);
        assertThat(stored().status()).isEqualTo(Status.APPLIED);
        assertThat(events.published).isEmpty();
    }

    @Test
    void onlyAnAppliedChangeCanBeRolledBackButItStaysUndoableAfterTheApprovalWindow() {
        String token = tokens.issue(ID, Action.ROLLBACK, NOW.plus(Duration.ofDays(10)));
        ApprovalService.Response pendingOne = rollback("POST", token);
        assertThat(pendingOne.status()).isEqualTo(409);
        assertThat(pendingOne.html()).contains("only an applied change can be rolled back");
        assertThat(stored().status()).isEqualTo(Status.PENDING);

        applied();
        clock.advance(Duration.ofDays(5)); // the approve links expired two days ago; the rollback link from the notice has not
        assertThat(rollback("POST", token).status()).isEqualTo(200);
        assertThat(stored().status()).isEqualTo(Status.ROLLBACK_REQUESTED);
    }

    @Test
    void whenTheBusIsDownTheRollbackRequestIsKeptAndASubmitLaterHandsItOn() {
        applied();
        String token = tokens.issue(ID, Action.ROLLBACK, NOW.plus(Duration.ofDays(7)));
        events.failWith = new IllegalStateException("EventBridge unavailable (test)");
        assertThat(rollback("POST", token).status()).isEqualTo(503);
        assertThat(stored().status()).isEqualTo(Status.ROLLBACK_REQUESTED);
        events.failWith = null;
        assertThat(rollback("POST", token).status()).isEqualTo(409);
        clock.advance(ApprovalService.REPUBLISH_GRACE.plusSeconds(1));
        assertThat(rollback("POST", token).status()).isEqualTo(200);
        assertThat(events.of(WorkflowEvent.RollbackRequested.class)).hasSize(1);
    }
}
