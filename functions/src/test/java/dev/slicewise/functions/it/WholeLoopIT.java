package dev.slicewise.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.aws.testing.HttpReceiver;
import dev.slicewise.aws.testing.MotoClients;
import dev.slicewise.aws.testing.SlicewiseStack;
import dev.slicewise.functions.AnalyzeHandler;
import dev.slicewise.functions.ApplyHandler;
import dev.slicewise.functions.FunctionResult;
import dev.slicewise.functions.ScheduleHandler;
import dev.slicewise.functions.support.Repo;
import dev.slicewise.functions.template.Template;
import dev.slicewise.notify.ChatSchema;
import dev.slicewise.workflow.Status;
import dev.slicewise.workflow.StatusChange;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.testkit.Samples;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The whole loop on real protocol peers: the scheduled run → fan-out over the moto bus (routed by the template's own
 * rule pattern) → analysis → DynamoDB record + SNS messages with links → the approve link opened in headless Chromium
 * (changes nothing) → its Approve button clicked (POST through the Function URL stand-in to the approval handler on the
 * mock event server) → "Recommendation Approved" over the bus (routed by the template's rule) → apply → outcome message.
 *
 * <p>The approval handler runs behind Quarkus's mock event server (this test's profile selects it); the schedule,
 * analyze and apply handlers of the same artifact are called directly with the events exactly as the bus delivered
 * them. Not yet real here (their modules are not on main): the fleet collector and the analyzer (a recording fake
 * returns the sample fleet and its time-slicing recommendation) and the applier (a recording fake).
 */
