package dev.slicewise.collect;

/**
 * The collection cannot go on (cluster not found, credentials refused, nodes unreadable). The message is meant for
 * the user as is: it says what failed and which permission or setting fixes it.
 */
public class CollectionException extends RuntimeException {
    /** Why, so a caller can tell a retry that may help from one that cannot. */
    public enum Reason {
        /** EKS does not know the cluster in this region: retrying cannot help */
        CLUSTER_NOT_FOUND,
        /** IAM (eks:DescribeCluster) or Kubernetes (401/403) refuses Slicewise: retrying cannot help until someone grants it */
        ACCESS_DENIED,
        /** anything else (API unreachable, throttled past the retries, cluster not ACTIVE yet): a retry may help */
        OTHER
    }

    private final Reason reason;

    public CollectionException(String message) {
        this(Reason.OTHER, message, null);
    }

    public CollectionException(String message, Throwable cause) {
        this(Reason.OTHER, message, cause);
    }

    public CollectionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason == null ? Reason.OTHER : reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The cluster does not exist or Slicewise may not read it: the same request will fail the same way. */
    public boolean permanent() {
        return reason != Reason.OTHER;
    }
}
