package dev.slicewise.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.plan.PlanStep;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Sharing;
import dev.slicewise.workflow.testkit.Samples;
import org.junit.jupiter.api.Test;

class RecommendationJsonTest {
    @Test
    void roundTripsTheSealedTypesAndNaNEvidence() {
        Recommendation r = Samples.timeSlicing();
        String json = RecommendationJson.write(r);
        assertThat(json).contains("\"kind\":\"TimeSlicing\"", "\"kind\":\"DevicePluginConfig\"", "\"kind\":\"Underused\"", "\"NaN\"");
        Recommendation back = RecommendationJson.read(json);
        assertThat(back.sharing()).isInstanceOf(Sharing.TimeSlicing.class).isEqualTo(r.sharing());
        assertThat(back.plan().steps()).first().isInstanceOf(PlanStep.DevicePluginConfig.class);
        assertThat(back.plan()).isEqualTo(r.plan());
        assertThat(back.savings()).isEqualTo(r.savings());
        assertThat(back.evidence().get(1).verdict().evidence().p95UtilPct()).isNaN();
        assertThat(back).isEqualTo(r); // record equality: Double.compare, so NaN equals NaN
    }

    @Test
    void unchangedRoundTrips() {
        Recommendation r = Samples.unchanged("h100");
        assertThat(RecommendationJson.read(RecommendationJson.write(r))).isEqualTo(r);
    }

    @Test
    void anAnalysisContextWithHourlySeriesAndGapsRoundTrips() throws Exception {
        dev.slicewise.fleet.Window w = new dev.slicewise.fleet.Window(java.time.Instant.parse("2026-11-16T06:00:00Z"),
                java.time.Instant.parse("2026-11-23T06:00:00Z"), java.time.Duration.ofHours(1));
        AnalysisContext c = new AnalysisContext(Samples.report(w, java.util.List.of(Samples.timeSlicing())), Samples.snapshot(w));
        String json = RecommendationJson.mapper().writeValueAsString(c);
        AnalysisContext back = RecommendationJson.mapper().readValue(json, AnalysisContext.class);
        assertThat(back.report()).isEqualTo(c.report());
        var util = back.snapshot().clusters().get(0).nodes().get(2).gpus().get(0).metrics().util();
        assertThat(util.avg()).hasSize(168);
        assertThat(util.avg()[5]).isNaN();
        assertThat(util.avg()[0]).isEqualTo(c.snapshot().clusters().get(0).nodes().get(2).gpus().get(0).metrics().util().avg()[0]);
        assertThat(back.snapshot().clusters().get(0).workloads()).isEqualTo(c.snapshot().clusters().get(0).workloads());
    }

    @Test
    void garbageIsAClearError() {
        assertThatThrownBy(() -> RecommendationJson.read("{\"sharing\":{\"kind\":\"Teleport\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stored recommendation is not readable");
    }
}
