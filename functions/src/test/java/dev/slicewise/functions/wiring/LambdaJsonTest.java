package dev.slicewise.functions.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.functions.FunctionResult;
import dev.slicewise.functions.web.FunctionUrl;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    void functionUrlResponsesAreWrittenAsJacksonWritesTheRecord() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        headers.put("X-Null", null);
        for (FunctionUrl.Response r : Arrays.asList(new FunctionUrl.Response(200, headers, "<p>\"ok\"</p>"), new FunctionUrl.Response(404, Map.of(), null),
                new FunctionUrl.Response(-1, null, ""))) {
            assertThat(lambda.writeValueAsString(r)).isEqualTo(plain.writeValueAsString(r));
        }
    }

    @Test
    void unknownPropertiesAreIgnoredAsWithQuarkusDefaultMapper() throws Exception {
        record In(String a) {}
        assertThat(lambda.readValue("{\"a\":\"x\",\"b\":1}", In.class).a()).isEqualTo("x");
    }
}
