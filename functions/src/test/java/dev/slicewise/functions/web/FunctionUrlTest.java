package dev.slicewise.functions.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slicewise.functions.support.Repo;
import dev.slicewise.workflow.ApprovalService;
import org.junit.jupiter.api.Test;

class FunctionUrlTest {
    @Test
    void readsTheTokenFromTheQueryOnGetAndFromTheBase64FormOnPost() {
        ApprovalService.Request get = FunctionUrl.request(Repo.eventJson("function-url-get-approve.json"));
        assertThat(get).isEqualTo(new ApprovalService.Request("GET", "/r/r-5f0c3a9d1e7b24c86a1d0e93/approve", "v1.TOKEN", "198.51.100.23"));
        ApprovalService.Request post = FunctionUrl.request(Repo.eventJson("function-url-post-approve.json"));
        assertThat(post).isEqualTo(new ApprovalService.Request("POST", "/r/r-5f0c3a9d1e7b24c86a1d0e93/approve", "v1.TOKEN", "198.51.100.23"));
    }

    @Test
    void aPlainFormBodyAndOddInputAreHandled() {
        ObjectNode post = (ObjectNode) Repo.eventJson("function-url-post-approve.json");
        post.put("isBase64Encoded", false).put("body", "x=1&t=v1.a%2Bb.c&t=second");
        assertThat(FunctionUrl.request(post).token()).isEqualTo("v1.a+b.c");
        post.put("body", "t=%zz");
        assertThat(FunctionUrl.request(post).token()).isNull();
        post.put("isBase64Encoded", true).put("body", "***");
        assertThat(FunctionUrl.request(post).token()).isNull();
        assertThat(FunctionUrl.request(new ObjectMapper().createObjectNode())).isNull();
    }

    @Test
    void pagesAreUncachedUnframedScriptFreeAndHeadHasNoBody() {
        FunctionUrl.Response r = FunctionUrl.response(new ApprovalService.Response(200, "<html>"), "GET");
        assertThat(r.headers()).containsEntry("cache-control", "no-store").containsEntry("referrer-policy", "no-referrer")
                .containsEntry("x-frame-options", "DENY").containsEntry("content-type", "text/html; charset=utf-8");
        assertThat(r.headers().get("content-security-policy")).contains("default-src 'none'", "form-action 'self'").doesNotContain("script-src");
        assertThat(FunctionUrl.response(new ApprovalService.Response(200, "<html>"), "HEAD").body()).isEmpty();
        JsonNode json = new ObjectMapper().valueToTree(r);
        assertThat(json.path("statusCode").asInt()).isEqualTo(200);
        assertThat(json.path("body").asText()).isEqualTo("<html>");
    }
}
