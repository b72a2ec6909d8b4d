package dev.slicewise.collect;

import dev.slicewise.progress.Progress;
import dev.slicewise.aws.AwsClients;
import dev.slicewise.aws.AwsSettings;
import dev.slicewise.aws.cloudwatch.CloudWatchGpuTelemetry;
import dev.slicewise.aws.eks.EksCluster;
import dev.slicewise.aws.eks.EksKubernetes;
import dev.slicewise.aws.pricing.PricingApiPriceBook;
import dev.slicewise.fleet.Window;
import dev.slicewise.kube.KubeClients;
import dev.slicewise.kube.KubernetesFleetReader;
import dev.slicewise.pricing.PriceBook;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * The one entry point for {@code ./slicewise analyze --cluster NAME --region R} (and the Lambda collector): collects a
 * live cluster into a FleetSnapshot with the default credential chain, and offers the Price List price book.
 *
 * <pre>{@code
 * try (LiveFleetSource live = LiveFleetSource.open(ClusterTarget.eks("prod", "us-east-1"), Clock.systemUTC())) {
 *     CollectionResult r = live.collect(FleetCollector.hourlyWindow(clock, Duration.ofDays(7)), progress);
 *     PriceBook prices = live.priceBook(bundledPriceBook);   // falls back to the bundled table, says so
 *     AnalysisReport report = analyzer.analyze(r.snapshot(), policy, clock);
 * }
 * }</pre>
 *
 * Every AWS client honours the SDK's standard endpoint settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_CLOUDWATCH,
 * _EKS, _PRICING …), so the same command runs against an emulator. Clients are created on first use and closed by
 * {@link #close()}.
 */
public final class LiveFleetSource implements AutoCloseable {
    private final ClusterTarget target;
    private final AwsSettings aws;
    private final Clock clock;
    private final KubeConnector connector;
    private final List<ExecutionInterceptor> interceptors;
    private final List<AutoCloseable> open = new ArrayList<>();

    private CloudWatchClient cloudWatch;
    private KubernetesClient kube;
    private PricingClient pricing;

    /** How the Kubernetes client is made from DescribeCluster's answer; replaceable so tests can aim it at a mock API. */
    @FunctionalInterface
    public interface KubeConnector {
        KubernetesClient connect(EksCluster cluster, Supplier<String> token);

        KubeConnector EKS = (c, token) -> KubeClients.forEndpoint(c.endpoint(), c.caData(), token);
    }

    LiveFleetSource(ClusterTarget target, AwsSettings aws, Clock clock, KubeConnector connector,
                    List<ExecutionInterceptor> interceptors) {
        this.target = Objects.requireNonNull(target, "target");
        this.aws = Objects.requireNonNull(aws, "aws");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.interceptors = List.copyOf(interceptors);
    }

    /** Production: default credential chain, the target's region, standard endpoint settings. */
    public static LiveFleetSource open(ClusterTarget target, Clock clock) {
        return new LiveFleetSource(target, AwsSettings.defaults(target.region()), clock, KubeConnector.EKS, List.of());
    }

    /** Explicit AWS settings (tests: an emulator endpoint, static credentials) and Kubernetes connector. */
    public static LiveFleetSource open(ClusterTarget target, AwsSettings aws, Clock clock, KubeConnector connector,
                                       List<ExecutionInterceptor> interceptors) {
        return new LiveFleetSource(target, aws, clock, connector, interceptors);
    }

    /**
     * Reads the cluster and its GPU metrics over {@code window}.
     *
     * @throws CollectionException when the cluster cannot be reached or read (message names the fix)
     */
    public CollectionResult collect(Window window, Progress progress) {
        FleetCollector collector = new FleetCollector(new KubernetesFleetReader(kube(progress)),
                new CloudWatchGpuTelemetry(cloudWatch(), target.metrics()), clock);
        return collector.collect(target.cluster(), target.region(), window, progress);
    }

    /**
     * The Kubernetes client the collection reads with (made on first use, closed by {@link #close()}), e.g. for the
     * local command to capture the objects a plan touches with the applier's PlanObserver right after the analysis.
     */
    public KubernetesClient kubernetes() {
        return kube(Progress.NONE);
    }

    /** On-demand prices from the Price List API, falling back to {@code fallback} (e.g. the bundled table). */
    public PricingApiPriceBook priceBook(PriceBook fallback) {
        if (pricing == null) pricing = keep(AwsClients.pricing(aws, interceptors));
        return new PricingApiPriceBook(pricing, fallback, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private CloudWatchClient cloudWatch() {
        if (cloudWatch == null) cloudWatch = keep(AwsClients.cloudWatch(aws, interceptors));
        return cloudWatch;
    }

    private KubernetesClient kube(Progress progress) {
        if (kube != null) return kube;
        if (target.kubeconfig() != null) {
            progress.step(target.cluster(), "Kubernetes: using kubeconfig " + target.kubeconfig());
            kube = keep(KubeClients.fromKubeconfig(target.kubeconfig(), target.kubeContext()));
            return kube;
        }
        progress.step(target.cluster(), "EKS: describing cluster " + target.cluster() + " in " + target.region());
        kube = keep(new EksKubernetes(aws, clock, connector, interceptors).open(target.cluster()));
        return kube;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        open.add(resource);
        return resource;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (AutoCloseable c : open.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) first = new IllegalStateException("closing " + c.getClass().getSimpleName() + " failed", e);
            }
        }
        open.clear();
        if (first != null) throw first;
    }
}
