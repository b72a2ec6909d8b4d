package dev.slicewise.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slicewise.approve.Action;
import dev.slicewise.approve.ApprovalTokens;
import dev.slicewise.approve.TokenCheck;
import dev.slicewise.aws.scheduler.SchedulerRecheckAccess;
import dev.slicewise.aws.testing.HttpReceiver;
import dev.slicewise.aws.testing.MotoClients;
import dev.slicewise.aws.testing.SlicewiseStack;
import dev.slicewise.functions.support.Repo;
import dev.slicewise.notify.ChatSchema;
import dev.slicewise.workflow.Status;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.testkit.Samples;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

@QuarkusTest
@TestProfile(Profiles.Analyze.class)
@WithTestResource(MotoStack.class)
class AnalyzeHandlerIT {
    static final ObjectMapper JSON = new ObjectMapper();
    final ApprovalTokens tokens = new ApprovalTokens(() -> MotoStack.SIGNING_KEY.getBytes(StandardCharsets.UTF_8));

    @Inject
    Fakes.Fleet fleet;

    SlicewiseStack stack;
    HttpReceiver chat;

    @BeforeEach
    void setUp() {
        stack = MotoStack.reset();
        chat = new HttpReceiver();
        MotoClients.sns().subscribe(r -> r.topicArn(stack.topicArn()).protocol("http").endpoint(chat.uri("/chat").toString()));
        fleet.canned.recommendations = List.of(Samples.timeSlicing(), Samples.unchanged("h100"));
        fleet.canned.collected.clear();
    }

    @AfterEach
    void tearDown() {
        chat.close();
    }

    @Test
    void aFanOutEventStoresNotifiesAndAnnouncesTheRecommendation() throws Exception {
        JsonNode out = Lambda.ok(Repo.event("analyze-cluster-requested.json"));
        assertThat(out.path("outcome").asText()).isEqualTo("ANALYZED");
        assertThat(out.path("detail").asText()).isEqualTo("prod-eks: 1 recommendation(s) created");

        List<Map<String, AttributeValue>> items = MotoClients.dynamo().scan(r -> r.tableName(stack.table())).items().stream()
                .filter(i -> "recommendation".equals(i.get("kind").s())).toList();
        assertThat(items).singleElement().satisfies(i -> {
            assertThat(i.get("status").s()).isEqualTo("PENDING");
            assertThat(i.get("nodePool").s()).isEqualTo("gpu-inference");
            assertThat(i.get("monthlySavingsUsd").n()).isEqualTo("767.96");
        });
        String id = items.get(0).get("id").s();

        // e-mail subscribers (here: the SQS one) get the text, with signed links to this record
        JsonNode text = stack.topicMessages().get(0);
        assertThat(text.path("Subject").asText()).isEqualTo("Slicewise: time-slicing (2 replicas per GPU) on prod-eks/gpu-inference saves $767.96/month");
        URI approve = link(text.path("Message").asText(), "Approve: ");
        assertThat(approve.toString()).startsWith(FunctionUrlBridge.shared().base() + "/r/" + id + "/approve?t=");
        assertThat(tokens.check(approve.getQuery().substring(2), id, Action.APPROVE, Instant.now())).isInstanceOf(TokenCheck.Valid.class);

        // the chat subscriber (HTTP, as Amazon Q Developer in chat applications subscribes) really got the custom notification
        assertThat(chat.received).hasSize(1);
        String chatJson = JSON.readTree(chat.received.get(0).body()).path("Message").asText();
        assertThat(ChatSchema.problems(chatJson)).isEmpty();
        assertThat(JSON.readTree(chatJson).at("/content/title").asText()).contains("$767.96/month");

        assertThat(stack.busEvents()).extracting(e -> e.path("detail-type").asText()).containsExactly("Recommendation Created");
    }

    @Test
    void theSameRecommendationIsNotNotifiedAgain() {
        Lambda.ok(Repo.event("analyze-cluster-requested.json"));
        ObjectNode next = (ObjectNode) Repo.eventJson("analyze-cluster-requested.json");
        next.put("id", "a-later-run-of-the-schedule");
        Lambda.ok(next);
        Lambda.ok(Repo.event("cloudwatch-alarm-low-gpu.json"));
        assertThat(chat.received).hasSize(1);
        assertThat(stack.topicMessages()).hasSize(1);
        assertThat(fleet.canned.collected).hasSize(3);
    }

    @Test
    void analyzeNowAndTheAlarmAnalyseAtOnce() {
        assertThat(Lambda.ok(Repo.event("analyze-now.json")).path("detail").asText()).isEqualTo("prod-eks/gpu-inference: 1 recommendation(s) created");
        assertThat(Lambda.ok(Repo.event("cloudwatch-alarm-low-gpu.json")).path("outcome").asText()).isEqualTo("ANALYZED");
        assertThat(Lambda.ok(Repo.event("cloudwatch-alarm-low-gpu-ok.json")).path("outcome").asText()).isEqualTo("IGNORED");
        assertThat(fleet.canned.collected).containsExactly("prod-eks", "prod-eks");
    }

