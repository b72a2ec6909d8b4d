package dev.slicewise.functions.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slicewise.functions.support.Repo;
import dev.slicewise.workflow.ApprovalService;
import java.net.URI;
import org.junit.jupiter.api.Test;

class FunctionUrlTest {
    @Test
    void readsTheTokenFromTheQueryOnGetAndFromTheBase64FormOnPost() {
        URI base = URI.create("https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws");
        ApprovalService.Request get = FunctionUrl.request(Repo.eventJson("function-url-get-approve.json"));
        assertThat(get).isEqualTo(new ApprovalService.Request("GET", "/r/r-5f0c3a9d1e7b24c86a1d0e93/approve", "v1.TOKEN", "198.51.100.23", base));
        ApprovalService.Request post = FunctionUrl.request(Repo.eventJson("function-url-post-approve.json"));
        assertThat(post).isEqualTo(new ApprovalService.Request("POST", "/r/r-5f0c3a9d1e7b24c86a1d0e93/approve", "v1.TOKEN", "198.51.100.23", base));
    }

    @Test
    void onPostTheDecisionUrlsTokenWinsOverTheFormField() {
        ObjectNode post = (ObjectNode) Repo.eventJson("function-url-post-approve.json");
        post.put("rawQueryString", "t=v1.from-url").remove("queryStringParameters");
        post.put("isBase64Encoded", false).put("body", "token=v1.from-form&decision=approve");
        assertThat(FunctionUrl.request(post).token()).isEqualTo("v1.from-url");
        post.put("rawQueryString", "");
        assertThat(FunctionUrl.request(post).token()).isEqualTo("v1.from-form");
    }

    @Test
    void theBaseUrlFollowsTheHostAndProtocolHeaders() {
        ObjectNode get = (ObjectNode) Repo.eventJson("function-url-get-approve.json");
        ((ObjectNode) get.path("headers")).put("host", "127.0.0.1:8089").put("x-forwarded-proto", "http");
        assertThat(FunctionUrl.request(get).base()).hasToString("http://127.0.0.1:8089");
        ((ObjectNode) get.path("headers")).put("host", "evil.example/\"attack");
        assertThat(FunctionUrl.request(get).base()).isNull();
    }

    @Test
    void aPlainFormBodyAndOddInputAreHandled() {
        ObjectNode post = (ObjectNode) Repo.eventJson("function-url-post-approve.json");
        post.put("rawQueryString", "").remove("queryStringParameters");
        post.put("isBase64Encoded", false).put("body", "x=1&t=v1.a%2Bb.c&t=second");
        assertThat(FunctionUrl.request(post).token()).isEqualTo("v1.a+b.c");
        post.put("body", "t=%zz");
        assertThat(FunctionUrl.request(post).token()).isNull();
        post.put("isBase64Encoded", true).put("body", "***");
        assertThat(FunctionUrl.request(post).token()).isNull();
        assertThat(FunctionUrl.request(new ObjectMapper().createObjectNode())).isNull();
        ObjectNode odd = (ObjectNode) Repo.eventJson("function-url-get-approve.json");
        ((ObjectNode) odd.path("headers")).putObject("host").put("not", "a string");
        assertThat(FunctionUrl.request(odd)).as("a payload Lambda would never send").isNull();
    }

    @Test
    void pagesAreUncachedUnframedScriptFreeAndHeadHasNoBody() {
        APIGatewayV2HTTPResponse r = FunctionUrl.response(new ApprovalService.Response(200, "<html>"), "GET");
        assertThat(r.getHeaders()).containsEntry("cache-control", "no-store").containsEntry("referrer-policy", "no-referrer")
                .containsEntry("x-frame-options", "DENY").containsEntry("content-type", "text/html; charset=utf-8");
        assertThat(r.getHeaders().get("content-security-policy")).contains("default-src 'none'", "form-action 'self'").doesNotContain("script-src");
        assertThat(FunctionUrl.response(new ApprovalService.Response(200, "<html>"), "HEAD").getBody()).isEmpty();
        // what Lambda reads back from the function: payload 2.0 field names, a plain-text body
        JsonNode json = new ObjectMapper().valueToTree(r);
        assertThat(json.path("statusCode").asInt()).isEqualTo(200);
        assertThat(json.path("body").asText()).isEqualTo("<html>");
        assertThat(json.path("isBase64Encoded").asBoolean(true)).isFalse();
        assertThat(json.path("headers").path("cache-control").asText()).isEqualTo("no-store");
    }
}
