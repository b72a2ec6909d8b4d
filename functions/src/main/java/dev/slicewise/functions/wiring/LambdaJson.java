package dev.slicewise.functions.wiring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The ObjectMapper the Lambda integration reads events and writes results with (quarkus-amazon-lambda copies the
 * application's ObjectMapper bean). Replaces quarkus-jackson's default one, which registers every Jackson module on the
 * class path (java.time, Jdk8, parameter names) on every cold start: the handlers read a {@code JsonNode} and write
 * records of strings and ints, so no module is needed, and the adapters keep their own mappers. Unknown properties are
 * ignored, as with the default bean. Unremovable: the extension looks the bean up at run time, which the build's
 * unused-bean removal cannot see.
 */
public class LambdaJson {

    @Produces
    @Singleton
    @Unremovable
    ObjectMapper objectMapper() {
        return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }
}
