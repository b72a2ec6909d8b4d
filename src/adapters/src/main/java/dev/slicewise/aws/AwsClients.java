package dev.slicewise.aws;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * Builds every AWS SDK client Slicewise uses — the collector's (CloudWatch, EKS, Price List) and the serverless
 * workflow's (DynamoDB, SNS, EventBridge, Secrets Manager, Scheduler, EC2) — the same way: the JDK-based
 * {@code url-connection-client}, the SDK's standard retry strategy (exponential back-off with jitter, longer after
 * throttling) with {@link AwsSettings#maxAttempts()} attempts, and endpoints left to the SDK's standard settings unless
 * {@link AwsSettings#endpointOverride()} names one. The caller closes what it gets.
 *
 * <p>Why url-connection-client (the only sync HTTP client on the classpath: the service modules' apache5-client,
 * apache-client and netty-nio-client are excluded in the parent pom): it is the smallest (no httpclient/httpcore jars in the Lambda
 * package), it loads the fewest classes at a Lambda cold start (AWS's own recommendation for start-up time), and it
 * needs no commons-logging, which the Quarkus BOM removes from Apache httpclient 4. Its limits — no connection-pool
 * tuning, no HTTP/2 — do not matter for a few sequential calls per invocation; the JDK keeps connections alive.
 */
public final class AwsClients {
    /**
     * The Price List Query API is served from us-east-1 (also ap-south-1, eu-central-1) and answers for every region,
     * so its client does not follow the cluster's region.
     */
    public static final Region PRICING_REGION = Region.US_EAST_1;
    /** A connection that is not up within this is not coming (the SDK's default is 2 s; Lambda networks can be slower at start). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private AwsClients() {}

    public static CloudWatchClient cloudWatch(AwsSettings s, List<ExecutionInterceptor> interceptors) {
        return configure(CloudWatchClient.builder(), s, interceptors).build();
    }

    public static EksClient eks(AwsSettings s, List<ExecutionInterceptor> interceptors) {
        return configure(EksClient.builder(), s, interceptors).build();
    }

    public static PricingClient pricing(AwsSettings s, List<ExecutionInterceptor> interceptors) {
        return configure(PricingClient.builder(), s.withRegion(PRICING_REGION), interceptors).build();
    }

    /** Any other client, built the same way: {@code AwsClients.configure(SnsClient.builder(), settings).build()}. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, AwsSettings s) {
        return configure(builder, s, List.of());
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
            B builder, AwsSettings s, List<ExecutionInterceptor> interceptors) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(s.maxAttempts()).build());
        interceptors.forEach(override::addExecutionInterceptor);
        builder.region(s.region())
                .credentialsProvider(s.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT))
                .overrideConfiguration(override.build());
        // Only tests set this; otherwise AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> / aws.endpointUrl* apply,
        // resolved by the SDK itself (verified in the generated builders of cloudwatch 2.40.5, eks 2.57.8,
        // pricing 2.40.2, and by AwsEndpointSettingsIT for the workflow's clients too).
        if (s.endpointOverride() != null) builder.endpointOverride(s.endpointOverride());
        return builder;
    }
}
