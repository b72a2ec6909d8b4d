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
    void garbageIsAClearError() {
        assertThatThrownBy(() -> RecommendationJson.read("{\"sharing\":{\"kind\":\"Teleport\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stored recommendation is not readable");
    }
}
