package dev.slicewise.aws;

import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * Builds the SDK clients the collector uses, all the same way: explicit HTTP client, the standard retry strategy with
 * more attempts (GetMetricData and GetProducts throttle under load), endpoints left to the SDK's standard settings
 * unless a test overrides them. The caller closes what it gets.
 */
public final class AwsClients {
    /**
     * The Price List Query API is served from us-east-1 (also ap-south-1, eu-central-1) and answers for every region,
     * so its client does not follow the cluster's region.
     */
    public static final Region PRICING_REGION = Region.US_EAST_1;

    private AwsClients() {}

    public static CloudWatchClient cloudWatch(AwsSettings s, List<ExecutionInterceptor> interceptors) {
        return configure(CloudWatchClient.builder(), s, s.region(), interceptors).build();
    }

    public static EksClient eks(AwsSettings s, List<ExecutionInterceptor> interceptors) {
        return configure(EksClient.builder(), s, s.region(), interceptors).build();
    }

    public static PricingClient pricing(AwsSettings s, List<ExecutionInterceptor> interceptors) {
        return configure(PricingClient.builder(), s, PRICING_REGION, interceptors).build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, AwsSettings s, Region region, List<ExecutionInterceptor> interceptors) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(s.maxAttempts()).build());
        interceptors.forEach(override::addExecutionInterceptor);
        builder.region(region)
                .credentialsProvider(s.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(override.build());
        // Only tests set this; otherwise AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> / aws.endpointUrl* apply,
        // resolved by the SDK itself (verified in the generated builders of cloudwatch 2.40.5, eks 2.57.8,
        // pricing 2.40.2, and by AwsEndpointSettingsIT).
        if (s.endpointOverride() != null) builder.endpointOverride(s.endpointOverride());
        return builder;
    }
}
