package dev.slicewise.functions.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.functions.support.Repo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every EventBridge rule in template.yaml against every sample event in events/: each event reaches exactly its rule. */
class RulePatternsTest {
    static final List<String> SAMPLES = List.of("analyze-cluster-requested.json", "analyze-now.json", "cloudwatch-alarm-low-gpu.json",
            "cloudwatch-alarm-low-gpu-ok.json", "ec2-gpu-instance-running.json", "ec2-instance-stopped.json",
            "recommendation-created.json", "recommendation-approved.json", "recommendation-rejected.json",
            "recommendation-applied.json", "rollback-requested.json", "invalid/unexpected-source.json");

    final Template template = Template.load();

    @Test
    void eachSampleReachesExactlyTheRuleMeantForIt() {
        Map<String, List<String>> matched = new TreeMap<>();
        for (String sample : SAMPLES) {
            JsonNode event = Repo.eventJson(sample);
            matched.put(sample, template.rules().stream().filter(r -> EventPattern.matches(r.pattern(), event))
                    .map(r -> r.function() + "." + r.name()).toList());
        }
        assertThat(matched).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("analyze-cluster-requested.json", List.of("AnalyzeFunction.FanOut")),
                Map.entry("analyze-now.json", List.of("AnalyzeFunction.AnalyzeNow")),
                Map.entry("cloudwatch-alarm-low-gpu.json", List.of("AnalyzeFunction.LowGpuUtilizationAlarm")),
                Map.entry("cloudwatch-alarm-low-gpu-ok.json", List.of()),
                Map.entry("ec2-gpu-instance-running.json", List.of("AnalyzeFunction.NewGpuCapacity")),
                Map.entry("ec2-instance-stopped.json", List.of()),
                // Slicewise's own events do not loop back into the analysis
                Map.entry("recommendation-created.json", List.of()),
                Map.entry("recommendation-approved.json", List.of("ApplyFunction.Approved")),
                Map.entry("recommendation-rejected.json", List.of()),
                Map.entry("recommendation-applied.json", List.of()),
                Map.entry("rollback-requested.json", List.of("ApplyFunction.RollbackRequested")),
                Map.entry("invalid/unexpected-source.json", List.of())));
    }

    @Test
    void slicewiseEventsAreRuledOnItsOwnBusAndAwsEventsOnTheDefaultBus() {
        assertThat(template.rule("FanOut").busRef()).isEqualTo("EventBus");
        assertThat(template.rule("AnalyzeNow").busRef()).isEqualTo("EventBus");
        assertThat(template.rule("Approved").busRef()).isEqualTo("EventBus");
        assertThat(template.rule("RollbackRequested").busRef()).isEqualTo("EventBus");
        assertThat(template.rule("LowGpuUtilizationAlarm").busRef()).isNull();
        assertThat(template.rule("NewGpuCapacity").busRef()).isNull();
    }

    @Test
    void everyRuleRetriesDeliveryAndDeadLettersWhatItCannotDeliver() {
        for (Template.Rule r : template.rules()) {
            assertThat(r.properties().at("/RetryPolicy/MaximumRetryAttempts").asInt(-1)).as(r.name()).isPositive();
            assertThat(r.properties().at("/DeadLetterConfig/Arn/Fn::GetAtt/0").asText()).as(r.name()).isEqualTo("DeliveryDeadLetterQueue");
        }
    }

    @Test
    void theMatcherFollowsEventBridgeSemantics() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode e = m.readTree("{\"source\":\"aws.ec2\",\"detail\":{\"state\":\"running\",\"tags\":[\"a\",\"b\"],\"n\":5}}");
        assertThat(EventPattern.matches(m.readTree("{\"source\":[\"aws.ec2\",\"aws.s3\"]}"), e)).isTrue();
        assertThat(EventPattern.matches(m.readTree("{\"source\":[\"aws.s3\"]}"), e)).isFalse();
        assertThat(EventPattern.matches(m.readTree("{\"detail\":{\"state\":[{\"prefix\":\"run\"}]}}"), e)).isTrue();
        assertThat(EventPattern.matches(m.readTree("{\"detail\":{\"state\":[{\"anything-but\":[\"running\"]}]}}"), e)).isFalse();
        assertThat(EventPattern.matches(m.readTree("{\"detail\":{\"tags\":[\"b\"]}}"), e)).isTrue();
        assertThat(EventPattern.matches(m.readTree("{\"detail\":{\"missing\":[{\"exists\":false}]}}"), e)).isTrue();
        assertThat(EventPattern.matches(m.readTree("{\"detail\":{\"state\":[{\"exists\":false}]}}"), e)).isFalse();
        assertThat(EventPattern.matches(m.readTree("{\"detail\":{\"n\":[5]}}"), e)).isTrue();
        assertThat(EventPattern.matches(m.readTree("{\"detail\":{\"state\":{\"x\":[1]}}}"), e)).isFalse();
        assertThatThrownBy(() -> EventPattern.matches(m.readTree("{\"detail\":{\"n\":[{\"numeric\":[\">\",1]}]}}"), e))
                .hasMessageContaining("not supported");
    }
}
