package dev.slicewise.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.InputProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

    @Test
    void aReportWithEveryStrategyStepAndVerdictIsValidAgainstTheSchema() {
        String json = ReportJson.write(SampleReports.withSavings());
        assertThat(SchemaValidation.errors(SchemaValidation.reportSchema(), json)).isEmpty();
    }

    @Test
    void aReportWithProblemsAndNoPriceIsValidToo() {
        var rec = SampleReports.timeSlicedG4dn();
        var unpriced = new dev.slicewise.recommend.Recommendation(rec.id(), rec.cluster(), rec.region(), null, rec.instanceType(),
                rec.gpuModel(), rec.gpusPerNode(), null, rec.sharing(), rec.before(), rec.after(), null, rec.reasons(), rec.risks(),
                rec.evidence(), rec.alternatives(), rec.plan());
        AnalysisReport report = SampleReports.report(List.of(unpriced), List.of(new InputProblem("c1/n1", "missing required field 'instanceType'; this node is left out")));
        String json = ReportJson.write(report);
        assertThat(SchemaValidation.errors(SchemaValidation.reportSchema(), json)).isEmpty();
        assertThat(ReportJson.toTree(report).get("totalMonthlySavings").asDouble()).isZero();
    }

    @Test
    void unionsAreTaggedWithTheirDocumentedDiscriminators() {
        JsonNode root = ReportJson.toTree(SampleReports.withSavings());
        JsonNode recs = root.get("recommendations");
        assertThat(root.get("schemaVersion").asText()).isEqualTo(ReportJson.SCHEMA_VERSION);
        assertThat(recs.findValuesAsText("strategy")).contains("time-slicing", "mig", "unchanged");
        JsonNode mig = recs.get(1).get("sharing");
        assertThat(mig.get("strategy").asText()).isEqualTo("mig");
        assertThat(mig.get("migStrategy").asText()).isEqualTo("mixed");
        assertThat(mig.at("/gpus/0/slices/3/tenant").isNull()).isTrue();
        assertThat(recs.get(0).at("/plan/steps").findValuesAsText("kind")).containsExactly("device-plugin-config",
                "cluster-policy-patch", "node-pool-update", "node-overlay", "label-nodes", "drain-nodes", "remove-nodes");
        assertThat(recs.get(0).at("/plan/steps/0/description").asText())
                .isEqualTo("add device-plugin config 'slicewise-ts-2' (time-slicing, 2 replicas per GPU)");
        List<String> verdicts = new java.util.ArrayList<>();
        recs.forEach(r -> r.get("evidence").forEach(e -> verdicts.add(e.at("/verdict/verdict").asText())));
        assertThat(verdicts).containsExactly("underused", "idle", "underused", "insufficient-data", "too-young", "busy");
        // no data: JSON has no NaN, the number is null
        assertThat(recs.get(1).at("/evidence/1/verdict/evidence/p95UtilPct").isNull()).isTrue();
        // derived values are in the document: 4 x 0.752 x 730 - 2 x 0.752 x 730 = 1,097.92; + 40,179.20 for the p5 pool
        assertThat(recs.get(0).at("/savings/monthlySavings").asDouble()).isCloseTo(1097.92, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(recs.get(0).get("actionable").asBoolean()).isTrue();
        assertThat(recs.get(2).get("actionable").asBoolean()).isFalse();
        assertThat(root.get("totalMonthlySavings").asDouble()).isCloseTo(41277.12, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(root.at("/window/stepSeconds").asInt()).isEqualTo(3600);
        assertThat(root.at("/policy/detection/minNodeAge").asText()).isEqualTo("PT72H");
    }

    @Test
    void aWrittenReportReadsBackEqual() throws Exception {
        AnalysisReport report = SampleReports.withSavings();
        assertThat(ReportJson.read(ReportJson.write(report))).isEqualTo(report);
    }

    @Test
    void theSchemaRejectsReportsThatBreakTheFormat() throws Exception {
        var schema = SchemaValidation.reportSchema();
        ObjectNode good = ReportJson.toTree(SampleReports.withSavings());

        ObjectNode unknownStrategy = good.deepCopy();
        ((ObjectNode) unknownStrategy.at("/recommendations/0/sharing")).put("strategy", "mps");
        assertThat(SchemaValidation.errors(schema, unknownStrategy.toString())).isNotEmpty();

        ObjectNode stepWithoutKind = good.deepCopy();
        ((ObjectNode) stepWithoutKind.at("/recommendations/0/plan/steps/0")).remove("kind");
        assertThat(SchemaValidation.errors(schema, stepWithoutKind.toString())).isNotEmpty();

        ObjectNode undocumentedField = good.deepCopy();
        ((ObjectNode) undocumentedField.at("/recommendations/0")).put("confidence", 0.9);
        assertThat(SchemaValidation.errors(schema, undocumentedField.toString()))
                .anySatisfy(e -> assertThat(e).contains("confidence"));

        ObjectNode oneReplica = good.deepCopy();
        ((ObjectNode) oneReplica.at("/recommendations/0/sharing")).put("replicas", 1);
        assertThat(SchemaValidation.errors(schema, oneReplica.toString())).isNotEmpty();

        ObjectNode noSavingsField = good.deepCopy();
        ((ObjectNode) noSavingsField.at("/recommendations/1")).remove("savings");
        assertThat(SchemaValidation.errors(schema, noSavingsField.toString())).anySatisfy(e -> assertThat(e).contains("savings"));
    }

    @Test
    void readingRefusesWhatIsNotAReport() {
        assertThatThrownBy(() -> ReportJson.read("{\"schemaVersion\": \"slicewise.dev/fleet-snapshot/v1\"}"))
                .isInstanceOf(JsonFormatException.class).hasMessageContaining("not an analysis report");
        assertThatThrownBy(() -> ReportJson.read("{\"schemaVersion\": ")).hasMessageContaining("malformed JSON");
    }
}
