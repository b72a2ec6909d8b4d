package dev.slicewise.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.functions.events.EventMapper;
import dev.slicewise.functions.events.Mapped;
import dev.slicewise.functions.observe.Observed;
import dev.slicewise.workflow.ApplyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Applies a recommendation when its "Recommendation Approved" event arrives — exactly once per record (see
 * {@link ApplyService}). A failure to record or notify the outcome fails the invocation: Lambda retries (which only
 * re-sends the notice) and then dead-letters the event.
 */
@ApplicationScoped
public class ApplyFunction {
    private static final Logger LOG = Logger.getLogger(ApplyFunction.class);

    @Inject
    ApplyService apply;
    @Inject
    Observed observed;

    public FunctionResult handle(JsonNode event, Context context) {
        return observed.run(context, () -> switch (EventMapper.approved(event)) {
            case Mapped.Refused<String> r -> {
                LOG.errorf("rejected event: %s (%s); not retried", r.reason(), r.describe());
                yield new FunctionResult("REJECTED", r.reason());
            }
            case Mapped.Ok<String> ok -> {
                ApplyService.Result r = apply.apply(ok.value());
                if (r.kind() == ApplyService.Kind.APPLIED_NOW) observed.count("Applied" + r.status(), 1);
                yield new FunctionResult(r.kind().name(), r.recordId() + ": " + r.detail());
            }
        });
    }
}
