package dev.slicewise.notify;

import java.util.Objects;

/**
 * One message to the people watching a cluster, in every shape the channels need: a readable text body for email,
 * a short text for SMS, and the chat (Slack) custom notification. One publish delivers each subscriber its shape.
 *
 * @param subject email subject, at most 100 printable ASCII characters (an SNS limit)
 */
public record Notification(Kind kind, String subject, String text, String sms, ChatNotification chat) {

    /** Also the {@code eventType} message attribute, so a subscription can filter. */
    public enum Kind { RECOMMENDATION_CREATED, NOTHING_TO_DO, APPLY_OUTCOME }

    public static final int MAX_SUBJECT = 100;

    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        subject = subject(subject);
    }

    /** SNS subjects must be ASCII, without line breaks, at most 100 characters. */
    static String subject(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '→') b.append("->");
            else if (c >= 0x20 && c < 0x7f) b.append(c);
            else if (Character.isWhitespace(c)) b.append(' ');
        }
        String out = b.toString().strip();
        return out.length() <= MAX_SUBJECT ? out : out.substring(0, MAX_SUBJECT - 3) + "...";
    }
}
