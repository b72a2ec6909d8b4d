package dev.slicewise.collect;

import dev.slicewise.progress.Progress;

import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.Window;
import dev.slicewise.workflow.FleetSource;
import dev.slicewise.workflow.UnknownClusterException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Function;

/**
 * The workflow's fleet port on the live collector: a {@link LiveFleetSource} opened per collection — its clients, the
 * EKS DescribeCluster and the IAM token belong to one invocation (nothing is fetched during Lambda SnapStart init, no
 * token outlives its 15 minutes) — and closed after it. A cluster that does not exist, or that Slicewise may not read,
 * is an {@link UnknownClusterException}: the same event would fail the same way, so it is not retried.
 */
public final class ClusterFleetSource implements FleetSource {
    private static final System.Logger LOG = System.getLogger(ClusterFleetSource.class.getName());

    private final Function<String, LiveFleetSource> open;

    /** @param open opens the collector for a cluster name (production: {@code LiveFleetSource.open(ClusterTarget.eks(name, region), …)}) */
    public ClusterFleetSource(Function<String, LiveFleetSource> open) {
        this.open = Objects.requireNonNull(open, "open");
    }

    @Override
    public FleetSnapshot collect(String cluster, Window window) {
        try (LiveFleetSource live = open.apply(cluster)) {
            CollectionResult r = live.collect(window, LOGGED);
            for (CollectionNote n : r.notes()) {
                Level level = switch (n.severity()) {
                    case INFO -> Level.INFO;
                    case WARNING -> Level.WARNING;
                    case ERROR -> Level.ERROR; // a whole source failed: the analysis sees gaps, never invented data
                };
                LOG.log(level, "cluster {0}: {1}", cluster, n);
            }
            LOG.log(Level.INFO, "cluster {0}: collected {1} GPU node(s) from {2}; CloudWatch: {3}", cluster,
                    r.snapshot().clusters().stream().mapToInt(c -> c.nodes().size()).sum(), r.telemetrySource(), r.cost());
            return r.snapshot();
        } catch (CollectionException e) {
            if (e.permanent()) throw new UnknownClusterException(e.getMessage(), e);
            throw e;
        }
    }

    /** The collector's phases as log lines (the Lambda's progress display). */
    private static final Progress LOGGED = new Progress() {
        @Override
        public void step(String c, String message) {
            LOG.log(Level.INFO, "cluster {0}: {1}", c, message);
        }

        @Override
        public void batch(String c, String what, int done, int total) {
            LOG.log(Level.DEBUG, "cluster {0}: {1} {2}/{3}", c, what, done, total);
        }
    };
}
