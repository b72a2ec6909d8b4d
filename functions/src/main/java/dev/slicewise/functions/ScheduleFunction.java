package dev.slicewise.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.functions.observe.Observed;
import dev.slicewise.workflow.FanOutService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The EventBridge Scheduler run (default daily): fans out one analysis per enabled cluster. The schedule's input
 * carries {@code <aws.scheduler.scheduled-time>}; without it (a manual test invoke) the current time is used.
 */
@ApplicationScoped
public class ScheduleFunction {
    @Inject
    FanOutService fanOut;
    @Inject
    Observed observed;
    @Inject
    Clock clock;

    public FunctionResult handle(JsonNode input, Context context) {
        return observed.run(context, () -> {
            Instant at = scheduledTime(input);
            FanOutService.Result r = fanOut.fanOut("schedule", at);
            observed.count("ClustersRequested", r.clusters().size());
            return new FunctionResult("FANNED_OUT", r.clusters().size() + " cluster(s): " + String.join(", ", r.clusters()));
        });
    }

    private Instant scheduledTime(JsonNode input) {
        String t = input == null ? null : input.path("scheduledTime").asText(null);
        if (t != null) {
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException e) {
                // a hand-made test input; the run itself is still valid
            }
        }
        return clock.instant();
    }
}
