package dev.slicewise.functions.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.approve.Action;
import dev.slicewise.approve.ReviewPage;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.testkit.Samples;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BasicReviewPageTest {
    final Instant now = Instant.parse("2026-11-23T06:00:00Z");

    @Test
    void showsSavingsWhyRisksPlanAndOneButtonPostingTheToken() {
        String html = new BasicReviewPage().render(StoredRecommendation.pending("r-1", Samples.timeSlicing(), now, now.plusSeconds(3600), "schedule"),
                new ReviewPage.Form(Action.APPROVE, "/r/r-1/approve", "v1.abc.def"));
        assertThat(html).contains("<strong>$767.96 per month</strong>: 4 → 2 g4dn.xlarge nodes", "$1,535.92 → $767.96", "$0.526/h")
                .contains("4 of 4 GPUs are underused", "MEDIUM · no memory isolation", "add device-plugin config &#39;slicewise-ts-2&#39;")
                .contains("replicas: 2", "<svg id=\"chart\"", "24.0 %", "no data")
                .contains("<form method=\"post\" action=\"/r/r-1/approve\"><input type=\"hidden\" name=\"t\" value=\"v1.abc.def\">")
                .contains("id=\"approve\"").doesNotContain("<script");
    }

    @Test
    void escapesEverythingFromTheClusterAndHasNoButtonWhenReadOnly() {
        Recommendation b = Samples.timeSlicing("x", "pool\"><script>alert(1)</script>");
        String html = new BasicReviewPage().render(StoredRecommendation.pending("r-1", b, now, now.plusSeconds(60), "schedule"), null);
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("id=\"readonly\"")
                .doesNotContain("<form");
    }
}
