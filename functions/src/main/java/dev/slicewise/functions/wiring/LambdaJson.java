package dev.slicewise.functions.wiring;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.slicewise.functions.FunctionResult;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * The ObjectMapper the Lambda integration reads events and writes results with (quarkus-amazon-lambda copies the
 * application's ObjectMapper bean). Replaces quarkus-jackson's default one, which registers every Jackson module on the
 * class path (java.time, Jdk8, parameter names) on every cold start: the handlers read a {@code JsonNode} and write
 * records of strings and ints, so no module is needed, and the adapters keep their own mappers. Unknown properties are
 * ignored, as with the default bean. Unremovable: the extension looks the bean up at run time, which the build's
 * unused-bean removal cannot see.
 *
 * <p>The analysis, schedule and apply handlers' result record is written by the serialiser below rather than by
 * Jackson's bean introspection, which the extension would run for the handler's result type at every start (the writer
 * is prepared before the first event). It writes what Jackson writes for the record — the components in order, nulls
 * as null — and a test holds it to Jackson's own output. (The approval function answers with aws-lambda-java-events'
 * {@code APIGatewayV2HTTPResponse}, introspected as usual: that function's start-up is not on a scheduled path.)
 */
public class LambdaJson {

    @Produces
    @Singleton
    @Unremovable
    ObjectMapper objectMapper() {
        return mapper();
    }

    static ObjectMapper mapper() {
        SimpleModule results = new SimpleModule("slicewise-results")
                .addSerializer(FunctionResult.class, new StdSerializer<>(FunctionResult.class) {
                    @Override
                    public void serialize(FunctionResult r, JsonGenerator g, SerializerProvider p) throws IOException {
                        g.writeStartObject();
                        g.writeStringField("outcome", r.outcome());
                        g.writeStringField("detail", r.detail());
                        g.writeEndObject();
                    }
                });
        return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).registerModule(results);
    }
}
