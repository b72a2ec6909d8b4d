package dev.slicewise.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

/**
 * How the serverless workflow's clients are built: one shared HTTP connection pool, the SDK's standard retry strategy
 * (exponential back-off with jitter, 3 attempts, retrying throttling and 5xx), and otherwise the SDK's standard
 * settings — region, credentials and endpoint come from the environment ({@code AWS_REGION}, the Lambda role,
 * {@code AWS_ENDPOINT_URL*}), which is how the tests point the very same code at the moto server.
 */
public final class ServerlessClients {
    private final SdkHttpClient http;

    public ServerlessClients() {
        this(Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(20)).build());
    }

    public ServerlessClients(SdkHttpClient http) {
        this.http = http;
    }

    /** Applies the shared HTTP client and retry strategy; the caller calls {@code build()}. */
    public <B extends AwsSyncClientBuilder<B, C> & SdkClientBuilder<B, C>, C> B configure(B builder) {
        return builder.httpClient(http).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()));
    }

    public void close() {
        http.close();
    }
}
