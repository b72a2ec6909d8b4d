package dev.slicewise.workflow;

import java.util.List;

/** Port: the clusters Slicewise analyses (a configured list, or the EKS clusters carrying the enabling tag). */
public interface ClusterDirectory {
    List<String> enabledClusters();
}
