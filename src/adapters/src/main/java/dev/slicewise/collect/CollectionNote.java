package dev.slicewise.collect;

import java.util.Objects;

/**
 * A remark about the collection, naming the item it concerns. Nothing is dropped silently: whatever could not be read
 * becomes a note, and the rest of the fleet is still collected.
 *
 * @param item what the note is about ({@code node ip-10-0-1-7.ec2.internal}, {@code cloudwatch}, {@code pricing})
 */
public record CollectionNote(Severity severity, String item, String message) {
    public CollectionNote {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(message, "message");
    }

    public static CollectionNote info(String item, String message) {
        return new CollectionNote(Severity.INFO, item, message);
    }

    public static CollectionNote warn(String item, String message) {
        return new CollectionNote(Severity.WARNING, item, message);
    }

    public static CollectionNote error(String item, String message) {
        return new CollectionNote(Severity.ERROR, item, message);
    }

    @Override
    public String toString() {
        return item + ": " + message;
    }

    /**
     * INFO: context (which schema was used); WARNING: data is missing or partial and the analysis is weaker for it;
     * ERROR: a whole source failed (e.g. CloudWatch denied) and results built without it must not be trusted.
     */
    public enum Severity { INFO, WARNING, ERROR }
}
