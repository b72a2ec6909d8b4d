package dev.slicewise.aws.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.workflow.EventPublisher;
import dev.slicewise.workflow.RecommendationJson;
import dev.slicewise.workflow.WorkflowEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Puts workflow events on the Slicewise bus (source {@code dev.slicewise}, the record as {@code detail}). */
public final class EventBridgePublisher implements EventPublisher {
    /** PutEvents accepts at most 10 entries per call. */
    static final int BATCH = 10;

    private final EventBridgeClient events;
    private final String busName;
    private final ObjectMapper json = RecommendationJson.mapper();

    public EventBridgePublisher(EventBridgeClient events, String busName) {
        this.events = Objects.requireNonNull(events, "events");
        this.busName = Objects.requireNonNull(busName, "busName");
    }

    @Override
    public void publish(List<? extends WorkflowEvent> list) {
        for (int i = 0; i < list.size(); i += BATCH) {
            List<? extends WorkflowEvent> batch = list.subList(i, Math.min(list.size(), i + BATCH));
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (WorkflowEvent e : batch) {
                entries.add(PutEventsRequestEntry.builder().eventBusName(busName).source(WorkflowEvent.SOURCE)
                        .detailType(e.detailType()).detail(detail(e)).build());
            }
            PutEventsResponse r = events.putEvents(p -> p.entries(entries));
            if (r.failedEntryCount() != null && r.failedEntryCount() > 0) {
                List<String> errors = new ArrayList<>();
                for (int k = 0; k < r.entries().size(); k++) {
                    PutEventsResultEntry res = r.entries().get(k);
                    if (res.errorCode() != null) errors.add(batch.get(k).detailType() + ": " + res.errorCode() + " " + res.errorMessage());
                }
                throw new IllegalStateException(r.failedEntryCount() + " event(s) not accepted by bus " + busName + ": " + errors);
            }
        }
    }

    String detail(WorkflowEvent e) {
        try {
            return json.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialise " + e.detailType(), ex);
        }
    }
}
