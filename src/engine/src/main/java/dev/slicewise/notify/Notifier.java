package dev.slicewise.notify;

/**
 * Port: sends a notification to everyone subscribed (adapter: one SNS publish with a per-protocol message). Throws
 * when the message could not be handed over after the client's retries, so the invocation fails and is retried or
 * lands in the dead-letter queue; nothing is recorded as notified unless this returned.
 */
public interface Notifier {
    void send(Notification notification);
}
