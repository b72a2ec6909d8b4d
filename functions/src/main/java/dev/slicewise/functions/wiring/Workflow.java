package dev.slicewise.functions.wiring;

import dev.slicewise.approve.ApprovalTokens;
import dev.slicewise.approve.LinkFactory;
import dev.slicewise.approve.ReviewPage;
import dev.slicewise.approve.SigningKey;
import dev.slicewise.aws.dynamodb.DynamoDbRecommendationStore;
import dev.slicewise.aws.ec2.Ec2Instances;
import dev.slicewise.aws.eks.EksTaggedClusters;
import dev.slicewise.aws.events.EventBridgePublisher;
import dev.slicewise.aws.scheduler.SchedulerRecheck;
import dev.slicewise.aws.secrets.SecretsManagerSigningKey;
import dev.slicewise.aws.sns.SnsNotifier;
import dev.slicewise.detect.DetectionPolicy;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.Analyzer;
import dev.slicewise.notify.MessageComposer;
import dev.slicewise.notify.Notifier;
import dev.slicewise.pack.PackingPolicy;
import dev.slicewise.workflow.AnalysisService;
import dev.slicewise.workflow.ApplyService;
import dev.slicewise.workflow.ApprovalService;
import dev.slicewise.workflow.ClusterDirectory;
import dev.slicewise.workflow.ClusterObserver;
import dev.slicewise.workflow.ContextSlicer;
import dev.slicewise.workflow.EventPublisher;
import dev.slicewise.workflow.FanOutService;
import dev.slicewise.workflow.FleetSource;
import dev.slicewise.workflow.InstanceDirectory;
import dev.slicewise.workflow.PlanApplier;
import dev.slicewise.workflow.RecheckScheduler;
import dev.slicewise.workflow.RecommendationStore;
import dev.slicewise.workflow.StaticClusters;
import dev.slicewise.workflow.TriggerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The workflow services and the AWS adapters behind their ports, built from {@link SlicewiseConfig}. The adapters are
 * application-scoped (a client proxy, the adapter built on its first call) so that a path builds only what it calls:
 * an event for a cluster that is not enabled answers without building the store, publisher, scheduler or EC2 adapter
 * (start-up on a cold start). The services themselves are classes that take their ports at construction, so they stay
 * singletons holding those proxies.
 */
@ApplicationScoped
public class Workflow {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    RecommendationStore store(DynamoDbClient dynamo, SlicewiseConfig cfg) {
        return new DynamoDbRecommendationStore(dynamo, required(cfg.table(), "SLICEWISE_TABLE"), cfg.retention());
    }

    @Produces
    @ApplicationScoped
    Notifier notifier(SnsClient sns, SlicewiseConfig cfg) {
        return new SnsNotifier(sns, required(cfg.topicArn(), "SLICEWISE_TOPIC_ARN"));
    }

    @Produces
    @ApplicationScoped
    EventPublisher events(EventBridgeClient events, SlicewiseConfig cfg) {
        return new EventBridgePublisher(events, required(cfg.busName(), "SLICEWISE_BUS_NAME"));
    }

    /** The approval-link key; itself fetched on the first token, not here (SnapStart init). */
    @Produces
    @ApplicationScoped
    SigningKey signingKey(SecretsManagerClient secrets, SlicewiseConfig cfg) {
        return new SecretsManagerSigningKey(secrets, required(cfg.signingSecret(), "SLICEWISE_SIGNING_SECRET"));
    }

    @Produces
    @Singleton
    ApprovalTokens tokens(SigningKey key) {
        return new ApprovalTokens(key);
    }

    @Produces
    @Singleton
    MessageComposer composer() {
        return new MessageComposer();
    }

    @Produces
    @Singleton
    ClusterDirectory clusters(SlicewiseConfig cfg, Instance<EksClient> eks, Clock clock) {
        List<String> named = cfg.clusters().orElse(List.of());
        StaticClusters configured = new StaticClusters(named);
        // EKS only when the clusters are discovered by tag (an Instance: a named list costs no EKS client at all)
        return configured.names().isEmpty() ? EksTaggedClusters.forTag(eks.get(), cfg.discoveryTag(), clock) : configured;
    }

