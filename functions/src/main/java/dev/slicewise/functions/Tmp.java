package dev.slicewise.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Named;

@Named("tmp")
public class Tmp implements RequestHandler<JsonNode, String> {
    public String handleRequest(JsonNode in, Context c) { return "ok " + in; }
}
