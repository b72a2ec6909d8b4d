package dev.slicewise.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class EksTokenProviderTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");
    private static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

    /**
     * Test vector from an independent implementation: botocore's SigV4QueryAuth (what {@code aws eks get-token} uses)
     * presigning the same request with the same credentials at the same instant (botocore 1.x, run 2026-11-25).
     */
    private static final String BOTOCORE_SIGNATURE = "38d9d87f6088d3a2092a00fbedc7e1bfcbc5d6fc9e9ee47768cf6507049b044a";

    @Test
    void tokenIsAPresignedGetCallerIdentityUrlWithTheClusterHeaderSigned() {
        String token = new EksTokenProvider(CREDS, Region.US_EAST_1, "probe-cluster", Clock.fixed(T, ZoneOffset.UTC)).token();

        assertThat(token).startsWith("k8s-aws-v1.");
        String payload = token.substring("k8s-aws-v1.".length());
        assertThat(payload).matches("[A-Za-z0-9_-]+"); // base64url, padding stripped
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));

        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getHost()).isEqualTo("sts.us-east-1.amazonaws.com");
        assertThat(url.getPath()).isEqualTo("/");
        Map<String, String> q = query(url);
        assertThat(q).containsEntry("Action", "GetCallerIdentity")
                .containsEntry("Version", "2011-06-15")
                .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
                .containsEntry("X-Amz-Credential", "AKIDEXAMPLE/20261124/us-east-1/sts/aws4_request")
                .containsEntry("X-Amz-Date", "20261124T120000Z")
                .containsEntry("X-Amz-Expires", "60")
                .containsEntry("X-Amz-SignedHeaders", "host;x-k8s-aws-id")
                .doesNotContainKey("X-Amz-Security-Token");
        assertThat(q.get("X-Amz-Signature")).isEqualTo(BOTOCORE_SIGNATURE);
        assertThat(token.length()).isLessThan(4096); // EKS's limit
    }

    @Test
    void sessionCredentialsPutTheSecurityTokenIntoTheUrl() {
        var session = StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "FwoGZXIvYXdzEXAMPLE"));
        String token = new EksTokenProvider(session, Region.EU_WEST_1, "prod", Clock.fixed(T, ZoneOffset.UTC)).token();
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(token.substring(11)), StandardCharsets.UTF_8));
        assertThat(url.getHost()).isEqualTo("sts.eu-west-1.amazonaws.com");
        assertThat(query(url)).containsEntry("X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLE");
    }

    @Test
    void chinaRegionsSignForTheirOwnPartitionsStsHost() {
        String token = new EksTokenProvider(CREDS, Region.CN_NORTH_1, "c", Clock.fixed(T, ZoneOffset.UTC)).token();
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(token.substring(11)), StandardCharsets.UTF_8));
        assertThat(url.getHost()).isEqualTo("sts.cn-north-1.amazonaws.com.cn");
    }

    @Test
    void theTokenIsReusedForTenMinutesThenMintedAgainWithTheNewDate() {
        AtomicReference<Instant> now = new AtomicReference<>(T);
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        EksTokenProvider tokens = new EksTokenProvider(CREDS, Region.US_EAST_1, "probe-cluster", clock);
        String first = tokens.token();
        now.set(T.plus(Duration.ofMinutes(9)).plusSeconds(59));
        assertThat(tokens.token()).isSameAs(first);
        now.set(T.plus(Duration.ofMinutes(10)));
        String second = tokens.token();
        assertThat(second).isNotEqualTo(first);
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(second.substring(11)), StandardCharsets.UTF_8));
        assertThat(query(url)).containsEntry("X-Amz-Date", "20261124T121000Z");
    }

    private static Map<String, String> query(URI url) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : url.getRawQuery().split("&")) {
            int i = kv.indexOf('=');
            out.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
