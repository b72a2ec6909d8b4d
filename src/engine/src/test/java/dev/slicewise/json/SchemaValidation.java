package dev.slicewise.json;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Validates documents against the published schemas with a real JSON-Schema validator (networknt, draft 2020-12). */
public final class SchemaValidation {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private SchemaValidation() {}

    public static Schema snapshotSchema() {
        return load(Schemas.FLEET_SNAPSHOT);
    }

    public static Schema reportSchema() {
        return load(Schemas.ANALYSIS_REPORT);
    }

    /** The validation errors of {@code json} against {@code schema}, as readable lines; empty when valid. */
    public static List<String> errors(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    static Schema load(String resource) {
        try (InputStream in = SchemaValidation.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is not on the classpath");
            return REGISTRY.getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
