package dev.slicewise.workflow;

import java.util.List;

/** The clusters named in the stack's Clusters parameter. */
public record StaticClusters(List<String> names) implements ClusterDirectory {
    public StaticClusters {
        names = names.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    public List<String> enabledClusters() {
        return names;
    }
}