@QuarkusTest
@TestProfile(Profiles.Approval.class)
@WithTestResource(MotoStack.class)
class WholeLoopIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ScheduleHandler schedule;
    @Inject
    AnalyzeHandler analyze;
    @Inject
    ApplyHandler apply;
    @Inject
    Fakes.Fleet fleet;
    @Inject
    Fakes.Applier applier;

    SlicewiseStack stack;
    HttpReceiver chat;
    String analyzeQueue;
    String applyQueue;

    @BeforeEach
    void setUp() {
        stack = MotoStack.reset();
        FunctionUrlBridge.shared().lambdaAt(URI.create("http://localhost:" + io.restassured.RestAssured.port + "/"));
        chat = new HttpReceiver();
        MotoClients.sns().subscribe(r -> r.topicArn(stack.topicArn()).protocol("http").endpoint(chat.uri("/chat").toString()));
        // the template's own rules, installed on the moto bus with a queue as target, decide where events go
        analyzeQueue = route("FanOut");
        applyQueue = route("Approved");
        fleet.canned.recommendations = List.of(Samples.timeSlicing(), Samples.unchanged("h100"));
        fleet.canned.knownClusters = List.of("prod-eks", "staging");
        fleet.canned.collected.clear();
        applier.recorder.applied.clear();
    }

    @AfterEach
    void tearDown() {
        chat.close();
    }

    @Test
    void scheduledEventToAppliedOutcome() throws Exception {
        // 1. the daily schedule fans out one event per cluster
        FunctionResult fanned = schedule.handleRequest(Repo.eventJson("scheduler-daily.json"), null);
        assertThat(fanned.outcome()).isEqualTo("FANNED_OUT");
        List<JsonNode> requests = receive(analyzeQueue, 2);
        assertThat(requests).extracting(e -> e.at("/detail/cluster").asText()).containsExactlyInAnyOrder("prod-eks", "staging");

        // 2. each cluster is analysed by its own invocation, with the event as the bus delivered it
        List<String> outcomes = new ArrayList<>();
        for (JsonNode e : requests) outcomes.add(analyze.handleRequest(e, null).detail());
        assertThat(outcomes).containsExactlyInAnyOrder("prod-eks: 1 recommendation(s) created", "staging: 0 recommendation(s) created");

        // 3. stored PENDING, and notified through SNS: text to e-mail subscribers, the custom notification to chat
        StoredRecommendation stored = only(Status.PENDING);
        assertThat(stored.context().snapshot().clusters().get(0).nodes()).hasSize(4); // the pool's series, for the charts
        JsonNode email = stack.topicMessages().get(0);
        String text = email.path("Message").asText();
        URI approve = AnalyzeHandlerIT.link(text, "Approve: ");
        assertThat(approve.getPath()).isEqualTo("/r/" + stored.id() + "/approve");
        String chatJson = JSON.readTree(chat.received.get(0).body()).path("Message").asText();
        assertThat(ChatSchema.problems(chatJson)).isEmpty();
        assertThat(chatJson).contains(approve.toString());

        try (Browser browser = new Browser()) {
            // 4. opening the link (what a mail scanner does too) shows the review page and changes nothing
            browser.driver.get(approve.toString());
            assertThat(browser.driver.getTitle()).isEqualTo("Approve GPU sharing for NodePool gpu-inference — Slicewise");
            assertThat(browser.driver.findElements(By.cssSelector("svg")).size()).isGreaterThan(3); // the charts
            assertThat(browser.driver.getPageSource()).contains("$767.96");
            browser.screenshot("review-page");
            assertThat(stack.store().find(stored.id()).orElseThrow().status()).isEqualTo(Status.PENDING);
            assertThat(receive(applyQueue, 0)).isEmpty();

            // 5. the Approve button POSTs the decision
            browser.driver.findElement(By.cssSelector("button.approve")).click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("title")).getText().equals("Approved"));
            browser.screenshot("approved");
        }
        assertThat(stack.store().find(stored.id()).orElseThrow().status()).isEqualTo(Status.APPROVED);

        // 6. "Recommendation Approved" reaches the apply function through the template's rule
        List<JsonNode> approved = receive(applyQueue, 1);
        assertThat(approved.get(0).at("/detail/recordId").asText()).isEqualTo(stored.id());
        FunctionResult applied = apply.handleRequest(approved.get(0), null);
        assertThat(applied.outcome()).isEqualTo("APPLIED_NOW");
        assertThat(applier.recorder.applied).containsExactly(stored.id());

        // 7. the outcome is recorded and notified
        StoredRecommendation done = stack.store().find(stored.id()).orElseThrow();
        assertThat(done.history()).extracting(StatusChange::to)
                .containsExactly(Status.PENDING, Status.APPROVED, Status.APPLYING, Status.APPLIED);
        List<JsonNode> later = stack.topicMessages();
        assertThat(later).singleElement().satisfies(m -> assertThat(m.path("Subject").asText())
                .isEqualTo("Slicewise: time-slicing (2 replicas per GPU) on prod-eks/gpu-inference applied"));
        assertThat(chat.received).hasSize(2);
        assertThat(JSON.readTree(JSON.readTree(chat.received.get(1).body()).path("Message").asText()).at("/metadata/eventType").asText())
                .isEqualTo("SlicewiseApplyOutcome");

        // and the approval is spent: submitting it again is refused and starts nothing
        var replay = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(approve)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("decision=approve")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(receive(applyQueue, 0)).isEmpty();
    }

    @Test
    void theRejectButtonRejectsAndNothingIsApplied() throws Exception {
        analyze.handleRequest(Repo.eventJson("analyze-now.json"), null);
        StoredRecommendation stored = only(Status.PENDING);
        String text = stack.topicMessages().get(0).path("Message").asText();
        URI view = AnalyzeHandlerIT.link(text, "Review the plan, evidence and charts: ");
        URI approve = AnalyzeHandlerIT.link(text, "Approve: ");
        try (Browser browser = new Browser()) {
            browser.driver.get(view.toString());
            assertThat(browser.driver.findElements(By.cssSelector("button"))).isEmpty(); // the view link decides nothing
            browser.driver.get(approve.toString());
            browser.driver.findElement(By.cssSelector("button.reject")).click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("title")).getText().equals("Rejected"));
        }
        assertThat(stack.store().find(stored.id()).orElseThrow().status()).isEqualTo(Status.REJECTED);
        assertThat(receive(applyQueue, 0)).isEmpty();
        assertThat(applier.recorder.applied).isEmpty();
    }

    private StoredRecommendation only(Status status) {
        List<Map<String, AttributeValue>> items = MotoClients.dynamo().scan(r -> r.tableName(stack.table())).items().stream()
                .filter(i -> "recommendation".equals(i.get("kind").s())).toList();
        assertThat(items).hasSize(1);
        StoredRecommendation s = stack.store().find(items.get(0).get("id").s()).orElseThrow();
        assertThat(s.status()).isEqualTo(status);
        return s;
    }

    /** A queue receiving what the template's rule {@code name} matches on the moto bus. */
    private String route(String name) {
        String url = MotoClients.sqs().createQueue(r -> r.queueName("rule-" + name)).queueUrl();
        String arn = MotoClients.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        String pattern = Template.load().rule(name).pattern().toString();
        MotoClients.events().putRule(r -> r.name(name).eventBusName(stack.busName()).eventPattern(pattern));
        MotoClients.events().putTargets(r -> r.rule(name).eventBusName(stack.busName()).targets(t -> t.id("q").arn(arn)));
        return url;
    }

    private static List<JsonNode> receive(String queueUrl, int expected) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Message m : MotoClients.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(expected == 0 ? 0 : 2)).messages()) {
            out.add(JSON.readTree(m.body()));
            MotoClients.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
        assertThat(out).hasSize(expected);
        return out;
    }
}
