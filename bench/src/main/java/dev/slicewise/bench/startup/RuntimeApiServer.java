package dev.slicewise.bench.startup;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A one-invocation Lambda Runtime API (the HTTP interface a runtime polls, docs: "Using the Lambda runtime API for
 * custom runtimes"): the first {@code GET /2018-06-01/runtime/invocation/next} gets the event with the request id,
 * deadline, function ARN and trace headers; {@code POST …/invocation/{id}/response} (or {@code /error}, or
 * {@code /runtime/init/error}) ends the invocation and is timed. Further polls wait until the server stops, as they
 * would between invocations. Times are {@link System#nanoTime()} readings taken as the requests arrive.
 */
final class RuntimeApiServer implements AutoCloseable {
    static final String REQUEST_ID = "8f4e6c1a-bench-4d2b-9c7e-000000000001";

    /** How the invocation ended: when the runtime first polled (init done), when it answered, with what. */
    record Outcome(long firstPollNanos, long answeredNanos, boolean error, String body) {}

    private final HttpServer http;
    private final byte[] event;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile long firstPoll;
    private volatile boolean delivered;

    RuntimeApiServer(String eventJson) throws IOException {
        this.event = eventJson.getBytes(StandardCharsets.UTF_8);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/2018-06-01/runtime/", this::handle);
        http.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + http.getAddress().getPort();
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    private void handle(HttpExchange x) throws IOException {
        long now = System.nanoTime();
        String path = x.getRequestURI().getPath();
        try (x) {
            if (x.getRequestMethod().equals("GET") && path.endsWith("/invocation/next")) {
                if (firstPoll == 0) firstPoll = now;
                if (delivered) {
                    stopped.await(); // the next invocation never comes
                    x.sendResponseHeaders(500, -1);
                    return;
                }
                delivered = true;
                x.getResponseHeaders().add("Content-Type", "application/json");
                x.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", REQUEST_ID);
                x.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 300_000));
                x.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:slicewise-analyze:live");
                x.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-67890abc-0123456789abcdef01234567;Sampled=0");
                x.sendResponseHeaders(200, event.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(event);
                }
                return;
            }
            if (x.getRequestMethod().equals("POST")) {
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean error = path.endsWith("/error");
                if (path.endsWith("/response") || error) {
                    x.sendResponseHeaders(202, -1);
                    outcome.complete(new Outcome(firstPoll, now, error, body));
                    return;
                }
            }
            x.sendResponseHeaders(404, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        http.stop(0);
    }
}
