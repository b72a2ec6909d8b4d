package dev.slicewise.workflow;

import java.util.Map;
import java.util.Optional;

/**
 * Port: what an EC2 instance is. EC2 state-change events carry only the instance id, so the NodePool and cluster
 * come from the instance's tags (adapter: ec2:DescribeInstances + DescribeInstanceTypes).
 */
public interface InstanceDirectory {
    Optional<Instance> describe(String instanceId);

    /** @param gpus physical NVIDIA GPUs of its instance type (0 for CPU-only types) */
    record Instance(String instanceId, String instanceType, int gpus, Map<String, String> tags) {
        public static final String NODEPOOL_TAG = "karpenter.sh/nodepool";
        public static final String CLUSTER_TAG = "eks:eks-cluster-name";
        public static final String LEGACY_CLUSTER_TAG_PREFIX = "kubernetes.io/cluster/";

        public Instance {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        public Optional<String> nodePool() {
            return Optional.ofNullable(tags.get(NODEPOOL_TAG));
        }

        /** Karpenter tags its instances with {@code eks:eks-cluster-name} and {@code kubernetes.io/cluster/<name>}. */
        public Optional<String> cluster() {
            String c = tags.get(CLUSTER_TAG);
            if (c != null) return Optional.of(c);
            return tags.keySet().stream().filter(k -> k.startsWith(LEGACY_CLUSTER_TAG_PREFIX))
                    .map(k -> k.substring(LEGACY_CLUSTER_TAG_PREFIX.length())).filter(s -> !s.isEmpty()).findFirst();
        }
    }
}
