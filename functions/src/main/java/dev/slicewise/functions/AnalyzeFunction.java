package dev.slicewise.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.functions.events.EventMapper;
import dev.slicewise.functions.events.Mapped;
import dev.slicewise.functions.observe.Observed;
import dev.slicewise.workflow.Trigger;
import dev.slicewise.workflow.TriggerService;
import dev.slicewise.workflow.UnknownClusterException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Event-triggered analysis: the fan-out's and re-checks' "Analyze Cluster Requested", a person's "Analyze Now", a
 * low-utilization alarm, new GPU capacity. A malformed or unexpected event, or one naming a cluster that cannot be
 * read, is logged once and the invocation ends normally — retrying cannot fix it. Any other failure (AWS APIs, SNS)
 * fails the invocation, so Lambda retries it and then sends it to the dead-letter queue.
 */
@ApplicationScoped
public class AnalyzeFunction {
    private static final Logger LOG = Logger.getLogger(AnalyzeFunction.class);

    @Inject
    TriggerService triggers;
    @Inject
    Observed observed;

    public FunctionResult handle(JsonNode event, Context context) {
        return observed.run(context, () -> switch (EventMapper.trigger(event)) {
            case Mapped.Refused<Trigger> r -> observed.rejected(r);
            case Mapped.Ok<Trigger> ok -> run(ok.value());
        });
    }

    private FunctionResult run(Trigger trigger) {
        try {
            TriggerService.Result r = triggers.handle(trigger);
            if (r.analysis() != null) observed.count("RecommendationsCreated", r.analysis().created());
            return new FunctionResult(r.kind().name(), r.detail());
        } catch (UnknownClusterException e) {
            LOG.errorf("cannot analyse: %s (event %s); not retried", e.getMessage(), trigger.eventId());
            return new FunctionResult("REJECTED", e.getMessage());
        }
    }
}
