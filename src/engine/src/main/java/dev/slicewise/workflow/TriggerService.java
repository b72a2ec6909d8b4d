package dev.slicewise.workflow;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Event-triggered analysis. "Analyze" requests and low-utilization alarms analyse at once; a new GPU instance only
 * schedules a re-check of its NodePool after a settling delay — right after a scale-up the new node is empty and its
 * utilization says nothing yet, and a burst of new nodes should cause one re-check, not one per node.
 */
public final class TriggerService {
    private static final System.Logger LOG = System.getLogger(TriggerService.class.getName());

    public enum Kind { ANALYZED, RECHECK_SCHEDULED, RECHECK_ALREADY_SCHEDULED, IGNORED }

    /** @param analysis the analysis result when one ran, else null */
    public record Result(Kind kind, String detail, AnalysisService.Result analysis) {
        static Result ignored(String detail) {
            LOG.log(Level.INFO, "ignored: {0}", detail);
            return new Result(Kind.IGNORED, detail, null);
        }
    }

    private final AnalysisService analysis;
    private final ClusterDirectory clusters;
    private final InstanceDirectory instances;
    private final RecheckScheduler scheduler;
    private final Clock clock;
    private final Duration settlingDelay;

    public TriggerService(AnalysisService analysis, ClusterDirectory clusters, InstanceDirectory instances,
                          RecheckScheduler scheduler, Clock clock, Duration settlingDelay) {
        this.analysis = Objects.requireNonNull(analysis, "analysis");
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.instances = Objects.requireNonNull(instances, "instances");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settlingDelay = Objects.requireNonNull(settlingDelay, "settlingDelay");
    }

    public Result handle(Trigger trigger) {
        return switch (trigger) {
            case Trigger.AnalyzeCluster a -> analyze(a.cluster(), a.nodePool(), a.reason(), a.eventId());
            case Trigger.AlarmFired a -> "ALARM".equals(a.state())
                    ? analyze(a.cluster(), null, "alarm " + a.alarmName(), a.eventId())
                    : Result.ignored("alarm " + a.alarmName() + " went to " + a.state() + "; only ALARM triggers an analysis");
            case Trigger.InstanceRunning r -> newCapacity(r);
        };
    }

    private Result analyze(String cluster, String nodePool, String reason, String eventId) {
        if (!clusters.enabledClusters().contains(cluster)) {
            return Result.ignored("cluster " + cluster + " is not enabled for Slicewise (" + reason + ")");
        }
        AnalysisService.Result r = analysis.analyze(new AnalysisService.Request(cluster, nodePool, reason, eventId));
        return new Result(Kind.ANALYZED, cluster + (nodePool == null ? "" : "/" + nodePool) + ": " + r.created()
                + " recommendation(s) created", r);
    }

    private Result newCapacity(Trigger.InstanceRunning r) {
        Optional<InstanceDirectory.Instance> found = instances.describe(r.instanceId());
        if (found.isEmpty()) return Result.ignored("instance " + r.instanceId() + " not found (already terminated?)");
        InstanceDirectory.Instance i = found.get();
        if (i.gpus() == 0) return Result.ignored("instance " + i.instanceId() + " (" + i.instanceType() + ") has no GPU");
        Optional<String> pool = i.nodePool();
        Optional<String> cluster = i.cluster();
        if (pool.isEmpty() || cluster.isEmpty()) {
            return Result.ignored("GPU instance " + i.instanceId() + " is not a Karpenter node of a known cluster (tags "
                    + InstanceDirectory.Instance.NODEPOOL_TAG + ", " + InstanceDirectory.Instance.CLUSTER_TAG + " missing)");
        }
        if (!clusters.enabledClusters().contains(cluster.get())) {
            return Result.ignored("cluster " + cluster.get() + " of instance " + i.instanceId() + " is not enabled for Slicewise");
        }
        Instant at = clock.instant().plus(settlingDelay);
        boolean scheduled = scheduler.scheduleRecheck(cluster.get(), pool.get(), at,
                "new GPU capacity: " + i.instanceId() + " (" + i.instanceType() + ")");
        String detail = cluster.get() + "/" + pool.get() + " re-check at " + at;
        LOG.log(Level.INFO, "{0}: {1}", scheduled ? "scheduled" : "already scheduled", detail);
        return new Result(scheduled ? Kind.RECHECK_SCHEDULED : Kind.RECHECK_ALREADY_SCHEDULED, detail, null);
    }
}
