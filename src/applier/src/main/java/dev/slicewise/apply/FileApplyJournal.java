package dev.slicewise.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** {@link ApplyJournal} as one JSON file per apply: {@code <dir>/<applyId>.json} (default {@code ~/.slicewise/applies}). */
public final class FileApplyJournal implements ApplyJournal {
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");
    private final Path dir;

    public FileApplyJournal(Path dir) {
        this.dir = dir;
    }

    /** {@code ~/.slicewise/applies}. */
    public static FileApplyJournal inHome() {
        return new FileApplyJournal(Path.of(System.getProperty("user.home"), ".slicewise", "applies"));
    }

    @Override
    public void save(ApplyRecord record) {
        Path target = file(record.applyId());
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, record.applyId(), ".tmp");
            Files.writeString(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(record));
            // a reader never sees half a file: write aside, then rename over
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write apply journal " + target, e);
        }
    }

    @Override
    public Optional<ApplyRecord> find(String applyId) {
        Path f = file(applyId);
        if (!Files.exists(f)) return Optional.empty();
        return Optional.of(read(f));
    }

    @Override
    public List<ApplyRecord> forPlan(String planId) {
        if (!Files.isDirectory(dir)) return List.of();
        List<ApplyRecord> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".json")).map(FileApplyJournal::read)
                    .filter(r -> planId.equals(r.planId())).forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list apply journal " + dir, e);
        }
        out.sort(Comparator.comparing(ApplyRecord::startedAt));
        return out;
    }

    private Path file(String applyId) {
        if (applyId == null || !ID.matcher(applyId).matches()) {
            throw new IllegalArgumentException("not an apply id: '" + applyId + "'");
        }
        return dir.resolve(applyId + ".json");
    }

    private static ApplyRecord read(Path f) {
        try {
            return Json.MAPPER.readValue(Files.readString(f), ApplyRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read apply journal entry " + f, e);
        }
    }
}
