package dev.slicewise.aws.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.aws.testing.MotoClients;
import dev.slicewise.aws.testing.SlicewiseStack;
import dev.slicewise.testing.MotoServer;
import dev.slicewise.workflow.WorkflowEvent;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventBridgePublisherIT {
    SlicewiseStack stack;

    @BeforeEach
    void setUp() {
        MotoServer.shared().reset();
        stack = SlicewiseStack.create();
    }

    @Test
    void eventsArriveOnTheBusWithTheirDetailType() {
        Instant at = Instant.parse("2026-11-23T06:00:00Z");
        new EventBridgePublisher(MotoClients.events(), stack.busName()).publish(List.of(
                new WorkflowEvent.RecommendationApproved("r-1", "ts-1", "prod-eks", "gpu-inference", at),
                new WorkflowEvent.AnalyzeClusterRequested("prod-eks", null, "schedule", at)));
        List<JsonNode> got = stack.busEvents();
        assertThat(got).extracting(e -> e.path("detail-type").asText())
                .containsExactlyInAnyOrder("Recommendation Approved", "Analyze Cluster Requested");
        JsonNode approved = got.stream().filter(e -> e.path("detail-type").asText().equals("Recommendation Approved")).findFirst().orElseThrow();
        assertThat(approved.path("source").asText()).isEqualTo("dev.slicewise");
        assertThat(approved.at("/detail/recordId").asText()).isEqualTo("r-1");
        assertThat(approved.at("/detail/approvedAt").asText()).isEqualTo("2026-11-23T06:00:00Z");
    }

    @Test
    void moreThanTenEventsGoInBatches() {
        Instant at = Instant.parse("2026-11-23T06:00:00Z");
        new EventBridgePublisher(MotoClients.events(), stack.busName()).publish(IntStream.range(0, 23)
                .mapToObj(i -> new WorkflowEvent.AnalyzeClusterRequested("c-" + i, null, "schedule", at)).toList());
        assertThat(stack.busEvents()).hasSize(23);
    }

    @Test
    void aMissingBusIsAnError() {
        assertThatThrownBy(() -> new EventBridgePublisher(MotoClients.events(), "no-such-bus")
                .publish(new WorkflowEvent.AnalyzeClusterRequested("c", null, "x", Instant.EPOCH))).isInstanceOf(RuntimeException.class);
    }
}
