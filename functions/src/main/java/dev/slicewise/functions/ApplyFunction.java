package dev.slicewise.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.functions.events.ApplyRequest;
import dev.slicewise.functions.events.EventMapper;
import dev.slicewise.functions.events.Mapped;
import dev.slicewise.functions.observe.Observed;
import dev.slicewise.workflow.ApplyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Applies a recommendation when its "Recommendation Approved" event arrives, and rolls it back when "Rollback
 * Requested" arrives — each exactly once per record (see {@link ApplyService}). This is the only function whose role may
 * write to the clusters. A failure to record or notify the outcome fails the invocation: Lambda retries (which only
 * re-sends the notice) and then dead-letters the event.
 */
@ApplicationScoped
public class ApplyFunction {

    @Inject
    ApplyService apply;
    @Inject
    Observed observed;

    public FunctionResult handle(JsonNode event, Context context) {
        return observed.run(context, () -> switch (EventMapper.applyRequest(event)) {
            case Mapped.Refused<ApplyRequest> r -> observed.rejected(r);
            case Mapped.Ok<ApplyRequest> ok -> {
                ApplyService.Result r = switch (ok.value()) {
                    case ApplyRequest.Apply a -> apply.apply(a.recordId());
                    case ApplyRequest.Rollback b -> apply.rollback(b.recordId());
                };
                if (r.kind() == ApplyService.Kind.APPLIED_NOW) {
                    observed.count((ok.value() instanceof ApplyRequest.Rollback ? "RollbackOutcome" : "Applied") + r.status(), 1);
                }
                yield new FunctionResult(r.kind().name(), r.recordId() + ": " + r.detail());
            }
        });
    }
}
