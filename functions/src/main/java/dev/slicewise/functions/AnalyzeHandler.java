package dev.slicewise.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Handler "analyze": event-triggered analysis (EventBridge rules). Selected with {@code QUARKUS_LAMBDA_HANDLER=analyze}; the event arrives as a JSON tree
 * so a malformed one reaches the mapping (and its log line) instead of failing in deserialisation.
 */
@Named("analyze")
public class AnalyzeHandler implements RequestHandler<JsonNode, FunctionResult> {
    @Inject
    AnalyzeFunction function;

    @Override
    public FunctionResult handleRequest(JsonNode event, Context context) {
        return function.handle(event, context);
    }
}
