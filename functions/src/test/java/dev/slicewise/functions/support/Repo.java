package dev.slicewise.functions.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the repository root: template.yaml, events/, infra/. */
public final class Repo {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Repo() {}

    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("template.yaml"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
        return p;
    }

    public static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample event from events/. */
    public static String event(String name) {
        return read("events/" + name);
    }

    public static JsonNode eventJson(String name) {
        try {
            return JSON.readTree(event(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
