package dev.slicewise.aws.eks;

import dev.slicewise.workflow.ClusterDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * The EKS clusters of this account and region that carry the enabling tag (default {@code slicewise:enabled=true}):
 * eks:ListClusters, then eks:DescribeCluster for each, whose answer includes the cluster's tags. Cached for a few
 * minutes, because every event asks.
 */
public final class EksTaggedClusters implements ClusterDirectory {
    private final EksClient eks;
    private final String tagKey;
    private final String tagValue;
    private final Clock clock;
    private final Duration ttl;
    private volatile List<String> cached;
    private volatile Instant cachedAt = Instant.EPOCH;

    public EksTaggedClusters(EksClient eks, String tagKey, String tagValue, Clock clock, Duration ttl) {
        this.eks = Objects.requireNonNull(eks, "eks");
        this.tagKey = Objects.requireNonNull(tagKey, "tagKey");
        this.tagValue = Objects.requireNonNull(tagValue, "tagValue");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** {@code key=value}, e.g. {@code slicewise:enabled=true}. */
    public static EksTaggedClusters forTag(EksClient eks, String tag, Clock clock) {
        int eq = tag.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("discovery tag must be key=value: " + tag);
        return new EksTaggedClusters(eks, tag.substring(0, eq), tag.substring(eq + 1), clock, Duration.ofMinutes(5));
    }

    @Override
    public List<String> enabledClusters() {
        Instant now = clock.instant();
        List<String> c = cached;
        if (c != null && cachedAt.plus(ttl).isAfter(now)) return c;
        List<String> found = new ArrayList<>();
        for (String name : eks.listClustersPaginator(r -> r.maxResults(100)).clusters()) {
            Cluster cluster = eks.describeCluster(r -> r.name(name)).cluster();
            Map<String, String> tags = cluster.tags();
            if (tags != null && tagValue.equals(tags.get(tagKey))) found.add(name);
        }
        cached = List.copyOf(found);
        cachedAt = now;
        return cached;
    }
}
