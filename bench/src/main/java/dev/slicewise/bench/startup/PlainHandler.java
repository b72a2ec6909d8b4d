package dev.slicewise.bench.startup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * The yardstick of the start-up benchmark: the smallest useful Java Lambda handler (aws-lambda-java-core only), which
 * reads the same EventBridge event and answers like the analysis handler does for a cluster it is not enabled for.
 * It runs alone on its class path (the harness copies this one class out), under the same runtime interface client.
 */
public final class PlainHandler implements RequestHandler<Map<String, Object>, Map<String, String>> {
    @Override
    public Map<String, String> handleRequest(Map<String, Object> event, Context context) {
        Object detail = event.get("detail");
        Object cluster = detail instanceof Map<?, ?> d ? d.get("cluster") : null;
        return Map.of("status", "IGNORED", "detail", "cluster " + cluster + " is not enabled (plain handler)");
    }
}