    @Produces
    @ApplicationScoped
    InstanceDirectory instances(Aws aws) {
        return new Ec2Instances(aws.ec2());
    }

    @Produces
    @ApplicationScoped
    RecheckScheduler recheck(SchedulerClient scheduler, SlicewiseConfig cfg) {
        return new SchedulerRecheck(scheduler, required(cfg.schedulerGroup(), "SLICEWISE_SCHEDULER_GROUP"),
                required(cfg.busArn(), "SLICEWISE_BUS_ARN"), required(cfg.schedulerRoleArn(), "SLICEWISE_SCHEDULER_ROLE_ARN"),
                cfg.schedulerDlqArn().orElse(null));
    }

    @Produces
    @Singleton
    AnalysisPolicy policy(SlicewiseConfig cfg) {
        SlicewiseConfig.Thresholds t = cfg.thresholds();
        DetectionPolicy d = DetectionPolicy.DEFAULT;
        PackingPolicy p = PackingPolicy.DEFAULT;
        AnalysisPolicy a = AnalysisPolicy.DEFAULT;
        return new AnalysisPolicy(
                new DetectionPolicy(t.maxP95UtilPct().orElse(d.maxP95UtilPct()), t.maxPeakMemFraction().orElse(d.maxPeakMemFraction()),
                        d.minCoverage(), d.minPoints(), d.minNodeAge(), d.idleMaxUtilPct()),
                new PackingPolicy(t.targetUtilPct().orElse(p.targetUtilPct()), t.memHeadroomFraction().orElse(p.memHeadroomFraction()),
                        t.maxReplicas().orElse(p.maxReplicas()), p.migComputeTargetPct()),
                t.hoursPerMonth().orElse(a.hoursPerMonth()), a.priceOverrideUsdPerHour());
    }

    @Produces
    @Singleton
    AnalysisService analysis(FleetSource fleet, Analyzer analyzer, RecommendationStore store, EventPublisher events,
                             Notifier notifier, MessageComposer composer, ApprovalTokens tokens, Clock clock,
                             SlicewiseConfig cfg, AnalysisPolicy policy, ContextSlicer slicer, ClusterObserver observer) {
        return new AnalysisService(fleet, analyzer, store, events, notifier, composer,
                new LinkFactory(URI.create(required(cfg.approvalUrl(), "SLICEWISE_APPROVAL_URL")), tokens), clock,
                new AnalysisService.Settings(cfg.lookback(), cfg.approvalValidity(), cfg.notifyNothingToDo(), policy), slicer, observer);
    }

    @Produces
    @Singleton
    TriggerService triggers(AnalysisService analysis, ClusterDirectory clusters, InstanceDirectory instances,
                            RecheckScheduler recheck, Clock clock, SlicewiseConfig cfg) {
        return new TriggerService(analysis, clusters, instances, recheck, clock, cfg.settlingDelay());
    }

    @Produces
    @Singleton
    FanOutService fanOut(ClusterDirectory clusters, EventPublisher events) {
        return new FanOutService(clusters, events);
    }

    @Produces
    @Singleton
    ApprovalService approvals(ApprovalTokens tokens, RecommendationStore store, EventPublisher events, ReviewPage page, Clock clock) {
        return new ApprovalService(tokens, store, events, page, clock);
    }

    @Produces
    @Singleton
    ApplyService apply(RecommendationStore store, PlanApplier applier, EventPublisher events, Notifier notifier,
                       MessageComposer composer, ApprovalTokens tokens, Clock clock, SlicewiseConfig cfg) {
        Optional<LinkFactory> links = cfg.approvalUrl().map(u -> new LinkFactory(URI.create(u), tokens));
        return new ApplyService(store, applier, events, notifier, composer, links, clock, cfg.applyLease(), cfg.approvalValidity());
    }

    static String required(Optional<String> value, String env) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalStateException(env + " is not set for this function"));
    }
}
