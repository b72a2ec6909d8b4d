package dev.slicewise.json;

/**
 * A document that cannot be read at all: not JSON, not the expected top-level shape, or a schema version this build
 * does not know. Problems inside an otherwise readable document are {@link dev.slicewise.engine.InputProblem}s instead.
 */
public final class JsonFormatException extends Exception {
    private final int line;
    private final int column;

    /** @param line 1-based, or 0 when the problem has no position (e.g. an unknown schema version) */
    public JsonFormatException(String message, int line, int column, Throwable cause) {
        super(line > 0 ? message + " (line " + line + ", column " + column + ")" : message, cause);
        this.line = line;
        this.column = column;
    }

    public JsonFormatException(String message) {
        this(message, 0, 0, null);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
