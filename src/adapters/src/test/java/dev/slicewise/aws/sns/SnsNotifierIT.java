package dev.slicewise.aws.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.approve.Links;
import dev.slicewise.aws.AwsClients;
import dev.slicewise.aws.AwsSettings;
import dev.slicewise.testkit.TestAws;
import dev.slicewise.aws.testing.HttpReceiver;
import dev.slicewise.aws.testing.MotoClients;
import dev.slicewise.aws.testing.SlicewiseStack;
import dev.slicewise.notify.ChatSchema;
import dev.slicewise.notify.MessageComposer;
import dev.slicewise.notify.Notification;
import dev.slicewise.testing.MotoServer;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.testkit.Samples;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

class SnsNotifierIT {
    static final ObjectMapper JSON = new ObjectMapper();
    SlicewiseStack stack;
    final Notification notification = new MessageComposer().created(
            StoredRecommendation.pending("r-1", Samples.timeSlicing(), Instant.parse("2026-11-23T06:00:00Z"),
                    Instant.parse("2026-11-26T06:00:00Z"), "schedule"),
            new Links(URI.create("https://u.example/r/r-1/view?t=v1.a.b"), URI.create("https://u.example/r/r-1/approve?t=v1.c.d"),
                    URI.create("https://u.example/r/r-1/reject?t=v1.e.f"), Instant.parse("2026-11-26T06:00:00Z")));

    @BeforeEach
    void setUp() {
        MotoServer.shared().reset();
        stack = SlicewiseStack.create();
    }

    @Test
    void onePublishGivesTheWebhookTheChatJsonAndOtherSubscribersTheText() throws Exception {
        try (HttpReceiver hook = new HttpReceiver()) {
            MotoClients.sns().subscribe(r -> r.topicArn(stack.topicArn()).protocol("http").endpoint(hook.uri("/chat").toString()));
            new SnsNotifier(MotoClients.sns(), stack.topicArn()).send(notification);

            // the HTTP(S) subscriber — what the chat integration receives — gets the SNS envelope whose Message is the
            // custom-notification JSON
            assertThat(hook.received).hasSize(1);
            JsonNode envelope = JSON.readTree(hook.received.get(0).body());
            assertThat(envelope.path("Type").asText()).isEqualTo("Notification");
            assertThat(envelope.path("TopicArn").asText()).isEqualTo(stack.topicArn());
            String chat = envelope.path("Message").asText();
            assertThat(ChatSchema.problems(chat)).isEmpty();
            assertThat(JSON.readTree(chat).at("/content/nextSteps/1").asText()).startsWith("<https://u.example/r/r-1/approve?t=v1.c.d|Approve>");

            // any other subscriber (email, SQS) gets the readable text, and the eventType attribute for filtering
            JsonNode viaQueue = stack.topicMessages().get(0);
            assertThat(viaQueue.path("Message").asText()).isEqualTo(notification.text());
            assertThat(viaQueue.path("Subject").asText()).isEqualTo(notification.subject());
            assertThat(viaQueue.at("/MessageAttributes/eventType/Value").asText()).isEqualTo("RECOMMENDATION_CREATED");
        }
    }

    @Test
    void aPublishThatKeepsFailingIsRetriedThenReported() {
        try (HttpReceiver failing = new HttpReceiver(() -> 500,
                "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code><Message>boom</Message></Error></ErrorResponse>")) {
            // built exactly as the functions build theirs: the one client factory, the workflow's attempts
            try (SnsClient sns = AwsClients.configure(SnsClient.builder(),
                    TestAws.at(failing.uri("/"), AwsSettings.WORKFLOW_MAX_ATTEMPTS)).build()) {
                assertThatThrownBy(() -> new SnsNotifier(sns, stack.topicArn()).send(notification))
                        .isInstanceOf(SnsNotifier.NotificationFailedException.class)
                        .hasMessageContaining("could not publish \"Slicewise: time-slicing");
            }
            // the standard retry strategy: 3 attempts in all
            assertThat(failing.received).hasSize(3);
        }
    }

    @Test
    void anUnknownTopicFailsClearly() {
        assertThatThrownBy(() -> new SnsNotifier(MotoClients.sns(), "arn:aws:sns:us-east-1:123456789012:nope").send(notification))
                .isInstanceOf(SnsNotifier.NotificationFailedException.class).hasMessageContaining("nope");
    }
}
