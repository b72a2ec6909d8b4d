package dev.slicewise.functions.observe;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda context with no null strings. Powertools copies the context into the logging MDC, and JBoss LogManager's
 * MDC (Quarkus) refuses null values, where log4j/logback accept them; a context with gaps (Quarkus's mock event server,
 * a direct call) would otherwise fail the invocation. In Lambda every field is set and this changes nothing.
 */
final class SafeContext implements Context {
    private final Context c;

    private SafeContext(Context c) {
        this.c = c;
    }

    static Context of(Context c) {
        return new SafeContext(c);
    }

    private static String s(String v) {
        return v == null ? "" : v;
    }

    @Override
    public String getAwsRequestId() {
        return c == null ? "" : s(c.getAwsRequestId());
    }

    @Override
    public String getLogGroupName() {
        return c == null ? "" : s(c.getLogGroupName());
    }

    @Override
    public String getLogStreamName() {
        return c == null ? "" : s(c.getLogStreamName());
    }

    @Override
    public String getFunctionName() {
        return c == null ? "" : s(c.getFunctionName());
    }

    @Override
    public String getFunctionVersion() {
        return c == null ? "" : s(c.getFunctionVersion());
    }

    @Override
    public String getInvokedFunctionArn() {
        return c == null ? "" : s(c.getInvokedFunctionArn());
    }

    @Override
    public CognitoIdentity getIdentity() {
        return c == null ? null : c.getIdentity();
    }

    @Override
    public ClientContext getClientContext() {
        return c == null ? null : c.getClientContext();
    }

    @Override
    public int getRemainingTimeInMillis() {
        return c == null ? 0 : c.getRemainingTimeInMillis();
    }

    @Override
    public int getMemoryLimitInMB() {
        return c == null ? 0 : c.getMemoryLimitInMB();
    }

    @Override
    public LambdaLogger getLogger() {
        return c == null ? null : c.getLogger();
    }
}
