package dev.slicewise.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.slicewise.detect.Verdict;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.fleet.Window;
import dev.slicewise.plan.PlanStep;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Sharing;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes (and reads back) the recommendation JSON: an {@link AnalysisReport} with its recommendations, in the shape
 * of {@code schemas/analysis-report.schema.json} (documented in {@code docs/formats.md}).
 *
 * <p>Shape rules: {@code Sharing} is tagged by "strategy" (time-slicing | mig | unchanged), {@code PlanStep} by
 * "kind", {@code Verdict} by "verdict"; instants and durations are ISO-8601 strings; the window is
 * {start, end, stepSeconds} as in the snapshot; a number the engine could not compute (NaN) is null.
 */
public final class ReportJson {
    public static final String SCHEMA_VERSION = "slicewise.dev/analysis-report/v1";

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            // Maps come from Map.copyOf, whose order changes from run to run: sort so the same report gives the same bytes.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .addMixIn(Sharing.class, ReportMixins.SharingMixin.class)
            .addMixIn(Sharing.Mig.class, ReportMixins.MigMixin.class)
            .addMixIn(PlanStep.class, ReportMixins.PlanStepMixin.class)
            .addMixIn(Verdict.class, ReportMixins.VerdictMixin.class)
            .addMixIn(Recommendation.class, ReportMixins.RecommendationMixin.class)
            .addMixIn(AnalysisReport.class, ReportMixins.ReportMixin.class)
            .build();

    private ReportJson() {}

    public static String write(AnalysisReport report) {
        StringWriter out = new StringWriter();
        try {
            write(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    public static void write(AnalysisReport report, Writer out) throws IOException {
        // the caller owns the Writer (it may be stdout): Jackson must not close it
        MAPPER.writer(SnapshotJson.prettyPrinter()).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, toTree(report));
        out.write('\n');
        out.flush();
    }

    /** The report as a JSON tree, "schemaVersion" first. */
    public static ObjectNode toTree(AnalysisReport report) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.setAll((ObjectNode) MAPPER.valueToTree(report));
        return root;
    }

    /** Reads a report written by {@link #write}, e.g. a stored one before it is applied. */
    public static AnalysisReport read(String json) throws JsonFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new JsonFormatException("malformed JSON: " + e.getOriginalMessage(),
                    loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(), e);
        }
        if (root == null || !root.isObject()) throw new JsonFormatException("expected a JSON object at the top level");
        JsonNode version = root.get("schemaVersion");
        if (version == null || !SCHEMA_VERSION.equals(version.asText())) {
            throw new JsonFormatException("not an analysis report: schemaVersion is " + version + ", expected \"" + SCHEMA_VERSION + "\"");
        }
        ObjectNode body = ((ObjectNode) root).deepCopy();
        body.remove("schemaVersion");
        try {
            return MAPPER.treeToValue(body, AnalysisReport.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new JsonFormatException("not a valid analysis report: " + e.getMessage());
        }
    }

    private static SimpleModule module() {
        SimpleModule m = new SimpleModule("slicewise-report");
        m.addSerializer(Double.class, new FiniteDoubleSerializer());
        m.addSerializer(Double.TYPE, new FiniteDoubleSerializer());
        m.addDeserializer(Double.TYPE, new NullIsNaN());
        m.addSerializer(Window.class, new WindowSerializer());
        m.addDeserializer(Window.class, new WindowDeserializer());
        return m;
    }

    /** JSON has no NaN or infinity: a number the engine could not compute is written as null. */
    private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
        FiniteDoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v == null || v.isNaN() || v.isInfinite()) g.writeNull();
            else g.writeNumber(v);
        }
    }

    /** The reverse of {@link FiniteDoubleSerializer} for primitive components: null reads back as NaN. */
    private static final class NullIsNaN extends StdDeserializer<Double> {
        NullIsNaN() {
            super(Double.TYPE);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return p.getValueAsDouble();
        }

        @Override
        public Double getNullValue(DeserializationContext ctx) {
            return Double.NaN;
        }
    }

    private static final class WindowSerializer extends StdSerializer<Window> {
        WindowSerializer() {
            super(Window.class);
        }

        @Override
        public void serialize(Window w, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            g.writeStringField("start", w.start().toString());
            g.writeStringField("end", w.end().toString());
            g.writeNumberField("stepSeconds", w.step().toSeconds());
            g.writeEndObject();
        }
    }

    private static final class WindowDeserializer extends StdDeserializer<Window> {
        WindowDeserializer() {
            super(Window.class);
        }

        @Override
        public Window deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode n = p.readValueAsTree();
            return new Window(Instant.parse(n.path("start").asText()), Instant.parse(n.path("end").asText()),
                    Duration.ofSeconds(n.path("stepSeconds").asLong()));
        }
    }
}
