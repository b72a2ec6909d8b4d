package dev.slicewise.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * A custom notification for Amazon Q Developer in chat applications (formerly AWS Chatbot), which renders it in
 * Slack. The SNS message must be exactly this JSON; a message that does not match the format is dropped silently by
 * the service, so the shape is checked against {@code chatbot-custom-notification.schema.json} in the tests.
 * Source: https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatNotification(String version, String source, String id, Content content, Metadata metadata) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ChatNotification(String id, Content content, Metadata metadata) {
        this("1.0", "custom", id, content, metadata);
    }

    /**
     * @param textType    always {@code client-markdown}: the text uses the chat client's own markdown (Slack mrkdwn)
     * @param description required by the format
     * @param nextSteps   shown as a bullet list
     * @param keywords    shown as tags
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Content(String textType, String title, String description, List<String> nextSteps, List<String> keywords) {
        public Content(String title, String description, List<String> nextSteps, List<String> keywords) {
            this("client-markdown", title, description, nextSteps, keywords);
        }
    }

    /**
     * @param threadId          messages with the same id are threaded (one thread per pool)
     * @param eventType         lets a channel filter notifications
     * @param additionalContext shown as key/value details
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(String threadId, String summary, String eventType, List<String> relatedResources,
                           Map<String, String> additionalContext) {}

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise chat notification", e);
        }
    }
}
