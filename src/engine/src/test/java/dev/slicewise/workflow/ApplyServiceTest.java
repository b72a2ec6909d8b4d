package dev.slicewise.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.approve.ApprovalTokens;
import dev.slicewise.approve.LinkFactory;
import dev.slicewise.notify.MessageComposer;
import dev.slicewise.workflow.testkit.InMemoryStore;
import dev.slicewise.workflow.testkit.Recorders;
import dev.slicewise.workflow.testkit.Samples;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ApplyServiceTest {
    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    static final String ID = "r-0123456789abcdef01234567";
    final InMemoryStore store = new InMemoryStore();
    final Recorders.Events events = new Recorders.Events();
    final Recorders.Messages messages = new Recorders.Messages();
    final Recorders.Applier applier = new Recorders.Applier();
    final Recorders.MutableClock clock = new Recorders.MutableClock(NOW);
    final ApprovalTokens tokens = new ApprovalTokens(() -> "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    final ApplyService service = new ApplyService(store, applier, events, messages, new MessageComposer(),
            Optional.of(new LinkFactory(URI.create("https://approve.example"), tokens)), clock, Duration.ofMinutes(10), Duration.ofDays(7));

    void put(Status status) {
        StoredRecommendation r = StoredRecommendation.pending(ID, Samples.timeSlicing(), NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(2)), "schedule");
        if (status != Status.PENDING) r = r.with(StatusChange.of(Status.APPROVED, NOW.minusSeconds(5), "approval link", "approved"));
        if (status != Status.PENDING && status != Status.APPROVED) r = r.with(StatusChange.of(status, NOW.minusSeconds(2), "x", "x"));
        store.put(r);
    }

    StoredRecommendation stored() {
        return store.find(ID).orElseThrow();
    }

    @Test
    void appliesAnApprovedRecommendationAndReportsTheOutcome() {
        put(Status.APPROVED);
        ApplyService.Result r = service.apply(ID);
        assertThat(r).isEqualTo(new ApplyService.Result(ID, ApplyService.Kind.APPLIED_NOW, Status.APPLIED, "Applied 2 steps and verified."));
        assertThat(applier.applied).containsExactly(ID);
        assertThat(stored().history()).extracting(StatusChange::to)
                .containsExactly(Status.PENDING, Status.APPROVED, Status.APPLYING, Status.APPLIED);
        assertThat(stored().lastChange().details()).containsExactly("device-plugin config added", "NodePool updated");
        assertThat(stored().outcomeNotifiedAt()).isEqualTo(NOW);
        assertThat(events.of(WorkflowEvent.RecommendationApplied.class)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Status.APPLIED));
        assertThat(messages.sent).singleElement().satisfies(n -> {
            assertThat(n.subject()).endsWith(" applied");
            assertThat(n.text()).contains("Record: https://approve.example/r/" + ID + "/view?t=v1.");
        });
    }

    @Test
    void aDuplicateApprovedEventAppliesNothingMore() {
        put(Status.APPROVED);
        service.apply(ID);
        ApplyService.Result again = service.apply(ID);
        assertThat(again.kind()).isEqualTo(ApplyService.Kind.DUPLICATE);
        assertThat(applier.applied).hasSize(1);
        assertThat(messages.sent).hasSize(1);
    }

    @Test
    void twoConcurrentDeliveriesApplyOnce() throws Exception {
        put(Status.APPROVED);
        CountDownLatch go = new CountDownLatch(1);
        applier.outcome = r -> {
            sleep(200); // hold the claim while the other delivery arrives
            return new dev.slicewise.workflow.ApplyOutcome.Applied("ok", List.of());
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ApplyService.Result>> f = List.of(pool.submit(() -> {
                go.await();
                return service.apply(ID);
            }), pool.submit(() -> {
                go.await();
                return service.apply(ID);
            }));
            go.countDown();
            assertThat(List.of(f.get(0).get().kind(), f.get(1).get().kind()))
                    .containsExactlyInAnyOrder(ApplyService.Kind.APPLIED_NOW, ApplyService.Kind.DUPLICATE);
        } finally {
            pool.shutdownNow();
        }
        assertThat(applier.applied).hasSize(1);
    }

    @Test
    void anApprovedEventForSomethingNotApprovedIsRefused() {
        put(Status.PENDING);
        assertThat(service.apply(ID).kind()).isEqualTo(ApplyService.Kind.REFUSED);
        assertThat(service.apply("r-ffffffffffffffffffffffff").kind()).isEqualTo(ApplyService.Kind.REFUSED);
        assertThat(applier.applied).isEmpty();
        assertThat(stored().status()).isEqualTo(Status.PENDING);
    }

    @Test
    void rollbacksAndFailuresAreRecordedAndNotified() {
        put(Status.APPROVED);
        applier.outcome = r -> new ApplyOutcome.RolledBack("Node labels did not converge; every change undone.", List.of("label timeout on ip-10-0-1-10"));
        assertThat(service.apply(ID).status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(stored().lastChange().details()).containsExactly("label timeout on ip-10-0-1-10");
        assertThat(messages.sent.get(0).subject()).endsWith("rolled back");
    }

    @Test
    void anApplierThatThrowsIsRecordedAsFailedNotRetried() {
        put(Status.APPROVED);
        applier.outcome = r -> {
            throw new IllegalStateException("cluster API unreachable");
        };
        ApplyService.Result r = service.apply(ID);
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(stored().lastChange().summary()).isEqualTo("The apply could not run: cluster API unreachable");
        assertThat(stored().lastChange().details()).containsExactly("IllegalStateException: cluster API unreachable");
        assertThat(messages.sent.get(0).subject()).endsWith("FAILED");
        assertThat(service.apply(ID).kind()).isEqualTo(ApplyService.Kind.DUPLICATE);
        assertThat(applier.applied).hasSize(1);
    }

    @Test
    void aFailedOutcomeNoticeIsResentByTheRetryWithoutApplyingAgain() {
        put(Status.APPROVED);
        messages.failures.set(1);
        assertThatThrownBy(() -> service.apply(ID)).hasMessageContaining("SNS unavailable");
        assertThat(stored().status()).isEqualTo(Status.APPLIED);
        assertThat(stored().outcomeNotifiedAt()).isNull();
        ApplyService.Result retry = service.apply(ID);
        assertThat(retry.kind()).isEqualTo(ApplyService.Kind.RENOTIFIED);
        assertThat(applier.applied).hasSize(1);
        assertThat(messages.sent).singleElement().satisfies(n -> assertThat(n.text()).contains("Applied 2 steps and verified."));
    }

    @Test
    void anApplyThatDiedIsReportedAsFailedAfterItsLease() {
        put(Status.APPLYING);
        assertThat(service.apply(ID).kind()).isEqualTo(ApplyService.Kind.DUPLICATE);
        clock.advance(Duration.ofMinutes(11));
        ApplyService.Result r = service.apply(ID);
        assertThat(r.kind()).isEqualTo(ApplyService.Kind.INTERRUPTED);
        assertThat(stored().status()).isEqualTo(Status.FAILED);
        assertThat(messages.sent).singleElement().satisfies(n -> assertThat(n.text()).contains("did not finish"));
        assertThat(applier.applied).isEmpty();
    }

    /** An applied record whose rollback someone requested from the page. */
    void appliedAndRollbackRequested() {
        put(Status.APPROVED);
        service.apply(ID);
        messages.sent.clear();
        events.published.clear();
        clock.advance(Duration.ofHours(1));
        store.transition(ID, java.util.Set.of(Status.APPLIED), StatusChange.of(Status.ROLLBACK_REQUESTED, clock.instant(),
                "rollback link from 203.0.113.7", "rollback requested"));
    }

    @Test
    void theAppliedNoticeCarriesALinkToThePageThatRollsBack() {
        put(Status.APPROVED);
        service.apply(ID);
        String text = messages.sent.get(0).text();
        assertThat(text).contains("Roll back (opens the page; the button there undoes the change): https://approve.example/r/" + ID + "/rollback?t=v1.");
        String token = text.substring(text.indexOf("/rollback?t=") + "/rollback?t=".length()).lines().findFirst().orElseThrow();
        assertThat(tokens.check(token, ID, dev.slicewise.approve.Action.ROLLBACK, NOW.plus(Duration.ofDays(6))))
                .isInstanceOf(dev.slicewise.approve.TokenCheck.Valid.class);
        // the chat message offers it too
        assertThat(messages.sent.get(0).chat().content().nextSteps()).anyMatch(s -> s.startsWith("<https://approve.example/r/" + ID + "/rollback?t="));
    }

    @Test
    void aRequestedRollbackIsRunOnceRecordedAndNotified() {
        appliedAndRollbackRequested();
        ApplyService.Result r = service.rollback(ID);
        assertThat(r).isEqualTo(new ApplyService.Result(ID, ApplyService.Kind.APPLIED_NOW, Status.ROLLED_BACK, "rolled back on request"));
        assertThat(applier.rolledBack).containsExactly(ID);
        assertThat(stored().history()).extracting(StatusChange::to).containsExactly(Status.PENDING, Status.APPROVED,
                Status.APPLYING, Status.APPLIED, Status.ROLLBACK_REQUESTED, Status.ROLLING_BACK, Status.ROLLED_BACK);
        assertThat(stored().lastChange().details()).containsExactly("ConfigMap restored", "NodePool restored");
        assertThat(events.of(WorkflowEvent.RecommendationApplied.class)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Status.ROLLED_BACK));
        assertThat(messages.sent).singleElement().satisfies(n -> {
            assertThat(n.subject()).endsWith(" rolled back");
            assertThat(n.text()).doesNotContain("/rollback?t="); // nothing left to roll back
        });

        // the event is delivered again: nothing more happens
        assertThat(service.rollback(ID).kind()).isEqualTo(ApplyService.Kind.DUPLICATE);
        assertThat(applier.rolledBack).hasSize(1);
        assertThat(messages.sent).hasSize(1);
    }

    @Test
    void aRefusedRollbackLeavesTheChangeAppliedAndSaysWhy() {
        appliedAndRollbackRequested();
        applier.rollbackOutcome = rec -> new ApplyOutcome.Applied("rollback refused, nothing changed: NodePool gpu-inference was edited after the apply",
                List.of("NodePool gpu-inference: spec changed since the apply"));
        ApplyService.Result r = service.rollback(ID);
        assertThat(r.status()).isEqualTo(Status.APPLIED);
        assertThat(stored().status()).isEqualTo(Status.APPLIED);
        assertThat(stored().lastChange().summary()).startsWith("rollback refused, nothing changed");
        assertThat(messages.sent).singleElement().satisfies(n -> assertThat(n.text()).contains("NodePool gpu-inference was edited"));
    }

    @Test
    void aRollbackEventNobodyRequestedIsRefused() {
        put(Status.APPROVED);
        service.apply(ID);
        ApplyService.Result r = service.rollback(ID);
        assertThat(r.kind()).isEqualTo(ApplyService.Kind.REFUSED);
        assertThat(applier.rolledBack).isEmpty();
        assertThat(stored().status()).isEqualTo(Status.APPLIED);
        assertThat(service.rollback("r-unknown").kind()).isEqualTo(ApplyService.Kind.REFUSED);
    }

    @Test
    void anApprovedEventArrivingDuringARollbackAppliesNothing() {
        appliedAndRollbackRequested();
        assertThat(service.apply(ID).kind()).isEqualTo(ApplyService.Kind.DUPLICATE);
        assertThat(applier.applied).hasSize(1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
