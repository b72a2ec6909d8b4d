package dev.slicewise.catalog;

/** A bundled catalog file is malformed; the message names the file and the line. */
public final class CatalogFormatException extends RuntimeException {
    private final String file;
    private final int line;

    public CatalogFormatException(String file, int line, String message) {
        this(file, line, message, null);
    }

    public CatalogFormatException(String file, int line, String message, Throwable cause) {
        super(file + (line > 0 ? " line " + line : "") + ": " + message, cause);
        this.file = file;
        this.line = line;
    }

    /** The resource path of the offending file. */
    public String file() {
        return file;
    }

    /** 1-based line of the offending row or entry, 0 when the whole file is at fault. */
    public int line() {
        return line;
    }
}
