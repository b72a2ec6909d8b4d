package dev.slicewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.json.SchemaValidation;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `slicewise demo` with the real engine: what a user sees on a fresh clone. */
class DemoEndToEndTest {

    @Test
    void theDemoPrintsSavingsForTheUnderusedPoolsAndLeavesTheBusyOneAlone() {
        CliTest.Run r = CliTest.run(Engines::defaultAnalyzer, "demo");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.SAVINGS);
        assertThat(r.out())
                .containsPattern("inference-g4dn +g4dn\\.2xlarge +time-slicing .* 4 -> 2 ")
                .containsPattern("llm-p5 +p5\\.48xlarge +mig ")
                .containsPattern("training-p4d +p4d\\.24xlarge +unchanged")
                .contains("busy pool")
                .contains("insufficient data")
                .contains("MIG not considered: A10G GPUs")
                .containsPattern("Total: \\$[0-9,]+\\.[0-9]{2} per month");
    }

    @Test
    void theDemoJsonIsValidPerTheDocumentedSchemaAndCarriesTheDecisions() throws Exception {
        CliTest.Run r = CliTest.run(Engines::defaultAnalyzer, "demo", "--output", "json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.SAVINGS);
        assertThat(SchemaValidation.errors(SchemaValidation.reportSchema(), r.out())).isEmpty();

        JsonNode report = new ObjectMapper().readTree(r.out());
        Map<String, String> strategyByPool = new HashMap<>();
        double total = 0;
        for (JsonNode rec : report.path("recommendations")) {
            strategyByPool.merge(rec.path("nodePool").asText(), rec.path("sharing").path("strategy").asText(), (a, b) -> a + "," + b);
            JsonNode s = rec.path("savings");
            if (!s.isMissingNode() && !s.isNull() && rec.path("after").path("nodes").asInt() < rec.path("before").path("nodes").asInt()) {
                // savings = (before - after) nodes x price x hours, as documented
                double expected = (rec.path("before").path("nodes").asInt() - rec.path("after").path("nodes").asInt())
                        * s.path("price").path("usdPerHour").asDouble() * s.path("hoursPerMonth").asDouble();
                assertThat(s.path("monthlySavings").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
                total += s.path("monthlySavings").asDouble();
            }
        }
        assertThat(strategyByPool).containsEntry("inference-g4dn", "time-slicing").containsEntry("llm-p5", "mig")
                .containsEntry("training-p4d", "unchanged").containsEntry("batch-spot-g6", "unchanged");
        assertThat(strategyByPool.get("vision-g5")).doesNotContain("mig");
        assertThat(total).isGreaterThan(0);
    }
}
