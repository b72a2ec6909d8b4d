package dev.slicewise.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.notify.Notification;
import dev.slicewise.notify.Notifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes a notification to the Slicewise topic once, with {@code MessageStructure=json}, so each subscriber gets
 * the shape it can use: email and SMS the readable text, the chat integration (an HTTPS subscription of Amazon Q
 * Developer in chat applications) the custom-notification JSON. The {@code eventType} attribute lets a subscription
 * filter (e.g. outcomes only).
 *
 * <p>Retries are the SDK client's (standard mode, with back-off); when they are exhausted this throws and nothing is
 * recorded as notified.
 */
public final class SnsNotifier implements Notifier {
    public static final String EVENT_TYPE_ATTRIBUTE = "eventType";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public void send(Notification n) {
        String message = perProtocol(n);
        try {
            sns.publish(r -> r.topicArn(topicArn).subject(n.subject()).messageStructure("json").message(message)
                    .messageAttributes(Map.of(EVENT_TYPE_ATTRIBUTE,
                            MessageAttributeValue.builder().dataType("String").stringValue(n.kind().name()).build())));
        } catch (SdkException e) {
            throw new NotificationFailedException("could not publish \"" + n.subject() + "\" to " + topicArn + ": " + e.getMessage(), e);
        }
    }

    /** The per-protocol message document SNS expects with MessageStructure=json ({@code default} is required). */
    static String perProtocol(Notification n) {
        String chat = n.chat() == null ? n.text() : n.chat().toJson();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("default", n.text());
        m.put("email", n.text());
        m.put("sms", n.sms() == null ? n.subject() : n.sms());
        // the chat integration subscribes with HTTPS; plain HTTP endpoints (webhooks, tests) get the same JSON
        m.put("https", chat);
        m.put("http", chat);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message did not leave; the caller fails its invocation so it is retried or dead-lettered. */
    public static final class NotificationFailedException extends RuntimeException {
        public NotificationFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
