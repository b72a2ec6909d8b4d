package dev.slicewise.functions;

/**
 * What an event-driven function did, returned to the caller (visible in the Lambda console, the tests, the async
 * invocation record).
 *
 * @param outcome e.g. ANALYZED, RECHECK_SCHEDULED, APPLIED_NOW, DUPLICATE, IGNORED
 */
public record FunctionResult(String outcome, String detail) {}
