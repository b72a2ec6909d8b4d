package dev.slicewise.workflow;

/**
 * The cluster named by an event does not exist or cannot be read with Slicewise's permissions. Retrying cannot help,
 * so handlers log it once and finish normally instead of failing into a retry loop.
 */
public class UnknownClusterException extends RuntimeException {
    public UnknownClusterException(String message) {
        super(message);
    }

    public UnknownClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
