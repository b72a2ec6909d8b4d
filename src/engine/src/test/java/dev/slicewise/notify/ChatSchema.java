package dev.slicewise.notify;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The chat custom-notification schema (written from the AWS docs), loaded once for the tests. */
public final class ChatSchema {
    private static final Schema SCHEMA = load();

    private ChatSchema() {}

    /** Validation messages; empty when {@code json} is a valid custom notification. */
    public static List<String> problems(String json) {
        return SCHEMA.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    private static Schema load() {
        try (InputStream in = ChatSchema.class.getResourceAsStream("/dev/slicewise/notify/chatbot-custom-notification.schema.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
