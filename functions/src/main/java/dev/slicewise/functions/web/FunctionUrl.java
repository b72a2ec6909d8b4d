package dev.slicewise.functions.web;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.slicewise.approve.ReviewPage;
import dev.slicewise.approve.StatusPages;
import dev.slicewise.report.Page;
import dev.slicewise.workflow.ApprovalService;
import java.net.URI;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Lambda Function URL payload format 2.0 in and out: the request becomes an approval request (method, path, the token,
 * the caller's IP, the endpoint's own URL); the answer is an HTML page with headers that keep it out of caches, frames
 * and referrers (the URL carries a token). The token is the {@code t} query parameter — on POST too, since each button
 * posts to its own decision URL — or else the url-encoded form's {@code t} or {@code token} field.
 *
 * <p>The payload types are aws-lambda-java-events' {@link APIGatewayV2HTTPEvent} and {@link APIGatewayV2HTTPResponse}
 * (a Function URL speaks API Gateway's HTTP payload 2.0). The handler still receives a JSON tree and binds it here, so
 * an event of another shape becomes a 400 with a log line rather than a deserialisation error before the handler.
 */
public final class FunctionUrl {
    private static final String TOKEN = ReviewPage.Controls.TOKEN_PARAMETER;

    /** No scripts at all; inline styles and data: images for the page's own CSS and charts; forms post back only here. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    /** Binds payloads leniently: Lambda adds fields over time, and an unknown one must not turn a click into an error. */
    private static final class Json {
        static final ObjectReader EVENT = new ObjectMapper().readerFor(APIGatewayV2HTTPEvent.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private FunctionUrl() {}

    /** Null when the event is not a Function URL request. */
    public static ApprovalService.Request request(JsonNode event) {
        if (event == null || !event.at("/requestContext/http/method").isTextual()) return null;
        try {
            return request(Json.EVENT.<APIGatewayV2HTTPEvent>readValue(event));
        } catch (IOException | IllegalArgumentException e) {
            return null; // e.g. a header that is not a string: not a request Lambda would send
        }
    }

    /** Null when the event carries no HTTP method. */
    public static ApprovalService.Request request(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        if (http == null || http.getMethod() == null) return null;
        String method = http.getMethod();
        String path = event.getRawPath() != null ? event.getRawPath() : Objects.requireNonNullElse(http.getPath(), "");
        Map<String, String> query = form(event.getRawQueryString());
        String token = query.get(TOKEN);
        if (token == null && event.getQueryStringParameters() != null) token = event.getQueryStringParameters().get(TOKEN);
        if (token == null && "POST".equalsIgnoreCase(method)) {
            String body = Objects.requireNonNullElse(event.getBody(), "");
            if (event.getIsBase64Encoded()) {
                try {
                    body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    body = "";
                }
            }
            Map<String, String> fields = form(body);
            token = fields.getOrDefault(TOKEN, fields.get(Page.ApprovalPage.TOKEN_FIELD));
        }
        return new ApprovalService.Request(method, path, token, http.getSourceIp(), base(event));
    }

    /**
     * The endpoint's own URL: {@code https://<requestContext.domainName>} as Lambda serves it, or the Host and
     * X-Forwarded-Proto headers when present (a local stand-in for the Function URL).
     */
    static URI base(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        String host = headers.get("host");
        if (host == null) host = event.getRequestContext().getDomainName();
        if (host == null || !host.matches("[A-Za-z0-9.:-]+")) return null;
        String proto = headers.getOrDefault("x-forwarded-proto", "https");
        return URI.create(("http".equals(proto) ? "http" : "https") + "://" + host);
    }

    public static APIGatewayV2HTTPResponse response(ApprovalService.Response r, String method) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "text/html; charset=utf-8");
        h.put("cache-control", "no-store");
        h.put("referrer-policy", "no-referrer");
        h.put("x-content-type-options", "nosniff");
        h.put("x-frame-options", "DENY");
        h.put("x-robots-tag", "noindex, nofollow");
        h.put("content-security-policy", CSP);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(r.status()).withHeaders(h)
                .withBody("HEAD".equalsIgnoreCase(method) ? "" : r.html()).withIsBase64Encoded(false).build();
    }

    public static APIGatewayV2HTTPResponse badRequest() {
        return response(new ApprovalService.Response(400, StatusPages.page("Bad request", "This endpoint serves Slicewise approval links.")), "GET");
    }

    /** application/x-www-form-urlencoded (also a raw query string): first value of each name. */
    static Map<String, String> form(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) return out;
        for (String pair : s.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException malformedEscape) {
                // skip the pair: a token that does not decode is treated as absent (403), not as a server error
            }
        }
        return out;
    }
}
