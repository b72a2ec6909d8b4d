package dev.slicewise.aws;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * How the AWS clients are built.
 *
 * @param region           the cluster's region (the Price List client always uses us-east-1, see {@link AwsClients})
 * @param credentials      the SDK's default chain unless a test passes static credentials
 * @param endpointOverride null in production: the SDK then applies its standard endpoint settings
 *                         ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}, {@code aws.endpointUrl*}
 *                         system properties, {@code endpoint_url} in the profile). Tests pass the emulator's URL here.
 * @param maxAttempts      attempts per call including the first; retries back off exponentially with jitter (the SDK's
 *                         standard strategy, which waits longer after throttling errors)
 */
public record AwsSettings(Region region, AwsCredentialsProvider credentials, URI endpointOverride, int maxAttempts) {
    /** Collection: GetMetricData and GetProducts throttle under load, and a run should ride that out. */
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    /**
     * The serverless workflow (DynamoDB, SNS, EventBridge, …): the SDK's standard 3 attempts, then the invocation fails
     * and Lambda's own retries and dead-letter queue take over.
     */
    public static final int WORKFLOW_MAX_ATTEMPTS = 3;

    public AwsSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, not " + maxAttempts);
    }

    /**
     * Default credential chain, standard endpoint resolution, and the SDK's standard attempts setting when the user
     * gave one ({@code AWS_MAX_ATTEMPTS} / {@code aws.maxAttempts}), else {@value #DEFAULT_MAX_ATTEMPTS}.
     */
    public static AwsSettings defaults(String region) {
        int attempts = SdkSystemSetting.AWS_MAX_ATTEMPTS.getIntegerValue().filter(n -> n >= 1).orElse(DEFAULT_MAX_ATTEMPTS);
        return new AwsSettings(Region.of(region), DefaultCredentialsProvider.builder().build(), null, attempts);
    }

    /**
     * Region from the SDK's standard chain ({@code AWS_REGION} — which Lambda sets —, {@code aws.region}, the profile),
     * default credential chain, standard endpoint resolution. Resolving the region reads no network in Lambda.
     */
    public static AwsSettings fromEnvironment() {
        return new AwsSettings(DefaultAwsRegionProviderChain.builder().build().getRegion(),
                DefaultCredentialsProvider.builder().build(), null, DEFAULT_MAX_ATTEMPTS);
    }

    public AwsSettings withEndpointOverride(URI endpoint) {
        return new AwsSettings(region, credentials, endpoint, maxAttempts);
    }

    public AwsSettings withMaxAttempts(int attempts) {
        return new AwsSettings(region, credentials, endpointOverride, attempts);
    }

    public AwsSettings withRegion(Region other) {
        return new AwsSettings(other, credentials, endpointOverride, maxAttempts);
    }
}
