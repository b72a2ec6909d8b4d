package dev.slicewise.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.functions.web.FunctionUrl;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Handler "approval": the approval endpoint (Lambda Function URL). Selected with {@code QUARKUS_LAMBDA_HANDLER=approval}; the event arrives as a JSON tree
 * so a malformed one reaches the mapping (and its log line) instead of failing in deserialisation.
 */
@Named("approval")
public class ApprovalHandler implements RequestHandler<JsonNode, APIGatewayV2HTTPResponse> {
    @Inject
    ApprovalFunction function;

    @Override
    public APIGatewayV2HTTPResponse handleRequest(JsonNode event, Context context) {
        return function.handle(event, context);
    }
}
