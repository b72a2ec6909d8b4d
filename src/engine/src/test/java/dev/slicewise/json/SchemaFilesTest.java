package dev.slicewise.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.slicewise.demo.DemoFleet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SchemaFilesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static String resource(String path) throws IOException {
        try (InputStream in = SchemaFilesTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fleet-snapshot.schema.json", "analysis-report.schema.json"})
    void theClasspathCopyIsTheRepositoryFile(String name) throws IOException {
        // surefire runs in the module directory; the published file is at the top of the repository
        String published = Files.readString(Path.of("../../schemas", name));
        assertThat(resource("/dev/slicewise/schemas/" + name)).isEqualTo(published);
    }

    @ParameterizedTest
    @ValueSource(strings = {Schemas.FLEET_SNAPSHOT, Schemas.ANALYSIS_REPORT})
    void eachSchemaIsAValidDraft202012Schema(String path) throws IOException {
        var meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        assertThat(meta.validate(resource(path), InputFormat.JSON)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Schemas.FLEET_SNAPSHOT, Schemas.ANALYSIS_REPORT})
    void everyFieldAndDefinitionIsDocumented(String path) throws IOException {
        JsonNode schema = JSON.readTree(resource(path));
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(schema, "", undocumented);
        assertThat(schema.has("description")).isTrue();
        assertThat(undocumented).as("fields without a description").isEmpty();
    }

    /** Every entry of "properties" and "$defs", at any depth, must say what it is. */
    private static void collectUndocumented(JsonNode node, String where, List<String> out) {
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) collectUndocumented(a.get(i), where + "/" + i, out);
            return;
        }
        if (!(node instanceof ObjectNode o)) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("properties") || e.getKey().equals("$defs")) {
                for (Iterator<Map.Entry<String, JsonNode>> f = e.getValue().fields(); f.hasNext(); ) {
                    var field = f.next();
                    if (!field.getValue().hasNonNull("description")) out.add(where + "/" + e.getKey() + "/" + field.getKey());
                }
            }
            collectUndocumented(e.getValue(), where + "/" + e.getKey(), out);
        }
    }

    @Test
    void theDemoSnapshotIsValidAgainstTheSnapshotSchema() {
        String demo = SnapshotJson.write(DemoFleet.snapshot(Clock.fixed(Instant.parse("2026-11-23T10:17:00Z"), ZoneOffset.UTC)));
        assertThat(SchemaValidation.errors(SchemaValidation.snapshotSchema(), demo)).isEmpty();
    }

    @Test
    void aSnapshotWithEveryOptionalPartIsValid() {
        String json = SnapshotJson.write(SnapshotJsonTest.everyField());
        assertThat(SchemaValidation.errors(SchemaValidation.snapshotSchema(), json)).isEmpty();
    }

    @Test
    void theSnapshotSchemaRejectsWhatTheReaderRejects() throws IOException {
        var schema = SchemaValidation.snapshotSchema();
        // the reader's per-item fixture: 130.5 % utilization, a negative MiB, a misspelt field, a missing instanceType, ...
        String bad = SnapshotJsonTest.fixture("bad-items.snapshot.json").replace("NaN", "null"); // NaN is not JSON at all
        List<String> errors = SchemaValidation.errors(schema, bad);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("/avg/1").contains("100"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("memUsedMiB/avg/1"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("gpuz"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("instanceType"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("/nodePools/1/kind"));

        ObjectNode noWindow = (ObjectNode) JSON.readTree(SnapshotJson.write(SnapshotJsonTest.everyField()));
        noWindow.remove("window");
        assertThat(SchemaValidation.errors(schema, noWindow.toString())).anySatisfy(e -> assertThat(e).contains("window"));
    }
}
