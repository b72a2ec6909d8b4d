package dev.slicewise.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads test fixtures: classpath resources and files of the repository (e.g. the H100 probe README). */
public final class Fixtures {
    private Fixtures() {}

    public static String resource(String path) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no test resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file under the repository root (found by walking up from the working directory to {@code data/}). */
    public static Path repoFile(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate) && Files.isDirectory(dir.resolve("data"))) return candidate;
            dir = dir.getParent();
        }
        throw new IllegalArgumentException("no " + relative + " above " + Path.of("").toAbsolutePath());
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The rows of the first Markdown table after {@code heading} (or of the first table when heading is null), cells
     * trimmed, header and separator rows excluded. Row 0 of the result is the header.
     */
    public static List<List<String>> markdownTable(String markdown, String heading) {
        List<String> lines = markdown.lines().toList();
        int i = 0;
        if (heading != null) {
            while (i < lines.size() && !lines.get(i).strip().equals(heading)) i++;
            if (i == lines.size()) throw new IllegalArgumentException("no heading " + heading);
        }
        while (i < lines.size() && !lines.get(i).strip().startsWith("|")) i++;
        List<List<String>> rows = new ArrayList<>();
        for (; i < lines.size() && lines.get(i).strip().startsWith("|"); i++) {
            String line = lines.get(i).strip();
            if (line.matches("\\|[-| :]+\\|")) continue;
            String inner = line.substring(1, line.length() - 1);
            rows.add(Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList());
        }
        return rows;
    }
}
