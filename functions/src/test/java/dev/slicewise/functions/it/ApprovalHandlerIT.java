package dev.slicewise.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slicewise.approve.Action;
import dev.slicewise.approve.ApprovalTokens;
import dev.slicewise.aws.testing.SlicewiseStack;
import dev.slicewise.workflow.Status;
import dev.slicewise.workflow.StatusChange;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.testkit.Samples;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(Profiles.Approval.class)
@WithTestResource(MotoStack.class)
class ApprovalHandlerIT {
    static final String ID = "r-5f0c3a9d1e7b24c86a1d0e93";
    SlicewiseStack stack;
    Instant expiry;

    @BeforeEach
    void seed() {
        stack = MotoStack.reset();
        Instant now = Instant.now();
        expiry = now.plus(Duration.ofDays(3));
        stack.store().createIfAbsent(StoredRecommendation.pending(ID, Samples.timeSlicing(), now, expiry, "schedule"));
    }

    StoredRecommendation stored() {
        return stack.store().find(ID).orElseThrow();
    }

    void unchanged() {
        assertThat(stored().status()).isEqualTo(Status.PENDING);
        assertThat(stored().history()).hasSize(1);
        assertThat(stack.busEvents()).isEmpty();
    }

    @Test
    void getOnTheApproveLinkShowsTheReviewPageAndChangesNothing() {
        JsonNode page = Lambda.ok(Links.get(ID, Action.APPROVE, Links.token(ID, Action.APPROVE, expiry)));
        assertThat(page.path("statusCode").asInt()).isEqualTo(200);
        assertThat(page.at("/headers/content-type").asText()).isEqualTo("text/html; charset=utf-8");
        assertThat(page.at("/headers/cache-control").asText()).isEqualTo("no-store");
        assertThat(page.at("/headers/referrer-policy").asText()).isEqualTo("no-referrer");
        String html = page.path("body").asText();
        String base = "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/r/" + ID;
        assertThat(html).contains("Approve GPU sharing for NodePool gpu-inference", "$767.96", "<svg",
                "<form method=\"post\" action=\"" + base + "/approve?t=v1.", "formaction=\"" + base + "/reject?t=v1.",
                "Approve and apply", "<input type=\"hidden\" name=\"token\"").doesNotContain("<script");
        // the view link: the same page, no controls, no token
        String view = Lambda.ok(Links.get(ID, Action.VIEW, Links.token(ID, Action.VIEW, expiry))).path("body").asText();
        assertThat(view).contains("gpu-inference", "$767.96").doesNotContain("<form", "?t=v1.");
        // a mail scanner opening every link, twice
        Lambda.ok(Links.get(ID, Action.REJECT, Links.token(ID, Action.REJECT, expiry)));
        Lambda.ok(Links.get(ID, Action.VIEW, Links.token(ID, Action.VIEW, expiry)));
        Lambda.ok(Links.get(ID, Action.APPROVE, Links.token(ID, Action.APPROVE, expiry)));
        unchanged();
    }

    @Test
    void postWithTheApproveTokenApprovesOnceAndEmitsRecommendationApproved() {
        String token = Links.token(ID, Action.APPROVE, expiry);
        JsonNode r = Lambda.ok(Links.post(ID, Action.APPROVE, token));
        assertThat(r.path("statusCode").asInt()).isEqualTo(200);
        assertThat(r.path("body").asText()).contains("Approved");
        assertThat(stored().status()).isEqualTo(Status.APPROVED);
        assertThat(stored().lastChange().by()).isEqualTo("approval link from 198.51.100.23");
        JsonNode approved = stack.busEvents().get(0);
        assertThat(approved.path("detail-type").asText()).isEqualTo("Recommendation Approved");
        assertThat(approved.at("/detail/recordId").asText()).isEqualTo(ID);

        // replay after approval
        JsonNode replay = Lambda.ok(Links.post(ID, Action.APPROVE, token));
        assertThat(replay.path("statusCode").asInt()).isEqualTo(409);
        assertThat(stack.busEvents()).isEmpty();
        assertThat(stored().history()).extracting(StatusChange::to).containsExactly(Status.PENDING, Status.APPROVED);
    }

    @Test
    void aForgedSignatureIsRefused() {
        String forged = new ApprovalTokens(() -> "an-attacker-key-that-is-32-bytes-long!".getBytes(StandardCharsets.UTF_8))
                .issue(ID, Action.APPROVE, expiry);
        JsonNode r = Lambda.ok(Links.post(ID, Action.APPROVE, forged));
        assertThat(r.path("statusCode").asInt()).isEqualTo(403);
        assertThat(r.path("body").asText()).contains("signature is not valid");
        unchanged();
    }

    @Test
    void anExpiredTokenIsRefused() {
        JsonNode r = Lambda.ok(Links.post(ID, Action.APPROVE, Links.token(ID, Action.APPROVE, Instant.now().minusSeconds(1))));
        assertThat(r.path("statusCode").asInt()).isEqualTo(403);
        assertThat(r.path("body").asText()).contains("expired");
        unchanged();
    }

