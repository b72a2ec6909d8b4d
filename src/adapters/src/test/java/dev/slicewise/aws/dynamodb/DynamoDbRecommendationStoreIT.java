package dev.slicewise.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.approve.Action;
import dev.slicewise.approve.ApprovalTokens;
import dev.slicewise.aws.testing.MotoClients;
import dev.slicewise.aws.testing.SerializingProxy;
import dev.slicewise.aws.testing.SlicewiseStack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import dev.slicewise.notify.MessageComposer;
import dev.slicewise.testing.MotoServer;
import dev.slicewise.workflow.ApplyService;
import dev.slicewise.workflow.ApprovalService;
import dev.slicewise.workflow.PoolKey;
import dev.slicewise.workflow.Status;
import dev.slicewise.workflow.StatusChange;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.Transition;
import dev.slicewise.workflow.WorkflowEvent;
import dev.slicewise.workflow.testkit.Recorders;
import dev.slicewise.workflow.testkit.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbRecommendationStoreIT {
    static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");
    SlicewiseStack stack;
    DynamoDbRecommendationStore store;
    final StoredRecommendation pending = StoredRecommendation.pending("r-0123456789abcdef01234567", Samples.timeSlicing(), NOW,
            NOW.plus(Duration.ofDays(3)), "schedule");

    @BeforeEach
    void setUp() {
        MotoServer.shared().reset();
        stack = SlicewiseStack.create();
        store = stack.store();
    }

    @Test
    void storesWhatPeopleReadAsAttributesAndTheFullRecommendationForTheApplier() {
        assertThat(store.createIfAbsent(pending)).isEqualTo(pending);
        assertThat(store.find(pending.id())).contains(pending);

        Map<String, AttributeValue> item = MotoClients.dynamo()
                .getItem(r -> r.tableName(stack.table()).key(Map.of("id", AttributeValue.fromS(pending.id())))).item();
        assertThat(item.get("status").s()).isEqualTo("PENDING");
        assertThat(item.get("cluster").s()).isEqualTo("prod-eks");
        assertThat(item.get("nodePool").s()).isEqualTo("gpu-inference");
        assertThat(item.get("monthlySavingsUsd").n()).isEqualTo("767.96");
        assertThat(item.get("savings").m().get("usdPerHour").n()).isEqualTo("0.526");
        assertThat(item.get("plan").l()).extracting(AttributeValue::s)
                .containsExactly("add device-plugin config 'slicewise-ts-2' (time-slicing, 2 replicas per GPU)",
                        "update NodePool 'gpu-inference' labels {nvidia.com/device-plugin.config=slicewise-ts-2} limits {nvidia.com/gpu=8} drift budget 1 node(s) at a time");
        assertThat(item.get("evidence").l().get(0).m().get("p95UtilPct").n()).isEqualTo("24.0");
        assertThat(item.get("evidence").l().get(1).m()).doesNotContainKey("p95UtilPct"); // a gap, not NaN
        // TTL: links expire after 3 days, the item goes 30 days later
        assertThat(Long.parseLong(item.get("ttl").n())).isEqualTo(NOW.plus(Duration.ofDays(33)).getEpochSecond());
    }

    @Test
    void theObservationMadeAtAnalysisTimeTravelsWithTheRecordThroughEveryMove() {
        String observed = "{\"planId\":\"rec-1-1790000000\",\"observed\":[{\"ref\":{\"kind\":\"NODE_POOL\",\"name\":\"gpu-inference\"},"
                + "\"fingerprint\":\"9f2c\"}]}";
        StoredRecommendation withObservation = StoredRecommendation.pending(pending.id(), Samples.timeSlicing(), NOW,
                NOW.plus(Duration.ofDays(3)), "schedule", null, observed);
        store.createIfAbsent(withObservation);
        Transition t = store.transition(pending.id(), Set.of(Status.PENDING), StatusChange.of(Status.APPROVED, NOW, "t", "approved"));
        assertThat(((Transition.Moved) t).after().observed()).isEqualTo(observed);
        store.markDecisionPublished(pending.id(), NOW);
        assertThat(store.find(pending.id()).orElseThrow().observed()).isEqualTo(observed);
        assertThat(MotoClients.dynamo().getItem(r -> r.tableName(stack.table()).key(Map.of("id", AttributeValue.fromS(pending.id()))))
                .item().get("observed").s()).isEqualTo(observed);
    }

    @Test
    void createIfAbsentNeverOverwrites() {
        store.createIfAbsent(pending);
        store.transition(pending.id(), Set.of(Status.PENDING), StatusChange.of(Status.APPROVED, NOW, "t", "approved"));
        StoredRecommendation again = store.createIfAbsent(pending);
        assertThat(again.status()).isEqualTo(Status.APPROVED);
    }

    @Test
    void transitionsAreConditional() {
        store.createIfAbsent(pending);
        Transition t = store.transition(pending.id(), Set.of(Status.PENDING), StatusChange.of(Status.APPROVED, NOW, "link", "approved"));
        assertThat(t).isInstanceOf(Transition.Moved.class);
        assertThat(((Transition.Moved) t).after().history()).extracting(StatusChange::to).containsExactly(Status.PENDING, Status.APPROVED);
        assertThat(store.transition(pending.id(), Set.of(Status.PENDING), StatusChange.of(Status.REJECTED, NOW, "link", "rejected")))
                .isEqualTo(new Transition.Refused(Status.APPROVED));
        assertThat(store.transition("r-nothere", Set.of(Status.PENDING), StatusChange.of(Status.APPROVED, NOW, "l", "a")))
                .isEqualTo(new Transition.Missing());
        assertThat(store.find("r-nothere")).isEmpty(); // the refused update did not create an item

        store.transition(pending.id(), Set.of(Status.APPROVED), StatusChange.of(Status.APPLYING, NOW, "apply", "applying"));
        store.transition(pending.id(), Set.of(Status.APPLYING),
                new StatusChange(Status.ROLLED_BACK, NOW.plusSeconds(90), "apply", "verify failed; undone", List.of("step 2 timed out")));
        StoredRecommendation done = store.find(pending.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(done.lastChange().details()).containsExactly("step 2 timed out");
        store.markOutcomeNotified(pending.id(), NOW.plusSeconds(91));
        assertThat(store.find(pending.id()).orElseThrow().outcomeNotifiedAt()).isEqualTo(NOW.plusSeconds(91));
    }

    @Test
    void thePoolClaimLetsTheSameRecommendationThroughOnlyForItsOwnRecord() {
        PoolKey pool = PoolKey.of(Samples.timeSlicing());
        assertThat(store.claimNotification(pool, "A", "r-1", NOW)).isTrue();
        assertThat(store.claimNotification(pool, "A", "r-1", NOW)).isTrue();   // retry of the same invocation
        assertThat(store.claimNotification(pool, "A", "r-2", NOW)).isFalse();  // same recommendation again
        assertThat(store.claimNotification(pool, "B", "r-3", NOW)).isTrue();
        assertThat(store.claimNotification(pool, "A", "r-4", NOW)).isTrue();   // came back after another one
        assertThat(store.claimNotification(new PoolKey("prod-eks", "other", "g5.xlarge"), "A", "r-5", NOW)).isTrue();
    }

    @Test
    void twoConcurrentApprovalsAgainstDynamoDbApproveOnceAndApplyOnce() throws Exception {
        try (SerializingProxy proxy = new SerializingProxy(MotoServer.shared().endpoint())) {
            race(new DynamoDbRecommendationStore(MotoClients.at(DynamoDbClient.builder(), proxy.endpoint()),
                    stack.table(), Duration.ofDays(30)));
        }
    }

    private void race(DynamoDbRecommendationStore store) throws Exception {
        ApprovalTokens tokens = new ApprovalTokens(() -> "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        Clock clock = Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC);
        for (int round = 0; round < 10; round++) {
            String id = "r-race-" + round;
            store.createIfAbsent(StoredRecommendation.pending(id, Samples.timeSlicing(), NOW, NOW.plus(Duration.ofDays(3)), "schedule"));
            Recorders.Events events = new Recorders.Events();
            ApprovalService approvals = new ApprovalService(tokens, store, events, (r, f) -> "page", clock);
            String token = tokens.issue(id, Action.APPROVE, NOW.plus(Duration.ofDays(3)));
            List<Integer> statuses = race(() -> approvals.handle(new ApprovalService.Request("POST", "/r/" + id + "/approve", token, "1.2.3.4", java.net.URI.create("https://x.example"))).status());
            assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
            assertThat(events.of(WorkflowEvent.RecommendationApproved.class)).hasSize(1);

            // EventBridge delivers at least once: two deliveries of the Approved event at the same moment
            Recorders.Applier applier = new Recorders.Applier();
            ApplyService apply = new ApplyService(store, applier, events, new Recorders.Messages(), new MessageComposer(),
                    Optional.empty(), clock, Duration.ofMinutes(10), Duration.ofDays(7));
            List<ApplyService.Kind> kinds = race(() -> apply.apply(id).kind());
            assertThat(kinds).as("round " + round).containsExactlyInAnyOrder(ApplyService.Kind.APPLIED_NOW, ApplyService.Kind.DUPLICATE);
            assertThat(applier.applied).containsExactly(id);
            assertThat(store.find(id).orElseThrow().history()).extracting(StatusChange::to)
                    .containsExactly(Status.PENDING, Status.APPROVED, Status.APPLYING, Status.APPLIED);
        }
    }

    private static <T> List<T> race(Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> f = new ArrayList<>();
            for (int i = 0; i < 2; i++) f.add(pool.submit(() -> {
                go.await();
                return task.call();
            }));
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> x : f) out.add(x.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
