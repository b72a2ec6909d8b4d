package dev.slicewise.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slicewise.aws.testing.MotoClients;
import dev.slicewise.aws.testing.SlicewiseStack;
import dev.slicewise.functions.support.Repo;
import dev.slicewise.workflow.ApplyOutcome;
import dev.slicewise.workflow.Status;
import dev.slicewise.workflow.StatusChange;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.testkit.Samples;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(Profiles.Apply.class)
@WithTestResource(MotoStack.class)
class ApplyHandlerIT {
    static final String ID = "r-5f0c3a9d1e7b24c86a1d0e93";

    @Inject
    Fakes.Applier applier;

    SlicewiseStack stack;

    @BeforeEach
    void seed() {
        stack = MotoStack.reset();
        applier.recorder.applied.clear();
        applier.recorder.rolledBack.clear();
        applier.recorder.outcome = r -> new ApplyOutcome.Applied("Applied 2 steps and verified.", List.of("device-plugin config added", "NodePool updated"));
        Instant now = Instant.now();
        stack.store().createIfAbsent(StoredRecommendation.pending(ID, Samples.timeSlicing(), now.minusSeconds(600),
                now.plus(Duration.ofDays(3)), "schedule"));
    }

    void approve() {
        stack.store().transition(ID, java.util.Set.of(Status.PENDING), StatusChange.of(Status.APPROVED, Instant.now(), "approval link", "approved"));
    }

