package dev.slicewise.workflow;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The scheduled run: one "Analyze Cluster Requested" event per enabled cluster, so every cluster is analysed by its
 * own invocation, in parallel, within Lambda's concurrency — and one slow or failing cluster delays no other.
 */
public final class FanOutService {
    private static final System.Logger LOG = System.getLogger(FanOutService.class.getName());

    public record Result(List<String> clusters) {
        public Result {
            clusters = List.copyOf(clusters);
        }
    }

    private final ClusterDirectory clusters;
    private final EventPublisher events;

    public FanOutService(ClusterDirectory clusters, EventPublisher events) {
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** @param reason shown on each analysis ({@code schedule}) */
    public Result fanOut(String reason, Instant at) {
        List<String> names = clusters.enabledClusters().stream().distinct().sorted().toList();
        if (names.isEmpty()) {
            LOG.log(Level.WARNING, "no cluster is enabled: set the Clusters parameter or tag clusters for discovery; nothing to analyse");
            return new Result(List.of());
        }
        events.publish(names.stream().map(c -> new WorkflowEvent.AnalyzeClusterRequested(c, null, reason, at)).toList());
        LOG.log(Level.INFO, "requested analysis of {0} cluster(s): {1}", names.size(), names);
        return new Result(names);
    }
}
