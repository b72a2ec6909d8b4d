package dev.slicewise.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.functions.observe.Observed;
import dev.slicewise.functions.web.FunctionUrl;
import dev.slicewise.workflow.ApprovalService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** The approval endpoint behind the Function URL: review pages on GET, decisions on POST (see {@link ApprovalService}). */
@ApplicationScoped
public class ApprovalFunction {
    private static final Logger LOG = Logger.getLogger(ApprovalFunction.class);

    @Inject
    ApprovalService approvals;
    @Inject
    Observed observed;

    public APIGatewayV2HTTPResponse handle(JsonNode event, Context context) {
        return observed.run(context, () -> {
            ApprovalService.Request request = FunctionUrl.request(event);
            if (request == null) {
                LOG.error("rejected event: not a Function URL request (payload format 2.0 expected)");
                return FunctionUrl.badRequest();
            }
            ApprovalService.Response r = approvals.handle(request);
            observed.count("ApprovalResponses" + r.status(), 1);
            return FunctionUrl.response(r, request.method());
        });
    }
}
