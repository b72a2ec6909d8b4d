package dev.slicewise.functions.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slicewise.approve.Action;
import dev.slicewise.approve.ApprovalTokens;
import dev.slicewise.functions.support.Repo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Function URL requests built from the real samples in events/, for a given record, action and token. */
final class Links {
    static final ApprovalTokens TOKENS = new ApprovalTokens(() -> MotoStack.SIGNING_KEY.getBytes(StandardCharsets.UTF_8));

    private Links() {}

    static String token(String recordId, Action action, Instant expiry) {
        return TOKENS.issue(recordId, action, expiry);
    }

    static ObjectNode get(String recordId, Action pathAction, String token) {
        ObjectNode e = (ObjectNode) Repo.eventJson("function-url-get-approve.json");
        String path = "/r/" + recordId + "/" + pathAction.wire();
        e.put("rawPath", path);
        e.put("rawQueryString", "t=" + token);
        ((ObjectNode) e.path("queryStringParameters")).put("t", token);
        ((ObjectNode) e.at("/requestContext/http")).put("path", path);
        return e;
    }

    /** What the review page's button sends: a POST to the decision URL {@code …?t=<token>} with the form fields. */
    static ObjectNode post(String recordId, Action pathAction, String token) {
        ObjectNode e = (ObjectNode) Repo.eventJson("function-url-post-approve.json");
        String path = "/r/" + recordId + "/" + pathAction.wire();
        e.put("rawPath", path);
        e.put("rawQueryString", "t=" + token);
        ((ObjectNode) e.path("queryStringParameters")).put("t", token);
        ((ObjectNode) e.at("/requestContext/http")).put("path", path);
        e.put("body", Base64.getEncoder().encodeToString(("token=" + token + "&decision=" + pathAction.wire()).getBytes(StandardCharsets.UTF_8)));
        return e;
    }
}
