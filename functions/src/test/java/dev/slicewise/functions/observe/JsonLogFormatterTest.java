package dev.slicewise.functions.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
}
