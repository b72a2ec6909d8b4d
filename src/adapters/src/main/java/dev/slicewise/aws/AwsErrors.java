package dev.slicewise.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Classifies SDK failures so the messages can say what to fix. */
public final class AwsErrors {
    private AwsErrors() {}

    public static boolean accessDenied(Throwable e) {
        if (!(e instanceof AwsServiceException a)) return false;
        String code = code(a);
        return a.statusCode() == 403 || code.equals("AccessDenied") || code.equals("AccessDeniedException")
                || code.equals("UnauthorizedOperation") || code.equals("UnrecognizedClientException");
    }

    public static boolean throttled(Throwable e) {
        return e instanceof SdkServiceException s && s.isThrottlingException();
    }

    public static String code(AwsServiceException a) {
        return a.awsErrorDetails() == null || a.awsErrorDetails().errorCode() == null ? "" : a.awsErrorDetails().errorCode();
    }

    /** {@code AccessDenied (HTTP 403): User: arn:… is not authorized …} or the SDK's own message. */
    public static String describe(Throwable e) {
        if (e instanceof AwsServiceException a) {
            String msg = a.awsErrorDetails() != null && a.awsErrorDetails().errorMessage() != null
                    ? a.awsErrorDetails().errorMessage() : a.getMessage();
            return code(a) + " (HTTP " + a.statusCode() + "): " + msg;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
