package dev.slicewise.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.approve.Action;
import dev.slicewise.approve.ApprovalTokens;
import dev.slicewise.approve.LinkFactory;
import dev.slicewise.approve.TokenCheck;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.notify.MessageComposer;
import dev.slicewise.notify.Notification;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.workflow.testkit.CannedAnalysis;
import dev.slicewise.workflow.testkit.InMemoryStore;
import dev.slicewise.workflow.testkit.Recorders;
import dev.slicewise.workflow.testkit.Samples;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisServiceTest {
    static final Instant NOW = Instant.parse("2026-11-23T06:17:42Z");
    final ApprovalTokens tokens = new ApprovalTokens(() -> "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    final CannedAnalysis canned = new CannedAnalysis();
    final InMemoryStore store = new InMemoryStore();
    final Recorders.Events events = new Recorders.Events();
    final Recorders.Messages messages = new Recorders.Messages();
    final Recorders.MutableClock clock = new Recorders.MutableClock(NOW);

    AnalysisService service(boolean notifyNothingToDo) {
        return new AnalysisService(canned, canned, store, events, messages, new MessageComposer(),
                new LinkFactory(URI.create("https://approve.example"), tokens), clock,
                new AnalysisService.Settings(Duration.ofDays(7), Duration.ofDays(3), notifyNothingToDo, AnalysisPolicy.DEFAULT));
    }

    AnalysisService.Request run(String triggerId) {
        return new AnalysisService.Request(Samples.CLUSTER, null, "schedule", triggerId);
    }

    @Test
    void storesPendingAnnouncesAndNotifiesWithWorkingLinks() {
        canned.recommendations = List.of(Samples.timeSlicing(), Samples.unchanged("h100"));
        AnalysisService.Result r = service(false).analyze(run("evt-1"));

        assertThat(r.pools()).extracting(AnalysisService.PoolResult::outcome)
                .containsExactly(AnalysisService.Outcome.CREATED, AnalysisService.Outcome.NOTHING_TO_DO);
        // 7 days of whole hours up to 06:00
        assertThat(canned.windows.get(0).start()).isEqualTo(Instant.parse("2026-11-16T06:00:00Z"));
        assertThat(canned.windows.get(0).end()).isEqualTo(Instant.parse("2026-11-23T06:00:00Z"));

        String id = r.pools().get(0).recordId();
        StoredRecommendation stored = store.find(id).orElseThrow();
        assertThat(stored.status()).isEqualTo(Status.PENDING);
        assertThat(stored.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(3)));
        assertThat(stored.notifiedAt()).isEqualTo(NOW);
        assertThat(stored.trigger()).isEqualTo("schedule");

        assertThat(events.of(WorkflowEvent.RecommendationCreated.class)).singleElement().satisfies(e -> {
            assertThat(e.recordId()).isEqualTo(id);
            assertThat(e.monthlySavingsUsd()).isEqualTo(767.96, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(e.nodePool()).isEqualTo(Samples.POOL);
        });
        Notification n = messages.sent.get(0);
        assertThat(messages.sent).hasSize(1);
        String approveLine = n.text().lines().filter(l -> l.startsWith("Approve: ")).findFirst().orElseThrow();
        URI approve = URI.create(approveLine.substring("Approve: ".length()));
        assertThat(approve.getPath()).isEqualTo("/r/" + id + "/approve");
        assertThat(tokens.check(approve.getQuery().substring(2), id, Action.APPROVE, NOW.plus(Duration.ofDays(2))))
                .isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void observesTheClusterForEachStoredRecommendationOnceAndKeepsItWithTheRecord() {
        canned.recommendations = List.of(Samples.timeSlicing(), Samples.unchanged("h100"));
        List<String> observedFor = new java.util.ArrayList<>();
        List<dev.slicewise.fleet.DevicePluginSetup> setups = new java.util.ArrayList<>();
        ClusterObserver observer = (rec, setup, now, expiresAt) -> {
            observedFor.add(rec.id());
            setups.add(setup);
            return "{\"observed\":\"" + rec.id() + " at " + now + " until " + expiresAt + "\"}";
        };
        AnalysisService s = new AnalysisService(canned, canned, store, events, messages, new MessageComposer(),
                new LinkFactory(URI.create("https://approve.example"), tokens), clock,
                new AnalysisService.Settings(Duration.ofDays(7), Duration.ofDays(3), false, AnalysisPolicy.DEFAULT),
                ContextSlicer.WITHOUT_TELEMETRY, observer);
        String id = s.analyze(run("evt-1")).pools().get(0).recordId();

        // only the pool that changes something is observed, with the device-plugin setup the collector found
        assertThat(observedFor).containsExactly(Samples.timeSlicing().id());
        assertThat(setups.get(0)).isNotNull().isEqualTo(Samples.snapshot(canned.windows.get(0)).clusters().get(0).devicePlugin());
        assertThat(store.find(id).orElseThrow().observed())
                .isEqualTo("{\"observed\":\"" + Samples.timeSlicing().id() + " at " + NOW + " until " + NOW.plus(Duration.ofDays(3)) + "\"}");

        // a retry of the same event (the notice failed, say) keeps the first observation: the cluster may have changed since
        store.markNotified(id, null);
        clock.advance(Duration.ofMinutes(5));
        s.analyze(run("evt-1"));
        assertThat(observedFor).hasSize(1);
        assertThat(store.find(id).orElseThrow().observed()).contains(" at " + NOW + " ");
    }

    @Test
    void keepsTheAnalysisBehindEachRecordForItsReviewPage() {
        canned.recommendations = List.of(Samples.timeSlicing(), Samples.unchanged("h100"));
        List<String> sliced = new java.util.ArrayList<>();
        AnalysisService s = new AnalysisService(canned, canned, store, events, messages, new MessageComposer(),
                new LinkFactory(URI.create("https://approve.example"), tokens), clock,
                new AnalysisService.Settings(Duration.ofDays(7), Duration.ofDays(3), false, AnalysisPolicy.DEFAULT),
                (report, snapshot, id) -> {
                    sliced.add(id + " of " + report.recommendations().size() + " on " + snapshot.clusters().get(0).nodes().size() + " nodes");
                    return ContextSlicer.WITHOUT_TELEMETRY.slice(report, snapshot, id);
                });
        String id = s.analyze(run("evt-1")).pools().get(0).recordId();
        assertThat(sliced).containsExactly("ts-2x-gpu-inference-9f1c of 2 on 4 nodes");
        AnalysisContext c = store.find(id).orElseThrow().context();
        assertThat(c.report().recommendations()).containsExactly(Samples.timeSlicing());
        assertThat(c.report().window()).isEqualTo(canned.windows.get(0));
    }

    @Test
    void theSameRecommendationIsNotNotifiedTwiceInARow() {
        canned.recommendations = List.of(Samples.timeSlicing());
        service(false).analyze(run("evt-1"));
        clock.advance(Duration.ofDays(1));
        AnalysisService.Result second = service(false).analyze(run("evt-2"));
        assertThat(second.pools()).extracting(AnalysisService.PoolResult::outcome).containsExactly(AnalysisService.Outcome.ALREADY_NOTIFIED);
        assertThat(messages.sent).hasSize(1);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void aRecommendationThatComesBackAfterAnotherOneIsNotifiedAgainWithAFreshRecord() {
        Recommendation a = Samples.timeSlicing("A", Samples.POOL);
        Recommendation b = Samples.timeSlicing("B", Samples.POOL);
        canned.recommendations = List.of(a);
        String first = service(false).analyze(run("evt-1")).pools().get(0).recordId();
        canned.recommendations = List.of(b);
        service(false).analyze(run("evt-2"));
        canned.recommendations = List.of(a);
        String third = service(false).analyze(run("evt-3")).pools().get(0).recordId();
        assertThat(messages.sent).hasSize(3);
        assertThat(third).isNotEqualTo(first);
        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    void aFailedNotificationKeepsTheRecordAndTheRetryNotifiesExactlyOnce() {
        canned.recommendations = List.of(Samples.timeSlicing());
        messages.failures.set(1);
        assertThatThrownBy(() -> service(false).analyze(run("evt-1")))
                .hasMessageContaining("1 of 1 pool(s) of cluster prod-eks failed").hasMessageContaining("SNS unavailable");
        assertThat(store.size()).isEqualTo(1);
        assertThat(messages.sent).isEmpty();

        // Lambda retries the same event: same record, notified now
        AnalysisService.Result retry = service(false).analyze(run("evt-1"));
        assertThat(retry.pools()).extracting(AnalysisService.PoolResult::outcome).containsExactly(AnalysisService.Outcome.CREATED);
        assertThat(store.size()).isEqualTo(1);
        assertThat(messages.sent).hasSize(1);
        assertThat(store.find(retry.pools().get(0).recordId()).orElseThrow().notifiedAt()).isNotNull();

        // and a further duplicate delivery of that event sends nothing more
        service(false).analyze(run("evt-1"));
        assertThat(messages.sent).hasSize(1);
    }

    @Test
    void oneFailingPoolDoesNotStopTheOthers() {
        canned.recommendations = List.of(Samples.timeSlicing("A", "pool-a"), Samples.timeSlicing("B", "pool-b"));
        messages.failures.set(1);
        assertThatThrownBy(() -> service(false).analyze(run("evt-1"))).hasMessageContaining("1 of 2 pool(s)");
        assertThat(messages.sent).singleElement().satisfies(n -> assertThat(n.subject()).contains("pool-b"));
        service(false).analyze(run("evt-1"));
        assertThat(messages.sent).hasSize(2).anySatisfy(n -> assertThat(n.subject()).contains("pool-a"));
    }

    @Test
    void nothingToDoIsNotifiedOnceWhenAskedFor() {
        canned.recommendations = List.of(Samples.unchanged("h100"));
        AnalysisService.Result r = service(true).analyze(run("evt-1"));
        assertThat(r.pools()).extracting(AnalysisService.PoolResult::outcome).containsExactly(AnalysisService.Outcome.NOTHING_TO_DO_NOTIFIED);
        assertThat(messages.sent).singleElement().satisfies(n -> assertThat(n.kind()).isEqualTo(Notification.Kind.NOTHING_TO_DO));
        service(true).analyze(run("evt-2"));
        assertThat(messages.sent).hasSize(1);
        assertThat(store.size()).isZero();
        assertThat(events.published).isEmpty();
    }

    @Test
    void anAnalysisForOneNodePoolTouchesOnlyThatPool() {
        canned.recommendations = List.of(Samples.timeSlicing("A", "pool-a"), Samples.timeSlicing("B", "pool-b"));
        AnalysisService.Result r = service(false).analyze(new AnalysisService.Request(Samples.CLUSTER, "pool-b", "recheck", "evt-9"));
        assertThat(r.pools()).extracting(p -> p.pool().nodePool()).containsExactly("pool-b");
        AnalysisService.Result none = service(false).analyze(new AnalysisService.Request(Samples.CLUSTER, "pool-z", "recheck", "evt-10"));
        assertThat(none.pools()).isEmpty();
        assertThat(none.problems()).singleElement().satisfies(p -> assertThat(p.item()).isEqualTo("prod-eks/pool-z"));
    }
}
