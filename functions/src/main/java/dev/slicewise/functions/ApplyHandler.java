package dev.slicewise.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Handler "apply": applies an approved recommendation (Recommendation Approved). Selected with {@code QUARKUS_LAMBDA_HANDLER=apply}; the event arrives as a JSON tree
 * so a malformed one reaches the mapping (and its log line) instead of failing in deserialisation.
 */
@Named("apply")
public class ApplyHandler implements RequestHandler<JsonNode, FunctionResult> {
    @Inject
    ApplyFunction function;

    @Override
    public FunctionResult handleRequest(JsonNode event, Context context) {
        return function.handle(event, context);
    }
}
