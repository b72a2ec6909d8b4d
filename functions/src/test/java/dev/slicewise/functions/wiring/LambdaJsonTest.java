package dev.slicewise.functions.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.functions.FunctionResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaJsonTest {
    /** What Jackson's introspection writes for the records, which the hand-written serialisers replace. */
    private final ObjectMapper plain = new ObjectMapper();
    private final ObjectMapper lambda = LambdaJson.mapper();

    @Test
    void functionResultsAreWrittenAsJacksonWritesTheRecord() throws Exception {
        for (FunctionResult r : List.of(new FunctionResult("IGNORED", "cluster prod-eks is not enabled"), new FunctionResult("REJECTED", null),
                new FunctionResult("ANALYZED", "quote \" backslash \\ newline \n tab \t é 🚀"), new FunctionResult(null, ""))) {
            assertThat(lambda.writeValueAsString(r)).isEqualTo(plain.writeValueAsString(r));
            assertThat(lambda.writerFor(FunctionResult.class).writeValueAsString(r)).isEqualTo(plain.writerFor(FunctionResult.class).writeValueAsString(r));
        }
    }

    @Test
    void unknownPropertiesAreIgnoredAsWithQuarkusDefaultMapper() throws Exception {
        record In(String a) {}
        assertThat(lambda.readValue("{\"a\":\"x\",\"b\":1}", In.class).a()).isEqualTo("x");
    }
}
