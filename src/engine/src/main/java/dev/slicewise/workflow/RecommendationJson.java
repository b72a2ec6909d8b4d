package dev.slicewise.workflow;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.slicewise.detect.Verdict;
import dev.slicewise.plan.PlanStep;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Sharing;

/**
 * Lossless JSON for a {@link Recommendation} as stored with its approval state. The engine's sealed types (sharing,
 * plan steps, verdicts) are written with a {@code kind} property naming the record, so the applier gets back exactly
 * the plan that was approved. NaN (a gap in the evidence) is kept as the string "NaN".
 */
public final class RecommendationJson {
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    private interface Polymorphic {}

    private static final ObjectMapper MAPPER = create();

    private RecommendationJson() {}

    private static ObjectMapper create() {
        JsonMapper m = JsonMapper.builder()
                .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addModule(new JavaTimeModule())
                .addMixIn(Sharing.class, Polymorphic.class)
                .addMixIn(PlanStep.class, Polymorphic.class)
                .addMixIn(Verdict.class, Polymorphic.class)
                .build();
        for (Class<?> sealed : new Class<?>[] {Sharing.class, PlanStep.class, Verdict.class}) {
            for (Class<?> c : sealed.getPermittedSubclasses()) m.registerSubtypes(new NamedType(c, c.getSimpleName()));
        }
        m.enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
        return m;
    }

    public static String write(Recommendation r) {
        try {
            return MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise recommendation " + r.id(), e);
        }
    }

    public static Recommendation read(String json) {
        try {
            return MAPPER.readValue(json, Recommendation.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored recommendation is not readable: " + e.getOriginalMessage(), e);
        }
    }

    /** The configured mapper, for adapters that store other workflow values the same way. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
