package dev.slicewise.bench.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up benchmark's machinery, without timing: the plain handler, run by the real Lambda runtime interface
 * client against the harness's Runtime API server, gets the sample event and answers it.
 */
class StartupIT {

    @Test
    void thePlainHandlerAnswersTheSampleEventThroughTheRuntimeApi() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path work = Files.createDirectories(Path.of("target/startup-it"));

        StartupBench.Run run = new StartupBench(repo, work).runPlainOnce();

        assertThat(run.ok()).as(run.answer()).isTrue();
        assertThat(run.answer()).contains("\"status\":\"IGNORED\"").contains("cluster prod-eks is not enabled (plain handler)");
        assertThat(run.initMs()).isPositive().isLessThan(run.totalMs());
    }

    @Test
    void theRuntimeApiAnswersOnlyTheFirstPollWithTheEvent() throws Exception {
        try (RuntimeApiServer api = new RuntimeApiServer("{\"detail\":{}}")) {
            var http = java.net.http.HttpClient.newHttpClient();
            var next = java.net.URI.create("http://" + api.address() + "/2018-06-01/runtime/invocation/next");
            var r = http.send(java.net.http.HttpRequest.newBuilder(next).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"detail\":{}}");
            assertThat(r.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue(RuntimeApiServer.REQUEST_ID);
            assertThat(r.headers().firstValue("Lambda-Runtime-Deadline-Ms")).isPresent();
            var post = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + api.address()
                    + "/2018-06-01/runtime/invocation/" + RuntimeApiServer.REQUEST_ID + "/response"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"ok\":true}")).build();
            assertThat(http.send(post, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(202);
            RuntimeApiServer.Outcome o = api.outcome().get();
            assertThat(o.body()).isEqualTo("{\"ok\":true}");
            assertThat(o.error()).isFalse();
            assertThat(List.of(o.firstPollNanos(), o.answeredNanos())).isSorted();
        }
    }
}
