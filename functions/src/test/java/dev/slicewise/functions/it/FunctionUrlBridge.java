package dev.slicewise.functions.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slicewise.functions.support.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Executors;

/**
 * Plays the Lambda Function URL locally: turns each HTTP request (from a browser or a test) into a payload-2.0 event,
 * based on the real sample in events/, posts it to Quarkus's Lambda mock event server, and turns the function's answer
 * back into an HTTP response. Form bodies are base64-encoded, as Function URLs deliver them.
 */
public final class FunctionUrlBridge {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FunctionUrlBridge shared;

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final JsonNode template = Repo.eventJson("function-url-get-approve.json");
    private volatile URI lambda = URI.create("http://localhost:8081/");

    private FunctionUrlBridge() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public static synchronized FunctionUrlBridge shared() {
        if (shared == null) shared = new FunctionUrlBridge();
        return shared;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Where the mock event server listens (RestAssured's port in the test). */
    public void lambdaAt(URI uri) {
        this.lambda = uri;
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            ObjectNode event = template.deepCopy();
            URI uri = ex.getRequestURI();
            String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
            event.put("rawPath", uri.getRawPath());
            event.put("rawQueryString", query);
            event.remove("queryStringParameters");
            // this bridge is the endpoint: the page's buttons must post back here, not to the sample's AWS domain
            ObjectNode headers = (ObjectNode) event.path("headers");
            headers.put("host", "127.0.0.1:" + server.getAddress().getPort());
            headers.put("x-forwarded-proto", "http");
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type != null) headers.put("content-type", type);
            ObjectNode http = (ObjectNode) event.at("/requestContext/http");
            http.put("method", ex.getRequestMethod());
            http.put("path", uri.getRawPath());
            http.put("sourceIp", ex.getRemoteAddress().getAddress().getHostAddress());
            byte[] body = ex.getRequestBody().readAllBytes();
            if (body.length > 0) {
                event.put("body", Base64.getEncoder().encodeToString(body));
                event.put("isBase64Encoded", true);
            }
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(lambda).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event))).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode out = JSON.readTree(r.body());
            out.path("headers").fields().forEachRemaining(h -> ex.getResponseHeaders().add(h.getKey(), h.getValue().asText()));
            byte[] page = out.path("body").asText("").getBytes(StandardCharsets.UTF_8);
            int status = r.statusCode() == 200 ? out.path("statusCode").asInt(502) : 502;
            ex.sendResponseHeaders(status, page.length == 0 ? -1 : page.length);
            if (page.length > 0) ex.getResponseBody().write(page);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.sendResponseHeaders(502, -1);
        } finally {
            ex.close();
        }
    }
}
