package dev.slicewise.functions.observe;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slicewise.functions.FunctionResult;
import dev.slicewise.functions.events.Mapped;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Powertools for AWS Lambda (Java) v2 around each invocation, through its functional API: the Lambda context (request
 * id, function, cold start, trace id) goes into every log line's MDC for the duration of the invocation, and the
 * invocation's metrics are written once at the end as CloudWatch Embedded Metric Format — no PutMetricData call, no
 * AspectJ weaving. Powertools metrics are created on the first metric, so an invocation that records none (an ignored
 * event) neither loads nor flushes them.
 */
@ApplicationScoped
public class Observed {
    static final String NAMESPACE = "Slicewise";
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Observed.class);

    /** Whether this invocation has added a metric (invocations of one execution environment run one at a time). */
    private final AtomicBoolean recorded = new AtomicBoolean();

    public <T> T run(Context context, Supplier<T> work) {
        return PowertoolsLogging.withLogging(SafeContext.of(context), () -> {
            try {
                return work.get();
            } finally {
                // flushed only when something was recorded: an invocation without metrics (an ignored event) does not
                // load the EMF writer at all, and an empty flush would only log Powertools' "No metrics were emitted"
                if (recorded.getAndSet(false)) metrics().flush();
            }
        });
    }

    /**
     * An event that retrying cannot fix (malformed, unexpected, naming no cluster): one ERROR line, the EventsRejected
     * metric, and a normal return — so Lambda does not retry it into the dead-letter queue.
     */
    public FunctionResult rejected(Mapped.Refused<?> refused) {
        LOG.errorf("rejected event: %s (%s); not retried", refused.reason(), refused.describe());
        count("EventsRejected", 1);
        return new FunctionResult("REJECTED", refused.reason());
    }

    /** Adds to this invocation's metrics (flushed at its end). */
    public void count(String name, double value) {
        recorded.set(true);
        metrics().addMetric(name, value, MetricUnit.COUNT);
    }

    public void usd(String name, double value) {
        recorded.set(true);
        metrics().addMetric(name, value, MetricUnit.NONE);
    }

    private static Metrics metrics() {
        Metrics m = MetricsFactory.getMetricsInstance();
        if (System.getenv("POWERTOOLS_METRICS_NAMESPACE") == null) m.setNamespace(NAMESPACE);
        return m;
    }
}
