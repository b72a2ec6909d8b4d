package dev.slicewise.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.approve.Links;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.workflow.ApplyOutcome;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.testkit.Samples;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MessageComposerTest {
    static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");
    static final Links LINKS = new Links(URI.create("https://u.example/r/r-1/view?t=v1.a.b"),
            URI.create("https://u.example/r/r-1/approve?t=v1.c.d"), URI.create("https://u.example/r/r-1/reject?t=v1.e.f"),
            Instant.parse("2026-11-26T06:00:00Z"));

    final MessageComposer composer = new MessageComposer();
    final StoredRecommendation stored = StoredRecommendation.pending("r-1", Samples.timeSlicing(), NOW,
            LINKS.expiresAt(), "schedule");

    @Test
    void theEmailSaysWhatItSavesWhyTheRisksAndHowToDecide() {
        Notification n = composer.created(stored, LINKS);
        assertThat(n.kind()).isEqualTo(Notification.Kind.RECOMMENDATION_CREATED);
        assertThat(n.subject()).isEqualTo("Slicewise: time-slicing (2 replicas per GPU) on prod-eks/gpu-inference saves $767.96/month");
        assertThat(n.text())
                .contains("Slicewise recommends time-slicing (2 replicas per GPU) for NodePool \"gpu-inference\" in cluster \"prod-eks\"")
                // 4 and 2 nodes at $0.526/h for 730 h: 1,535.92 and 767.96
                .contains("4 -> 2 g4dn.xlarge nodes (4 -> 2 GPUs) at $0.526/h per node (bundled table: us-east-1 list price, 2026-07-20), 730 h/month: $1,535.92 -> $767.96")
                .contains("Savings: $767.96/month")
                .contains("  - 4 of 4 GPUs are underused")
                .contains("  - MEDIUM no memory isolation: Time-slicing has no memory isolation")
                .contains("  1. add device-plugin config 'slicewise-ts-2' (time-slicing, 2 replicas per GPU)")
                .contains("  2. update NodePool 'gpu-inference'")
                .contains("Approve: https://u.example/r/r-1/approve?t=v1.c.d")
                .contains("Reject:  https://u.example/r/r-1/reject?t=v1.e.f")
                .contains("Review the plan, evidence and charts: https://u.example/r/r-1/view?t=v1.a.b")
                .contains("Opening a link changes nothing")
                .contains("The links expire 2026-11-26 06:00 UTC");
        assertThat(n.sms()).contains("$767.96/month", "https://u.example/r/r-1/view?t=v1.a.b").doesNotContain("approve");
    }

    @Test
    void theChatMessageIsAValidCustomNotificationWithTheSameFacts() throws Exception {
        Notification n = composer.created(stored, LINKS);
        String json = n.chat().toJson();
        assertThat(ChatSchema.problems(json)).isEmpty();
        JsonNode j = new ObjectMapper().readTree(json);
        assertThat(j.path("version").asText()).isEqualTo("1.0");
        assertThat(j.path("source").asText()).isEqualTo("custom");
        assertThat(j.at("/content/textType").asText()).isEqualTo("client-markdown");
        assertThat(j.at("/content/title").asText()).contains("$767.96/month", "prod-eks / gpu-inference");
        assertThat(j.at("/content/description").asText())
                .contains("*Time-slicing (2 replicas per GPU)*", "4 → 2 nodes", "*Why:*", "*Risks:*", "MEDIUM no memory isolation");
        assertThat(j.at("/content/nextSteps").toString())
                .contains("<https://u.example/r/r-1/approve?t=v1.c.d|Approve>", "<https://u.example/r/r-1/reject?t=v1.e.f|Reject>",
                        "<https://u.example/r/r-1/view?t=v1.a.b|Review>");
        assertThat(j.at("/metadata/threadId").asText()).isEqualTo("slicewise-prod-eks-gpu-inference");
        assertThat(j.at("/metadata/eventType").asText()).isEqualTo("SlicewiseRecommendationCreated");
        assertThat(j.at("/metadata/additionalContext/Record").asText()).isEqualTo("r-1");
    }

    @Test
    void theSchemaRefusesWhatTheChatServiceWouldDropSilently() {
        assertThat(ChatSchema.problems("{\"version\":\"1.0\",\"source\":\"custom\",\"content\":{\"title\":\"no description\"}}")).isNotEmpty();
        assertThat(ChatSchema.problems("{\"version\":\"2.0\",\"source\":\"custom\",\"content\":{\"description\":\"x\"}}")).isNotEmpty();
        assertThat(ChatSchema.problems("{\"version\":\"1.0\",\"source\":\"custom\",\"content\":{\"textType\":\"markdown\",\"description\":\"x\"}}")).isNotEmpty();
        assertThat(ChatSchema.problems("{\"version\":\"1.0\",\"source\":\"custom\",\"content\":{\"description\":\"x\"},\"metadata\":{\"additionalContext\":{\"n\":1}}}")).isNotEmpty();
        assertThat(ChatSchema.problems("{\"version\":\"1.0\",\"source\":\"custom\",\"content\":{\"description\":\"x\"}}")).isEmpty();
    }

    @Test
    void longReasonListsAreCutInChatButKeptInTheEmail() {
        Recommendation base = Samples.timeSlicing();
        List<String> reasons = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> reasons.add("reason number " + i + " " + "x".repeat(200)));
        Recommendation r = new Recommendation(base.id(), base.cluster(), base.region(), base.nodePool(), base.instanceType(),
                base.gpuModel(), base.gpusPerNode(), base.capacityType(), base.sharing(), base.before(), base.after(),
                base.savings(), reasons, base.risks(), base.evidence(), base.alternatives(), base.plan());
        Notification n = composer.created(StoredRecommendation.pending("r-1", r, NOW, LINKS.expiresAt(), "schedule"), LINKS);
        assertThat(n.chat().content().description()).contains("… and 17 more on the review page").hasSizeLessThan(3000);
        assertThat(n.text()).contains("reason number 19");
        assertThat(ChatSchema.problems(n.chat().toJson())).isEmpty();
    }

    @Test
    void outcomeMessagesSayWhatHappened() {
        URI view = URI.create("https://u.example/r/r-1/view?t=v1.x.y");
        Notification ok = composer.outcome(stored, new ApplyOutcome.Applied("Applied 2 steps and verified.", List.of("ConfigMap updated")), view);
        Notification back = composer.outcome(stored, new ApplyOutcome.RolledBack("Verification failed; rolled back.", List.of("node label timeout")), view);
        Notification bad = composer.outcome(stored, new ApplyOutcome.Failed("Rollback failed.", List.of("NodePool patch: 409")), null);
        assertThat(ok.subject()).isEqualTo("Slicewise: time-slicing (2 replicas per GPU) on prod-eks/gpu-inference applied");
        assertThat(ok.text()).contains("was applied.", "Applied 2 steps and verified.", "  - ConfigMap updated", "Record: " + view);
        assertThat(back.subject()).endsWith("rolled back");
        assertThat(bad.subject()).endsWith("FAILED");
        assertThat(bad.text()).contains("A person must check the cluster", "NodePool patch: 409").doesNotContain("Record: https");
        for (Notification n : List.of(ok, back, bad)) {
            assertThat(n.kind()).isEqualTo(Notification.Kind.APPLY_OUTCOME);
            assertThat(ChatSchema.problems(n.chat().toJson())).isEmpty();
        }
    }

    @Test
    void aMigRecommendationWithoutAPriceSaysSo() {
        Recommendation base = Samples.timeSlicing();
        Recommendation mig = new Recommendation("mig-1", base.cluster(), base.region(), "h100-pool", "p5.48xlarge", "NVIDIA H100", 8,
                "on-demand", new dev.slicewise.recommend.Sharing.Mig("mixed", "slicewise-mixed-1", List.of(), List.of()),
                new dev.slicewise.recommend.Footprint(5, 40), new dev.slicewise.recommend.Footprint(2, 16), null,
                List.of("MIG packs the 11 tenants into 16 GPUs"), List.of(), List.of(), List.of(), base.plan());
        Notification n = composer.created(StoredRecommendation.pending("r-2", mig, NOW, LINKS.expiresAt(), "alarm x"), LINKS);
        assertThat(n.subject()).isEqualTo("Slicewise: MIG (mixed strategy) on prod-eks/h100-pool frees 3 nodes");
        assertThat(n.text()).contains("Slicewise recommends MIG (mixed strategy, config slicewise-mixed-1) for NodePool \"h100-pool\"",
                "Savings: unknown (no price for p5.48xlarge)", "5 -> 2 p5.48xlarge nodes (40 -> 16 GPUs)\n");
        assertThat(n.chat().content().title()).isEqualTo(":money_with_wings: Slicewise: frees 3 nodes on prod-eks / h100-pool");
        assertThat(n.chat().content().description()).contains("*savings unknown (no price for p5.48xlarge)*");
        assertThat(ChatSchema.problems(n.chat().toJson())).isEmpty();
    }

    @Test
    void nothingToDoNamesTheReason() {
        Notification n = composer.nothingToDo(Samples.unchanged("h100"));
        assertThat(n.subject()).isEqualTo("Slicewise: nothing to change on prod-eks/h100");
        assertThat(n.text()).contains("GPUs are busy: p95 utilization 78 % (threshold 50 %)");
        assertThat(ChatSchema.problems(n.chat().toJson())).isEmpty();
    }

    @Test
    void subjectsAreAsciiOneLineAndAtMost100Characters() {
        Notification n = new Notification(Notification.Kind.APPLY_OUTCOME, "a → b\nc " + "y".repeat(200), "t", "s", null);
        assertThat(n.subject()).startsWith("a -> b c ").hasSize(100).endsWith("...").matches("[\\x20-\\x7e]+");
    }
}
