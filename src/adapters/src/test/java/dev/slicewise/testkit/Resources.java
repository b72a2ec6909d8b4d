package dev.slicewise.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test fixture files from the test class path. */
public final class Resources {
    private Resources() {}

    public static String text(String path) {
        try (InputStream in = Resources.class.getResourceAsStream(path.startsWith("/") ? path : "/" + path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