    @Test
    void aTamperedRecommendationIdIsRefused() {
        String other = "r-000000000000000000000000";
        stack.store().createIfAbsent(StoredRecommendation.pending(other, Samples.timeSlicing("B", "other-pool"), Instant.now(), expiry, "schedule"));
        // the genuine approve token of ID, sent to the other record's link
        JsonNode r = Lambda.ok(Links.post(other, Action.APPROVE, Links.token(ID, Action.APPROVE, expiry)));
        assertThat(r.path("statusCode").asInt()).isEqualTo(403);
        assertThat(r.path("body").asText()).contains("another recommendation");
        assertThat(stack.store().find(other).orElseThrow().status()).isEqualTo(Status.PENDING);
        unchanged();
    }

    @Test
    void aTokenForAnotherActionIsRefused() {
        JsonNode r = Lambda.ok(Links.post(ID, Action.APPROVE, Links.token(ID, Action.REJECT, expiry)));
        assertThat(r.path("statusCode").asInt()).isEqualTo(403);
        assertThat(r.path("body").asText()).contains("allows &#39;reject&#39;, not &#39;approve&#39;");
        assertThat(Lambda.ok(Links.post(ID, Action.VIEW, Links.token(ID, Action.VIEW, expiry))).path("statusCode").asInt()).isEqualTo(405);
        unchanged();
    }

    @Test
    void rejectingWorksOnceToo() {
        String token = Links.token(ID, Action.REJECT, expiry);
        assertThat(Lambda.ok(Links.post(ID, Action.REJECT, token)).path("statusCode").asInt()).isEqualTo(200);
        assertThat(stored().status()).isEqualTo(Status.REJECTED);
        assertThat(stack.busEvents()).extracting(e -> e.path("detail-type").asText()).containsExactly("Recommendation Rejected");
        assertThat(Lambda.ok(Links.post(ID, Action.APPROVE, Links.token(ID, Action.APPROVE, expiry))).path("statusCode").asInt()).isEqualTo(409);
    }

    @Test
    void somethingThatIsNotAFunctionUrlRequestGets400() {
        JsonNode r = Lambda.ok(dev.slicewise.functions.support.Repo.event("analyze-now.json"));
        assertThat(r.path("statusCode").asInt()).isEqualTo(400);
        ObjectNode unknownPath = Links.get(ID, Action.VIEW, "x");
        unknownPath.put("rawPath", "/admin");
        assertThat(Lambda.ok(unknownPath).path("statusCode").asInt()).isEqualTo(404);
        unchanged();
    }

    /** The record after its apply succeeded. */
    void applied() {
        Instant now = Instant.now();
        stack.store().transition(ID, java.util.Set.of(Status.PENDING), StatusChange.of(Status.APPROVED, now, "approval link", "approved"));
        stack.store().transition(ID, java.util.Set.of(Status.APPROVED), StatusChange.of(Status.APPLYING, now, "apply function", "applying"));
        stack.store().transition(ID, java.util.Set.of(Status.APPLYING), StatusChange.of(Status.APPLIED, now, "apply function", "applied and verified"));
        stack.busEvents();
    }

    @Test
    void theRollbackLinkShowsTheButtonOnGetAndRequestsTheRollbackOnceOnPost() {
        applied();
        String token = Links.token(ID, Action.ROLLBACK, Instant.now().plus(Duration.ofDays(3)));
        String html = Lambda.ok(Links.get(ID, Action.ROLLBACK, token)).path("body").asText();
        String base = "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/r/" + ID;
        assertThat(html).contains("<form method=\"post\" action=\"" + base + "/rollback?t=" + token + "\"", "Roll back")
                .doesNotContain("Approve and apply");
        Lambda.ok(Links.get(ID, Action.ROLLBACK, token)); // a scanner opening it again
        assertThat(stored().status()).isEqualTo(Status.APPLIED);
        assertThat(stack.busEvents()).isEmpty();

        JsonNode r = Lambda.ok(Links.post(ID, Action.ROLLBACK, token));
        assertThat(r.path("statusCode").asInt()).isEqualTo(200);
        assertThat(r.path("body").asText()).contains("Rolling back");
        assertThat(stored().status()).isEqualTo(Status.ROLLBACK_REQUESTED);
        assertThat(stored().lastChange().by()).isEqualTo("rollback link from 198.51.100.23");
        assertThat(stack.busEvents()).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo("Rollback Requested");
            assertThat(e.at("/detail/recordId").asText()).isEqualTo(ID);
        });

        // replayed
        assertThat(Lambda.ok(Links.post(ID, Action.ROLLBACK, token)).path("statusCode").asInt()).isEqualTo(409);
        assertThat(stack.busEvents()).isEmpty();
    }

    @Test
    void forgedExpiredAndOtherActionRollbackTokensAreRefused() {
        applied();
        Instant later = Instant.now().plus(Duration.ofDays(3));
        String forged = new ApprovalTokens(() -> "another-installations-key-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8))
                .issue(ID, Action.ROLLBACK, later);
        assertThat(Lambda.ok(Links.post(ID, Action.ROLLBACK, forged)).path("statusCode").asInt()).isEqualTo(403);
        assertThat(Lambda.ok(Links.post(ID, Action.ROLLBACK, Links.token(ID, Action.ROLLBACK, Instant.now().minusSeconds(1))))
                .path("body").asText()).contains("expired");
        assertThat(Lambda.ok(Links.post(ID, Action.ROLLBACK, Links.token(ID, Action.APPROVE, later))).path("statusCode").asInt()).isEqualTo(403);
        assertThat(stored().status()).isEqualTo(Status.APPLIED);
        assertThat(stack.busEvents()).isEmpty();
    }
}