    @Test
    void newGpuCapacitySchedulesOneDelayedRecheckInsteadOfAnalysingAtOnce() throws Exception {
        var ec2 = MotoClients.ec2();
        String ami = ec2.describeImages().images().get(0).imageId();
        List<String> ids = ec2.runInstances(r -> r.imageId(ami).minCount(2).maxCount(2).instanceType("g5.xlarge")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
                        Tag.builder().key("karpenter.sh/nodepool").value("gpu-inference").build(),
                        Tag.builder().key("eks:eks-cluster-name").value("prod-eks").build()).build()))
                .instances().stream().map(i -> i.instanceId()).toList();
        JsonNode first = Lambda.ok(running(ids.get(0)));
        JsonNode second = Lambda.ok(running(ids.get(1)));
        assertThat(first.path("outcome").asText()).isEqualTo("RECHECK_SCHEDULED");
        assertThat(second.path("outcome").asText()).isEqualTo("RECHECK_ALREADY_SCHEDULED");
        assertThat(fleet.canned.collected).isEmpty();

        var schedule = MotoClients.scheduler().getSchedule(r -> r.groupName(stack.scheduleGroup())
                .name(SchedulerRecheckAccess.name("prod-eks", "gpu-inference")));
        assertThat(schedule.target().arn()).isEqualTo(stack.busArn());
        assertThat(schedule.target().roleArn()).isEqualTo(MotoStack.APPLY_ROLE);
        // 30 minutes of settling after now
        Instant at = Instant.parse(schedule.scheduleExpression().replaceAll("at\\((.*)\\)", "$1") + "Z");
        assertThat(at).isBetween(Instant.now().plusSeconds(29 * 60), Instant.now().plusSeconds(31 * 60));
        assertThat(JSON.readTree(schedule.target().input()).path("nodePool").asText()).isEqualTo("gpu-inference");
    }

    @Test
    void malformedOrUnexpectedEventsGetOneClearLogLineAndNoRetry() {
        for (String bad : List.of("invalid/not-an-event.json", "invalid/missing-detail.json", "invalid/unexpected-source.json",
                "invalid/bad-cluster-name.json", "ec2-instance-stopped.json")) {
            try (LogCapture log = new LogCapture()) {
                Response r = Lambda.invoke(Repo.event(bad));
                assertThat(r.statusCode()).as(bad).isEqualTo(200); // a normal return: Lambda does not retry it
                assertThat(r.jsonPath().getString("outcome")).as(bad).isEqualTo("REJECTED");
                assertThat(log.errors()).as(bad).singleElement().satisfies(l -> assertThat(l.message()).startsWith("rejected event: "));
            }
        }
        assertThat(fleet.canned.collected).isEmpty();
        assertThat(stack.busEvents()).isEmpty();
        assertThat(MotoClients.dynamo().scan(r -> r.tableName(stack.table())).count()).isZero();
    }

    @Test
    void aClusterThatCannotBeReadIsLoggedNotRetried() {
        ObjectNode staging = (ObjectNode) Repo.eventJson("analyze-now.json");
        ((ObjectNode) staging.path("detail")).put("cluster", "staging"); // enabled, but the collector cannot read it
        try (LogCapture log = new LogCapture()) {
            Response r = Lambda.invoke(staging);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.jsonPath().getString("outcome")).isEqualTo("REJECTED");
            assertThat(log.errors()).singleElement().satisfies(l -> assertThat(l.message()).contains("cluster staging not found"));
        }
        ObjectNode other = (ObjectNode) Repo.eventJson("analyze-now.json");
        ((ObjectNode) other.path("detail")).put("cluster", "not-enabled");
        assertThat(Lambda.ok(other).path("outcome").asText()).isEqualTo("IGNORED");
    }

    @Test
    void whenSnsFailsTheInvocationFailsTheRecommendationStaysAndTheRetryNotifiesOnce() {
        MotoClients.sns().deleteTopic(r -> r.topicArn(stack.topicArn()));
        Response failed = Lambda.invoke(Repo.event("analyze-cluster-requested.json"));
        assertThat(failed.statusCode()).isEqualTo(500); // the runtime reports an error: Lambda retries, then the DLQ gets it
        assertThat(failed.asString()).contains("could not publish");

        List<Map<String, AttributeValue>> items = MotoClients.dynamo().scan(r -> r.tableName(stack.table())).items().stream()
                .filter(i -> "recommendation".equals(i.get("kind").s())).toList();
        assertThat(items).singleElement().satisfies(i -> {
            assertThat(i.get("status").s()).isEqualTo(Status.PENDING.name());
            assertThat(i).doesNotContainKey("notifiedAt");
        });

        // SNS is back; Lambda's retry (or a DLQ redrive) delivers the same event again
        MotoClients.sns().createTopic(r -> r.name("slicewise-notifications"));
        MotoClients.sns().subscribe(r -> r.topicArn(stack.topicArn()).protocol("http").endpoint(chat.uri("/chat").toString()));
        assertThat(Lambda.ok(Repo.event("analyze-cluster-requested.json")).path("outcome").asText()).isEqualTo("ANALYZED");
        assertThat(chat.received).hasSize(1);
        StoredRecommendation after = stack.store().find(items.get(0).get("id").s()).orElseThrow();
        assertThat(after.notifiedAt()).isNotNull();
        Lambda.ok(Repo.event("analyze-cluster-requested.json"));
        assertThat(chat.received).hasSize(1);
    }

    private static JsonNode running(String instanceId) {
        ObjectNode e = (ObjectNode) Repo.eventJson("ec2-gpu-instance-running.json");
        ((ObjectNode) e.path("detail")).put("instance-id", instanceId);
        return e;
    }

    static URI link(String text, String prefix) {
        return URI.create(text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length()).strip());
    }
}
