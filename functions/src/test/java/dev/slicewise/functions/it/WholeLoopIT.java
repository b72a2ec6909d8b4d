package dev.slicewise.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.apply.ApplyRecord;
import dev.slicewise.apply.ApprovedPlan;
import dev.slicewise.apply.ApprovedPlanCodec;
import dev.slicewise.apply.ObjectRef;
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
import dev.slicewise.recommend.Sharing;
import dev.slicewise.workflow.Status;
import dev.slicewise.workflow.StatusChange;
import dev.slicewise.workflow.StoredRecommendation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The whole loop with nothing faked: every handler and port of the deployed artifact, against real protocol peers.
 *
 * <ul>
 *   <li>AWS is the moto server (EKS, CloudWatch, DynamoDB, SNS, EventBridge, Secrets Manager, SQS), reached through the
 *       SDK's standard endpoint setting as in Lambda. CloudWatch holds the real H100 probe telemetry of the fleet's
 *       inference servers, published with PutMetricData under Container Insights' schema ({@link ProbeTelemetry4Days});
 *       the Price List API, which moto lacks, falls back to the bundled table and the prices say so.</li>
 *   <li>Kubernetes is fabric8's mock API server with the applier's emulation of server-side apply, dry-run, JSON patch
 *       and evictions, the real CRDs registered, seeded with prod-eks ({@link KubeApi}). The functions reach it through
 *       DescribeCluster (moto) and the EKS IAM token, with the explicit test-only API URL override.</li>
 *   <li>The events travel over the moto bus, routed by template.yaml's own rule patterns to queues, from which each
 *       handler is invoked with the event exactly as delivered; SNS delivers the chat message to an HTTP subscriber; the
 *       links are opened and the buttons clicked in headless Chromium, through a Function URL stand-in in front of the
 *       approval handler.</li>
 *   <li>The only simulation: the NVIDIA device plugin, the kubelet's ConfigMap mount and Karpenter's NodeOverlay
 *       controller, which a mock API server does not run (the applier's own simulators, {@link SimulatedControllers}).</li>
 * </ul>
 */
@QuarkusTest
@TestProfile(Profiles.RealParts.class)
@WithTestResource(MotoStack.class)
@WithTestResource(KubeApi.class)
class WholeLoopIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String POOL = "gpu-inference";
    static final String STAY = "ip-10-0-1-11.ec2.internal";
    static final List<String> FREED = List.of("ip-10-0-2-12.ec2.internal", "ip-10-0-3-13.ec2.internal");

    @Inject
    ScheduleHandler schedule;
    @Inject
    AnalyzeHandler analyze;
    @Inject
    ApplyHandler apply;

    SlicewiseStack stack;
    HttpReceiver chat;
    String analyzeQueue;
    String applyQueue;
    String rollbackQueue;
    KubernetesClient kube;

    @BeforeEach
    void setUp() {
        stack = MotoStack.reset();
        MotoClients.eks().createCluster(r -> r.name("prod-eks").roleArn("arn:aws:iam::123456789012:role/eks-cluster")
                .resourcesVpcConfig(v -> v.subnetIds("subnet-0a1b2c3d")));
        ProbeTelemetry4Days.publish(Instant.now(), Duration.ofDays(4));
        kube = KubeApi.reset().client;
        FunctionUrlBridge.shared().lambdaAt(URI.create("http://localhost:" + io.restassured.RestAssured.port + "/"));
        chat = new HttpReceiver();
        MotoClients.sns().subscribe(r -> r.topicArn(stack.topicArn()).protocol("http").endpoint(chat.uri("/chat").toString()));
        analyzeQueue = route("FanOut");
        applyQueue = route("Approved");
        rollbackQueue = route("RollbackRequested");
    }

    @AfterEach
    void tearDown() {
        chat.close();
        assertThat(KubeApi.cluster().invalidWrites()).as("objects stored that violate their CRD schema").isEmpty();
    }

    @Test
    void scheduledEventToAppliedSlicingOnTheCluster() throws Exception {
        Map<String, String> before = clusterObjects();

        // 1. the daily schedule fans out one event per configured cluster
        FunctionResult fanned = schedule.handleRequest(Repo.eventJson("scheduler-daily.json"), null);
        assertThat(fanned.outcome()).isEqualTo("FANNED_OUT");
        List<JsonNode> requests = receive(analyzeQueue, 2);
        assertThat(requests).extracting(e -> e.at("/detail/cluster").asText()).containsExactlyInAnyOrder("prod-eks", "staging");

        // 2. each cluster is analysed by its own invocation: prod-eks is collected and analysed for real; staging does
        //    not exist in EKS, which is not worth a retry
        Map<String, FunctionResult> analysed = new TreeMap<>();
        for (JsonNode e : requests) analysed.put(e.at("/detail/cluster").asText(), analyze.handleRequest(e, null));
        assertThat(analysed.get("prod-eks")).isEqualTo(new FunctionResult("ANALYZED", "prod-eks: 1 recommendation(s) created"));
        assertThat(analysed.get("staging").outcome()).isEqualTo("REJECTED");
        assertThat(analysed.get("staging").detail()).startsWith("EKS cluster \"staging\" does not exist in region us-east-1");

        // 3. stored PENDING with what the analysis computed from the probe telemetry and saw in the cluster
        StoredRecommendation stored = only(Status.PENDING);
        var rec = stored.recommendation();
        assertThat(rec.cluster()).isEqualTo("prod-eks");
        assertThat(rec.nodePool()).isEqualTo(POOL);
        assertThat(rec.sharing()).isInstanceOf(Sharing.TimeSlicing.class);
        int replicas = ((Sharing.TimeSlicing) rec.sharing()).replicas();
        // three T4 nodes become one: 2 × $0.526/h (bundled table: moto has no Price List API) × 730 h = $767.96 a month
        assertThat(rec.savings().nodesBefore()).isEqualTo(3);
        assertThat(rec.savings().nodesAfter()).isEqualTo(1);
        assertThat(rec.savings().monthlySavings()).isCloseTo(767.96, org.assertj.core.data.Offset.offset(0.005));
        assertThat(rec.savings().price().source().detail()).contains("fallback: Price List API");
        assertThat(stored.context().snapshot().clusters().get(0).nodes()).hasSize(3); // the pool's series, for the charts
        ApprovedPlan observed = ApprovedPlanCodec.read(stored.observed());
        assertThat(observed.cluster()).isEqualTo("prod-eks");
        assertThat(observed.observation(ObjectRef.nodePool(POOL)).orElseThrow().existed()).isTrue();
        assertThat(observed.observation(ObjectRef.configMap("gpu-operator", "gpu-sharing-configs")).orElseThrow().existed()).isTrue();
        assertThat(observed.nodes()).extracting(n -> n.name()).contains(STAY);
        // the API was called with the EKS token of the function's credentials
        assertThat(KubeApi.cluster().server().getLastRequest().getHeader("Authorization")).startsWith("Bearer k8s-aws-v1.");

        // 4. notified through SNS: text to e-mail subscribers, the custom notification to the chat's HTTP subscription
        String text = stack.topicMessages().get(0).path("Message").asText();
        URI approve = link(text, "Approve: ");
        assertThat(approve.getPath()).isEqualTo("/r/" + stored.id() + "/approve");
        String chatJson = JSON.readTree(chat.received.get(0).body()).path("Message").asText();
        assertThat(ChatSchema.problems(chatJson)).isEmpty();
        assertThat(chatJson).contains(approve.toString());

        try (Browser browser = new Browser()) {
            // 5. opening the link (what a mail scanner does too) shows the review page and changes nothing
            browser.driver.get(approve.toString());
            assertThat(browser.driver.getTitle()).isEqualTo("Approve GPU sharing for NodePool gpu-inference — Slicewise");
            assertThat(browser.driver.findElements(By.cssSelector("svg")).size()).isGreaterThan(3); // the charts
            assertThat(browser.driver.getPageSource()).contains("$767.96");
            browser.screenshot("review-page");
            assertThat(stack.store().find(stored.id()).orElseThrow().status()).isEqualTo(Status.PENDING);
            assertThat(receive(applyQueue, 0)).isEmpty();
            assertThat(clusterObjects()).isEqualTo(before);

            // 6. the Approve button POSTs the decision
            browser.driver.findElement(By.cssSelector("button.approve")).click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("title")).getText().equals("Approved"));
        }
        assertThat(stack.store().find(stored.id()).orElseThrow().status()).isEqualTo(Status.APPROVED);

        // 7. "Recommendation Approved" reaches the apply function through the template's rule; the real applier runs
        List<JsonNode> approved = receive(applyQueue, 1);
        FunctionResult applied = apply.handleRequest(approved.get(0), null);
        assertThat(applied.outcome()).as(applied.detail()).isEqualTo("APPLIED_NOW");
        StoredRecommendation done = stack.store().find(stored.id()).orElseThrow();
        assertThat(done.history()).extracting(StatusChange::to)
                .containsExactly(Status.PENDING, Status.APPROVED, Status.APPLYING, Status.APPLIED);
        assertThat(done.lastChange().summary()).startsWith("Applied and verified: ");

        // 8. the cluster is as the plan says
        String config = "slicewise-ts-" + replicas;
        assertThat(kube.configMaps().inNamespace("gpu-operator").withName("gpu-sharing-configs").get().getData())
                .containsEntry("exclusive", "version: v1\n")
                .hasEntrySatisfying(config, yaml -> assertThat(yaml).contains("timeSlicing", "replicas: " + replicas));
        Node stay = kube.nodes().withName(STAY).get();
        assertThat(stay.getMetadata().getLabels()).containsEntry("nvidia.com/device-plugin.config", config);
        assertThat(stay.getStatus().getAllocatable().get("nvidia.com/gpu").toString()).isEqualTo(Integer.toString(replicas));
        for (String freed : FREED) {
            assertThat(kube.nodes().withName(freed).get().getSpec().getUnschedulable()).as(freed + " cordoned").isTrue();
            assertThat(kube.pods().inAnyNamespace().withField("spec.nodeName", freed).list().getItems()).as(freed + " drained").isEmpty();
        }
        GenericKubernetesResource pool = kube.genericKubernetesResources("karpenter.sh/v1", "NodePool").withName(POOL).get();
        assertThat(pool.get("spec", "template", "metadata", "labels").toString()).contains("nvidia.com/device-plugin.config=" + config);
        assertThat((Object) pool.get("spec", "limits", "nvidia.com/gpu")).hasToString(Integer.toString(4 * replicas));
        List<GenericKubernetesResource> overlays = kube.genericKubernetesResources("karpenter.sh/v1alpha1", "NodeOverlay").list().getItems();
        assertThat(overlays).singleElement().satisfies(o -> {
            assertThat(o.getMetadata().getName()).isEqualTo("slicewise-gpu-inference-ts" + replicas + "-1gpu");
            assertThat((Object) o.get("spec", "capacity", "nvidia.com/gpu")).hasToString(Integer.toString(replicas));
        });

        // 9. the journal that a rollback will need is in DynamoDB, under the record's id
        List<ApplyRecord> journal = stack.journal().forPlan(stored.id());
        assertThat(journal).singleElement().satisfies(j -> {
            assertThat(j.state()).isEqualTo(ApplyRecord.State.APPLIED);
            assertThat(j.touched()).extracting(t -> t.ref().kind().kind()).contains("ConfigMap", "Node", "NodePool", "NodeOverlay");
        });

        // 10. the outcome is announced and notified, with a link to undo it
        List<JsonNode> later = stack.topicMessages();
        assertThat(later).singleElement().satisfies(m -> {
            assertThat(m.path("Subject").asText()).isEqualTo("Slicewise: time-slicing (" + replicas + " replicas per GPU) on prod-eks/gpu-inference applied");
            assertThat(m.path("Message").asText()).contains("/r/" + stored.id() + "/rollback?t=v1.");
        });
        assertThat(chat.received).hasSize(2);
        assertThat(JSON.readTree(JSON.readTree(chat.received.get(1).body()).path("Message").asText()).at("/metadata/eventType").asText())
                .isEqualTo("SlicewiseApplyOutcome");

        // and the approval is spent: submitting it again is refused and starts nothing
        assertThat(post(approve).statusCode()).isEqualTo(409);
        assertThat(receive(applyQueue, 0)).isEmpty();
    }

    @Test
    void rollbackFromThePageRestoresTheClusterObjectsToTheirBeforeImage() throws Exception {
        Map<String, String> before = clusterObjects();
        StoredRecommendation stored = analyzeApproveAndApply();
        assertThat(clusterObjects()).isNotEqualTo(before);
        String outcome = stack.topicMessages().get(0).path("Message").asText();
        URI rollback = link(outcome, "Roll back (opens the page; the button there undoes the change): ");
        Map<String, String> applied = clusterObjects();

        try (Browser browser = new Browser()) {
            // opening the rollback link shows the applied recommendation with one button, and changes nothing
            browser.driver.get(rollback.toString());
            assertThat(browser.driver.findElement(By.cssSelector(".status")).getText()).startsWith("Applied");
            assertThat(browser.driver.findElements(By.cssSelector("button"))).singleElement()
                    .satisfies(b -> assertThat(b.getText()).isEqualTo("Roll back"));
            browser.screenshot("applied-page");
            assertThat(stack.store().find(stored.id()).orElseThrow().status()).isEqualTo(Status.APPLIED);
            assertThat(receive(rollbackQueue, 0)).isEmpty();
            assertThat(clusterObjects()).isEqualTo(applied);

            browser.driver.findElement(By.cssSelector("button.undo")).click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("title")).getText().equals("Rolling back"));
        }
        assertThat(stack.store().find(stored.id()).orElseThrow().status()).isEqualTo(Status.ROLLBACK_REQUESTED);
        // the link works once
        assertThat(post(rollback).statusCode()).isEqualTo(409);

        // "Rollback Requested" reaches the apply function (the only one that writes to clusters) through its rule
        List<JsonNode> requested = receive(rollbackQueue, 1);
        assertThat(requested.get(0).at("/detail/recordId").asText()).isEqualTo(stored.id());
        FunctionResult rolledBack = apply.handleRequest(requested.get(0), null);
        assertThat(rolledBack.outcome()).as(rolledBack.detail()).isEqualTo("APPLIED_NOW");
        StoredRecommendation done = stack.store().find(stored.id()).orElseThrow();
        assertThat(done.history()).extracting(StatusChange::to).containsExactly(Status.PENDING, Status.APPROVED, Status.APPLYING,
                Status.APPLIED, Status.ROLLBACK_REQUESTED, Status.ROLLING_BACK, Status.ROLLED_BACK);
        assertThat(done.history().get(4).by()).startsWith("rollback link from ");

        // every object the apply changed is back as it was: the ConfigMap, the node labels and cordons, the NodePool; the
        // NodeOverlay it created is gone (pods it evicted are their controllers' to recreate; not a rollback's)
        KubeApi.sim().tick(); // the device plugin notices the label change and advertises the whole GPU again
        assertThat(clusterObjects()).isEqualTo(before);
        assertThat(stack.journal().forPlan(stored.id())).singleElement()
                .satisfies(j -> assertThat(j.state()).isEqualTo(ApplyRecord.State.RESTORED));
        assertThat(stack.topicMessages()).singleElement()
                .satisfies(m -> assertThat(m.path("Subject").asText()).endsWith("on prod-eks/gpu-inference rolled back"));
    }

    @Test
    void aClusterChangedBetweenAnalysisAndApprovalIsNotApplied() throws Exception {
        analyze.handleRequest(Repo.eventJson("analyze-now.json"), null);
        StoredRecommendation stored = only(Status.PENDING);
        // someone edits the NodePool after the analysis (e.g. raises its limit by hand)
        kube.genericKubernetesResources("karpenter.sh/v1", "NodePool").withName(POOL)
                .edit(p -> {
                    p.setAdditionalProperty("spec", withLimit(p, "8"));
                    return p;
                });
        Map<String, String> edited = clusterObjects();
        URI approve = link(stack.topicMessages().get(0).path("Message").asText(), "Approve: ");
        assertThat(post(approve).statusCode()).isEqualTo(200);

        FunctionResult r = apply.handleRequest(receive(applyQueue, 1).get(0), null);

        StoredRecommendation done = stack.store().find(stored.id()).orElseThrow();
        assertThat(done.status()).as(r.detail()).isEqualTo(Status.FAILED);
        assertThat(done.lastChange().summary()).startsWith("Not applied, nothing changed: ").contains("NodePool " + POOL);
        assertThat(clusterObjects()).isEqualTo(edited);
        assertThat(stack.journal().forPlan(stored.id())).isEmpty();
        assertThat(stack.topicMessages()).singleElement().satisfies(m -> {
            assertThat(m.path("Subject").asText()).endsWith("on prod-eks/gpu-inference FAILED");
            assertThat(m.path("Message").asText()).contains("was changed by someone else since the analysis").doesNotContain("/rollback?t=");
        });
    }

    // -------------------------------------------------------------------------------------------------------------

    /** Analyze Now → approve (a POST, as the page's button) → apply; returns the APPLIED record, its notices drained. */
    private StoredRecommendation analyzeApproveAndApply() throws Exception {
        analyze.handleRequest(Repo.eventJson("analyze-now.json"), null);
        StoredRecommendation stored = only(Status.PENDING);
        URI approve = link(stack.topicMessages().get(0).path("Message").asText(), "Approve: ");
        assertThat(post(approve).statusCode()).isEqualTo(200);
        FunctionResult applied = apply.handleRequest(receive(applyQueue, 1).get(0), null);
        assertThat(stack.store().find(stored.id()).orElseThrow().status()).as(applied.detail()).isEqualTo(Status.APPLIED);
        return stored;
    }

    @SuppressWarnings("unchecked")
    private static Object withLimit(GenericKubernetesResource pool, String limit) {
        Map<String, Object> spec = (Map<String, Object>) pool.getAdditionalProperties().get("spec");
        ((Map<String, Object>) spec.get("limits")).put("nvidia.com/gpu", limit);
        return spec;
    }

    /** The objects a plan may touch, as the API server holds them (without server bookkeeping), by kind and name. */
    private static Map<String, String> clusterObjects() {
        Map<String, String> all = new TreeMap<>(KubeApi.cluster().snapshot());
        all.keySet().removeIf(k -> k.startsWith("Pod ")); // evicted pods are recreated by their controllers, not by Slicewise
        return all;
    }

    private static HttpResponse<String> post(URI link) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(link).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("decision=x")).build(), HttpResponse.BodyHandlers.ofString());
    }

    static URI link(String text, String prefix) {
        return URI.create(text.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in:\n" + text)).substring(prefix.length()).strip());
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
