package dev.slicewise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MotoServerIT {
    @Test
    void startsOnceOnLoopbackAndResets() throws Exception {
        MotoServer moto = MotoServer.shared();
        assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(MotoServer.shared()).isSameAs(moto);
        moto.reset();
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(moto.endpoint().resolve("/moto-api/data.json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{");
    }
}
