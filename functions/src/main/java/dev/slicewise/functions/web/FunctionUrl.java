package dev.slicewise.functions.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.approve.ReviewPage;
import dev.slicewise.report.Page;
import java.net.URI;
import dev.slicewise.approve.StatusPages;
import dev.slicewise.workflow.ApprovalService;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lambda Function URL payload format 2.0 in and out: the request becomes an approval request (method, path, the token,
 * the caller's IP, the endpoint's own URL); the answer is an HTML page with headers that keep it out of caches, frames
 * and referrers (the URL carries a token). The token is the {@code t} query parameter — on POST too, since each button
 * posts to its own decision URL — or else the url-encoded form's {@code t} or {@code token} field.
 */
public final class FunctionUrl {
    private static final String TOKEN = ReviewPage.Controls.TOKEN_PARAMETER;

    /** No scripts at all; inline styles and data: images for the page's own CSS and charts; forms post back only here. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    /** A Function URL response (payload 2.0); {@code isBase64Encoded} is omitted, i.e. false. */
    public record Response(int statusCode, Map<String, String> headers, String body) {}

    private FunctionUrl() {}

    /** Null when the event is not a Function URL request. */
    public static ApprovalService.Request request(JsonNode event) {
        JsonNode http = event == null ? null : event.at("/requestContext/http");
        if (http == null || !http.isObject() || !http.path("method").isTextual()) return null;
        String method = http.path("method").asText();
        String path = event.path("rawPath").isTextual() ? event.path("rawPath").asText() : http.path("path").asText("");
        Map<String, String> query = form(event.path("rawQueryString").asText(""));
        String token = query.get(TOKEN);
        if (token == null) token = event.at("/queryStringParameters/" + TOKEN).asText(null);
        if (token == null && "POST".equalsIgnoreCase(method)) {
            String body = event.path("body").asText("");
            if (event.path("isBase64Encoded").asBoolean(false)) {
                try {
                    body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    body = "";
                }
            }
            Map<String, String> fields = form(body);
            token = fields.getOrDefault(TOKEN, fields.get(Page.ApprovalPage.TOKEN_FIELD));
        }
        return new ApprovalService.Request(method, path, token, http.path("sourceIp").asText(null), base(event));
    }

    /**
     * The endpoint's own URL: {@code https://<requestContext.domainName>} as Lambda serves it, or the Host and
     * X-Forwarded-Proto headers when present (a local stand-in for the Function URL).
     */
    static URI base(JsonNode event) {
        String host = event.at("/headers/host").asText(null);
        if (host == null) host = event.at("/requestContext/domainName").asText(null);
        if (host == null || !host.matches("[A-Za-z0-9.:-]+")) return null;
        String proto = event.at("/headers/x-forwarded-proto").asText("https");
        return URI.create(("http".equals(proto) ? "http" : "https") + "://" + host);
    }

    public static Response response(ApprovalService.Response r, String method) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "text/html; charset=utf-8");
        h.put("cache-control", "no-store");
        h.put("referrer-policy", "no-referrer");
        h.put("x-content-type-options", "nosniff");
        h.put("x-frame-options", "DENY");
        h.put("x-robots-tag", "noindex, nofollow");
        h.put("content-security-policy", CSP);
        return new Response(r.status(), h, "HEAD".equalsIgnoreCase(method) ? "" : r.html());
    }

    public static Response badRequest() {
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
