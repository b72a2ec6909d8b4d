package dev.slicewise.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.aws.testing.SlicewiseStack;
import dev.slicewise.functions.support.Repo;
import dev.slicewise.functions.template.EventPattern;
import dev.slicewise.functions.template.Template;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(Profiles.Schedule.class)
@WithTestResource(MotoStack.class)
class ScheduleHandlerIT {
    SlicewiseStack stack;

    @BeforeEach
    void reset() {
        stack = MotoStack.reset();
    }

    @Test
    void theScheduledRunFansOutOneEventPerClusterThatTheAnalyzeRuleTakes() {
        JsonNode out = Lambda.ok(Repo.event("scheduler-daily.json"));
        assertThat(out.path("outcome").asText()).isEqualTo("FANNED_OUT");
        assertThat(out.path("detail").asText()).isEqualTo("2 cluster(s): prod-eks, staging");

        List<JsonNode> onBus = stack.busEvents();
        assertThat(onBus).extracting(e -> e.at("/detail/cluster").asText()).containsExactlyInAnyOrder("prod-eks", "staging");
        JsonNode fanOutRule = Template.load().rule("FanOut").pattern();
        for (JsonNode e : onBus) {
            assertThat(e.path("detail-type").asText()).isEqualTo("Analyze Cluster Requested");
            assertThat(e.at("/detail/requestedAt").asText()).isEqualTo("2026-11-23T06:00:00Z"); // the schedule's time, not "now"
            assertThat(EventPattern.matches(fanOutRule, e)).as("the AnalyzeFunction FanOut rule takes %s", e).isTrue();
        }
    }
}
