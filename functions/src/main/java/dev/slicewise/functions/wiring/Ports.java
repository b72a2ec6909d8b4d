package dev.slicewise.functions.wiring;

import dev.slicewise.apply.ApplierSettings;
import dev.slicewise.apply.ApplyJournal;
import dev.slicewise.approve.ReviewPage;
import dev.slicewise.aws.AwsSettings;
import dev.slicewise.aws.dynamodb.DynamoDbApplyJournal;
import dev.slicewise.aws.eks.EksKubernetes;
import dev.slicewise.aws.pricing.PricingApiPriceBook;
import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.collect.ClusterFleetSource;
import dev.slicewise.collect.ClusterTarget;
import dev.slicewise.collect.LiveFleetSource;
import dev.slicewise.engine.Analyzer;
import dev.slicewise.engine.DefaultAnalyzer;
import dev.slicewise.functions.web.ReportReviewPage;
import dev.slicewise.kube.KubeClients;
import dev.slicewise.kube.KubeConnections;
import dev.slicewise.kube.apply.ApplierRuntime;
import dev.slicewise.kube.apply.KubePlanApplier;
import dev.slicewise.kube.apply.KubePlanObserver;
import dev.slicewise.pricing.BundledPriceBook;
import dev.slicewise.report.ReportSlice;
import dev.slicewise.workflow.AnalysisContext;
import dev.slicewise.workflow.ClusterObserver;
import dev.slicewise.workflow.ContextSlicer;
import dev.slicewise.workflow.FleetSource;
import dev.slicewise.workflow.PlanApplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * The engine's and the cluster-side ports, wired to the modules that implement them: the live collector (CloudWatch +
 * EKS/Kubernetes), the engine's analyzer with Price List prices, the applier with its journal in DynamoDB, the report
 * module's review page. Nothing here connects anywhere at init (SnapStart): clusters are reached per invocation. The
 * ports are application-scoped, i.e. built on their first call, not when a service holding them is built: the
 * analyzer's catalog and price book, the Kubernetes connections (region, credentials chain) and the applier cost start-up
 * only on the paths that use them.
 */
@ApplicationScoped
public class Ports {
    private static final Logger LOG = Logger.getLogger(Ports.class);

    /**
     * How a cluster's Kubernetes API is reached: eks:DescribeCluster + the function role's IAM token (access entry), the
     * client opened per invocation. The API URL override exists for the whole-loop test only (see SlicewiseConfig).
     */
    @Produces
    @Singleton
    LiveFleetSource.KubeConnector kubeConnector(SlicewiseConfig cfg) {
        return cfg.kubernetes().apiUrlOverride().<LiveFleetSource.KubeConnector>map(url -> (cluster, token) -> {
            LOG.warnf("cluster %s: Kubernetes API URL override in effect (%s instead of %s) — a test setting", cluster.name(), url, cluster.endpoint());
            return KubeClients.forEndpoint(url, null, token); // the mock API server speaks plain HTTP
        }).orElse(LiveFleetSource.KubeConnector.EKS);
    }

    @Produces
    @ApplicationScoped
    KubeConnections clusters(LiveFleetSource.KubeConnector connector, Clock clock) {
        return new EksKubernetes(AwsSettings.fromEnvironment(), clock, connector, List.of());
    }

    /** The fleet collector (CloudWatch GPU metrics + EKS/Kubernetes), opened per collection and closed after it. */
    @Produces
    @ApplicationScoped
    FleetSource fleetSource(LiveFleetSource.KubeConnector connector, Clock clock) {
        return new ClusterFleetSource(cluster -> {
            AwsSettings aws = AwsSettings.fromEnvironment();
            return LiveFleetSource.open(ClusterTarget.eks(cluster, aws.region().id()), aws, clock, connector, List.of());
        });
    }

    /**
     * The engine as shipped (catalog, MIG packer, latency model) priced by the Price List API, falling back to the bundled
     * table — and saying so in each price's source — when the API cannot answer. A fresh price cache per analysis: a
     * warm execution environment outlives a day.
     */
    @Produces
    @ApplicationScoped
    Analyzer analyzer(PricingClient pricing) {
        BundledPriceBook bundled = new BundledPriceBook(BundledCatalog.get());
        return (snapshot, policy, clock) -> DefaultAnalyzer.bundled(
                new PricingApiPriceBook(pricing, bundled, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))).analyze(snapshot, policy, clock);
    }

    /** What the apply re-checks later: the plan's objects as the analysis saw them (read-only access suffices). */
    @Produces
    @ApplicationScoped
    ClusterObserver observer(KubeConnections clusters) {
        return new KubePlanObserver(clusters);
    }

    /** The applier's journal: in the state table, since a Lambda's files do not outlive it. */
    @Produces
    @ApplicationScoped
    ApplyJournal journal(DynamoDbClient dynamo, SlicewiseConfig cfg) {
        return new DynamoDbApplyJournal(dynamo, Workflow.required(cfg.table(), "SLICEWISE_TABLE"),
                cfg.approvalValidity().plus(cfg.retention()));
    }

    /** Real sleeps and the pod-exec mount probe, with waits that fit the apply function's timeout. */
    @Produces
    @Singleton
    ApplierRuntime applierRuntime(SlicewiseConfig cfg) {
        SlicewiseConfig.ApplyTimings t = cfg.apply();
        return ApplierRuntime.live(new ApplierSettings(ApplierSettings.FIELD_MANAGER, t.pollInterval(), t.mountTimeout(),
                t.drainTimeout(), t.migStateTimeout(), t.verifyTimeout(), t.overlayTimeout(), ApplierSettings.defaults().conflictRetries()));
    }

    /** The applier (module src/applier): re-check, dry-run, server-side apply, verify, roll back. */
    @Produces
    @ApplicationScoped
    PlanApplier planApplier(KubeConnections clusters, ApplyJournal journal, ApplierRuntime runtime, Clock clock) {
        return new KubePlanApplier(clusters, BundledCatalog.get(), journal, runtime, clock);
    }

    /** The review page: the report module's renderer. */
    @Produces
    @ApplicationScoped
    ReviewPage reviewPage(Clock clock) {
        return new ReportReviewPage(clock);
    }

    /** What is kept with each recommendation for its page: the report module's slice (the pool's nodes and series). */
    @Produces
    @ApplicationScoped
    ContextSlicer slicer() {
        return (report, snapshot, id) -> {
            ReportSlice s = ReportSlice.of(report, snapshot, id);
            return new AnalysisContext(s.report(), s.snapshot());
        };
    }

}
