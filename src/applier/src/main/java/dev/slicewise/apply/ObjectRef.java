package dev.slicewise.apply;

/** A Kubernetes object the applier reads or writes, by kind, namespace (null when cluster-scoped) and name. */
public record ObjectRef(Kind kind, String namespace, String name) {

    public ObjectRef {
        if (kind == null || name == null || name.isBlank()) throw new IllegalArgumentException("kind and name are required");
        if (kind.namespaced() != (namespace != null)) {
            throw new IllegalArgumentException(kind.kind() + (kind.namespaced() ? " needs a namespace" : " is cluster-scoped"));
        }
    }

    public static ObjectRef node(String name) {
        return new ObjectRef(Kind.NODE, null, name);
    }

    public static ObjectRef configMap(String namespace, String name) {
        return new ObjectRef(Kind.CONFIG_MAP, namespace, name);
    }

    public static ObjectRef clusterPolicy(String name) {
        return new ObjectRef(Kind.CLUSTER_POLICY, null, name);
    }

    public static ObjectRef nodePool(String name) {
        return new ObjectRef(Kind.NODE_POOL, null, name);
    }

    public static ObjectRef nodeOverlay(String name) {
        return new ObjectRef(Kind.NODE_OVERLAY, null, name);
    }

    @Override
    public String toString() {
        return kind.kind() + " " + (namespace == null ? "" : namespace + "/") + name;
    }

    /** The kinds the applier touches, with their API coordinates. */
    public enum Kind {
        NODE("", "v1", "Node", "nodes", false),
        CONFIG_MAP("", "v1", "ConfigMap", "configmaps", true),
        CLUSTER_POLICY("nvidia.com", "v1", "ClusterPolicy", "clusterpolicies", false),
        NODE_POOL("karpenter.sh", "v1", "NodePool", "nodepools", false),
        NODE_OVERLAY("karpenter.sh", "v1alpha1", "NodeOverlay", "nodeoverlays", false);

        private final String group;
        private final String version;
        private final String kind;
        private final String plural;
        private final boolean namespaced;

        Kind(String group, String version, String kind, String plural, boolean namespaced) {
            this.group = group;
            this.version = version;
            this.kind = kind;
            this.plural = plural;
            this.namespaced = namespaced;
        }

        public String group() {
            return group;
        }

        public String version() {
            return version;
        }

        public String apiVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        public String kind() {
            return kind;
        }

        public String plural() {
            return plural;
        }

        public boolean namespaced() {
            return namespaced;
        }
    }
}
