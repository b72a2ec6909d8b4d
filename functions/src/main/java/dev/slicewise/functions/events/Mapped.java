package dev.slicewise.functions.events;

/** An incoming event mapped to what it asks for, or refused with the reason (logged once, never retried). */
public sealed interface Mapped<T> {
    record Ok<T>(T value) implements Mapped<T> {}

    /** @param describe what the event was, for the log line ({@code id=…, source=…, detail-type=…}) */
    record Refused<T>(String reason, String describe) implements Mapped<T> {}
}
