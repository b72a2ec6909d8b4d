package dev.slicewise.functions.it;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;

/** Invokes the selected handler the way Lambda does, through Quarkus's mock event server (RestAssured's port in tests). */
public final class Lambda {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Lambda() {}

    public static Response invoke(String eventJson) {
        return given().contentType("application/json").body(eventJson).when().post();
    }

    public static Response invoke(JsonNode event) {
        try {
            return invoke(JSON.writeValueAsString(event));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Invokes and expects a normal return; the handler's output as JSON. */
    public static JsonNode ok(Object event) {
        Response r = event instanceof JsonNode j ? invoke(j) : invoke((String) event);
        if (r.statusCode() != 200) throw new AssertionError("handler failed: HTTP " + r.statusCode() + " " + r.asString());
        try {
            return JSON.readTree(r.asString());
        } catch (Exception e) {
            throw new IllegalStateException(r.asString(), e);
        }
    }
}
