package dev.slicewise.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository (the real probe data, the real CRDs) from any module's working directory. */
public final class Repo {
    private Repo() {}

    public static Path file(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate) && Files.exists(dir.resolve("data/README.md"))) return candidate;
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
