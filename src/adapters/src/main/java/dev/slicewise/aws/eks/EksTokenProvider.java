package dev.slicewise.aws.eks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * Bearer tokens for an EKS cluster's Kubernetes API, built the way aws-iam-authenticator ({@code aws eks get-token})
 * builds them: {@code "k8s-aws-v1." + base64url-without-padding(presigned URL)}, where the URL is an SigV4
 * query-string-presigned {@code GET https://sts.<region>.<partition domain>/?Action=GetCallerIdentity&Version=2011-06-15}
 * with the header {@code x-k8s-aws-id: <cluster>} signed (EKS re-adds it when it replays the URL to STS and checks it
 * against the cluster name).
 *
 * <p>Signed by the SDK's own {@link AwsV4HttpSigner}. Minted lazily — never at construction, so a Lambda SnapStart
 * snapshot cannot freeze a token or credentials — and reused for {@link #REUSE_FOR}: EKS accepts a token for 15 minutes
 * from its X-Amz-Date, the official client caches for 14; 10 leaves room for clock skew and a slow request.
 *
 * <p>The STS host is the real regional one even when AWS_ENDPOINT_URL points the SDK at an emulator: the URL is not a
 * call this process makes but one EKS makes to AWS STS.
 */
public final class EksTokenProvider {
    public static final String PREFIX = "k8s-aws-v1.";
    public static final String CLUSTER_HEADER = "x-k8s-aws-id";
    /** What aws-iam-authenticator sets; EKS ignores it for validity (15 min from X-Amz-Date). */
    public static final Duration PRESIGN_EXPIRY = Duration.ofSeconds(60);
    public static final Duration REUSE_FOR = Duration.ofMinutes(10);

    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final String cluster;
    private final Clock clock;
    private final HttpSigner<software.amazon.awssdk.identity.spi.AwsCredentialsIdentity> signer = AwsV4HttpSigner.create();

    private String token;
    private Instant mintedAt;

    public EksTokenProvider(AwsCredentialsProvider credentials, Region region, String cluster, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A valid token, minted now or reused when younger than {@link #REUSE_FOR}. Safe to call before every request. */
    public synchronized String token() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(mintedAt.plus(REUSE_FOR)) || now.isBefore(mintedAt)) {
            token = mint();
            mintedAt = now;
        }
        return token;
    }

    private String mint() {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create("https://sts." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix() + "/"))
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putHeader(CLUSTER_HEADER, cluster)
                .build();
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials()) // session credentials add X-Amz-Security-Token
                .request(request)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, PRESIGN_EXPIRY)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        String url = signed.request().getUri().toString();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }
}
