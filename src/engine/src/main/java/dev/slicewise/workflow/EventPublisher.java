package dev.slicewise.workflow;

import java.util.List;

/** Port: puts workflow events on the Slicewise bus (adapter: EventBridge PutEvents). Throws when any entry failed. */
public interface EventPublisher {
    void publish(List<? extends WorkflowEvent> events);

    default void publish(WorkflowEvent event) {
        publish(List.of(event));
    }
}
