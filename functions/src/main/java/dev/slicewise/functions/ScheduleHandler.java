package dev.slicewise.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Handler "schedule": the EventBridge Scheduler run (fan-out). Selected with {@code QUARKUS_LAMBDA_HANDLER=schedule}; the event arrives as a JSON tree
 * so a malformed one reaches the mapping (and its log line) instead of failing in deserialisation.
 */
@Named("schedule")
public class ScheduleHandler implements RequestHandler<JsonNode, FunctionResult> {
    @Inject
    ScheduleFunction function;

    @Override
    public FunctionResult handleRequest(JsonNode input, Context context) {
        return function.handle(input, context);
    }
}
