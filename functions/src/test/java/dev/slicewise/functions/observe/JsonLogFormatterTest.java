package dev.slicewise.functions.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
    @Test
    void oneJsonObjectPerLineWithThePowertoolsFieldsAtTheTop() throws Exception {
        MDC.put("function_request_id", "4d3c2b1a-req");
        MDC.put("cold_start", "true");
        try {
            ExtLogRecord r = new ExtLogRecord(Level.SEVERE, "rejected event: %s \"quoted\"\nsecond line", ExtLogRecord.FormatStyle.PRINTF,
                    JsonLogFormatterTest.class.getName());
            r.setParameters(new Object[] {"bad"});
            r.setLoggerName("dev.slicewise.functions.AnalyzeFunction");
            r.copyMdc();
            String line = new JsonLogFormatter().format(r);
            assertThat(line).endsWith("\n").hasLineCount(1);
            JsonNode j = new ObjectMapper().readTree(line);
            assertThat(j.path("level").asText()).isEqualTo("ERROR");
            assertThat(j.path("message").asText()).isEqualTo("rejected event: bad \"quoted\"\nsecond line");
            assertThat(j.path("function_request_id").asText()).isEqualTo("4d3c2b1a-req");
            assertThat(j.path("cold_start").asText()).isEqualTo("true");
            assertThat(j.path("logger").asText()).isEqualTo("dev.slicewise.functions.AnalyzeFunction");
        } finally {
            MDC.clear();
        }
    }

    @Test
    void everyCharacterSurvivesTheRoundTrip() throws Exception {
        String message = "tab\tcr\rbell\u0007nul\u0000 backslash\\ slash/ quote\" unicode é → 🚀 \u001f end";
        ExtLogRecord r = new ExtLogRecord(Level.WARNING, message, ExtLogRecord.FormatStyle.NO_FORMAT, JsonLogFormatterTest.class.getName());
        r.setLoggerName(null);
        r.setThrown(new IllegalStateException("boom"));
        String line = new JsonLogFormatter().format(r);
        assertThat(line).endsWith("\n").hasLineCount(1);
        JsonNode j = new ObjectMapper().readTree(line);
        assertThat(j.path("message").asText()).isEqualTo(message);
        assertThat(j.path("level").asText()).isEqualTo("WARN");
        assertThat(j.get("logger").isNull()).isTrue();
        assertThat(j.path("exception").asText()).startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
    }

    @Test
    void timestampsReadAsInstantsDo() {
        for (long millis : new long[] {0, 1, 999, 1_000, 59_999, 1_764_064_381_123L, 1_764_064_381_000L, 1_764_064_381_120L, 951_782_400_000L,
                -1, -1_500, 253_402_300_799_999L}) {
            assertThat(JsonLogFormatter.timestamp(millis)).as("%d", millis).isEqualTo(Instant.ofEpochMilli(millis).toString());
        }
    }
}
