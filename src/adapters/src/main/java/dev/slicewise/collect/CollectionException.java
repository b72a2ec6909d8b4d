package dev.slicewise.collect;

/**
 * The collection cannot go on (cluster not found, credentials refused, nodes unreadable). The message is meant for
 * the user as is: it says what failed and which permission or setting fixes it.
 */
public class CollectionException extends RuntimeException {
    public CollectionException(String message) {
        super(message);
    }

    public CollectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