    @Test
    void theApprovedEventAppliesOnceRecordsAndNotifiesTheOutcome() {
        approve();
        JsonNode out = Lambda.ok(Repo.event("recommendation-approved.json"));
        assertThat(out.path("outcome").asText()).isEqualTo("APPLIED_NOW");
        assertThat(applier.recorder.applied).containsExactly(ID);
        StoredRecommendation r = stack.store().find(ID).orElseThrow();
        assertThat(r.history()).extracting(StatusChange::to).containsExactly(Status.PENDING, Status.APPROVED, Status.APPLYING, Status.APPLIED);
        assertThat(r.lastChange().details()).containsExactly("device-plugin config added", "NodePool updated");
        JsonNode msg = stack.topicMessages().get(0);
        assertThat(msg.path("Subject").asText()).isEqualTo("Slicewise: time-slicing (2 replicas per GPU) on prod-eks/gpu-inference applied");
        assertThat(msg.path("Message").asText()).contains("Applied 2 steps and verified.", "Record: " + FunctionUrlBridge.shared().base() + "/r/" + ID + "/view?t=");
        assertThat(stack.busEvents()).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo("Recommendation Applied");
            assertThat(e.at("/detail/outcome").asText()).isEqualTo("APPLIED");
        });

        // EventBridge delivers at least once: a second delivery applies nothing
        assertThat(Lambda.ok(Repo.event("recommendation-approved.json")).path("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(applier.recorder.applied).hasSize(1);
        assertThat(stack.topicMessages()).isEmpty();
    }

    @Test
    void anApprovedEventForARecommendationNobodyApprovedAppliesNothing() {
        JsonNode out = Lambda.ok(Repo.event("recommendation-approved.json"));
        assertThat(out.path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(applier.recorder.applied).isEmpty();
        assertThat(stack.store().find(ID).orElseThrow().status()).isEqualTo(Status.PENDING);
    }

    @Test
    void aRollbackIsRecordedWithItsDetails() {
        approve();
        applier.recorder.outcome = r -> new ApplyOutcome.RolledBack("Node labels did not converge in 10 min; every change was undone.",
                List.of("label nvidia.com/device-plugin.config on ip-10-0-1-10: timeout"));
        assertThat(Lambda.ok(Repo.event("recommendation-approved.json")).path("detail").asText()).contains("every change was undone");
        StoredRecommendation r = stack.store().find(ID).orElseThrow();
        assertThat(r.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(r.lastChange().details()).containsExactly("label nvidia.com/device-plugin.config on ip-10-0-1-10: timeout");
        assertThat(stack.topicMessages().get(0).path("Subject").asText()).endsWith("rolled back");
    }

    @Test
    void whenTheOutcomeCannotBeNotifiedTheInvocationFailsAndTheRetryOnlyResendsTheNotice() {
        approve();
        MotoClients.sns().deleteTopic(r -> r.topicArn(stack.topicArn()));
        Response failed = Lambda.invoke(Repo.event("recommendation-approved.json"));
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(stack.store().find(ID).orElseThrow().status()).isEqualTo(Status.APPLIED);
        MotoClients.sns().createTopic(r -> r.name("slicewise-notifications"));
        String queueArn = MotoClients.sqs().getQueueAttributes(r -> r.queueUrl(stack.topicQueueUrl())
                .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        MotoClients.sns().subscribe(r -> r.topicArn(stack.topicArn()).protocol("sqs").endpoint(queueArn));
        assertThat(Lambda.ok(Repo.event("recommendation-approved.json")).path("outcome").asText()).isEqualTo("RENOTIFIED");
        assertThat(applier.recorder.applied).hasSize(1);
        assertThat(stack.topicMessages()).singleElement().satisfies(m -> assertThat(m.path("Subject").asText()).endsWith("applied"));
    }

    @Test
    void malformedApprovedEventsAreRejectedWithoutRetry() {
        try (LogCapture log = new LogCapture()) {
            for (String bad : List.of("invalid/approved-without-record.json", "invalid/not-an-event.json", "analyze-now.json")) {
                Response r = Lambda.invoke(Repo.event(bad));
                assertThat(r.statusCode()).as(bad).isEqualTo(200);
                assertThat(r.jsonPath().getString("outcome")).as(bad).isEqualTo("REJECTED");
            }
            assertThat(log.errors()).hasSize(3).allSatisfy(l -> assertThat(l.message()).startsWith("rejected event: "));
        }
        ObjectNode other = (ObjectNode) Repo.eventJson("recommendation-approved.json");
        ((ObjectNode) other.path("detail")).put("recordId", "r-doesnotexist");
        assertThat(Lambda.ok(other).path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(applier.recorder.applied).isEmpty();
    }

    @Test
    void aRollbackRequestedEventRollsBackOnceAndNotifies() {
        approve();
        Lambda.ok(Repo.event("recommendation-approved.json"));
        stack.topicMessages();
        stack.busEvents();
        stack.store().transition(ID, java.util.Set.of(Status.APPLIED),
                StatusChange.of(Status.ROLLBACK_REQUESTED, Instant.now(), "rollback link from 198.51.100.23", "rollback requested"));

        JsonNode out = Lambda.ok(Repo.event("rollback-requested.json"));
        assertThat(out.path("outcome").asText()).isEqualTo("APPLIED_NOW");
        assertThat(applier.recorder.rolledBack).containsExactly(ID);
        assertThat(stack.store().find(ID).orElseThrow().history()).extracting(StatusChange::to).containsExactly(Status.PENDING,
                Status.APPROVED, Status.APPLYING, Status.APPLIED, Status.ROLLBACK_REQUESTED, Status.ROLLING_BACK, Status.ROLLED_BACK);
        assertThat(stack.topicMessages()).singleElement().satisfies(m -> assertThat(m.path("Subject").asText()).endsWith("rolled back"));
        assertThat(stack.busEvents()).singleElement().satisfies(e -> assertThat(e.at("/detail/outcome").asText()).isEqualTo("ROLLED_BACK"));

        // delivered again: nothing more
        assertThat(Lambda.ok(Repo.event("rollback-requested.json")).path("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(applier.recorder.rolledBack).hasSize(1);
    }

    @Test
    void aRollbackEventNobodyRequestedIsRefused() {
        approve();
        Lambda.ok(Repo.event("recommendation-approved.json"));
        assertThat(Lambda.ok(Repo.event("rollback-requested.json")).path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(applier.recorder.rolledBack).isEmpty();
        assertThat(stack.store().find(ID).orElseThrow().status()).isEqualTo(Status.APPLIED);
    }
}
