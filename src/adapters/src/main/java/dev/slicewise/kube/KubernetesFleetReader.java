package dev.slicewise.kube;

import dev.slicewise.collect.CollectionNote;
import dev.slicewise.collect.FleetReader;
import dev.slicewise.collect.KubeFleet;
import dev.slicewise.collect.KubeNode;
import dev.slicewise.collect.KubePod;
import dev.slicewise.collect.NodeOverlayInfo;
import dev.slicewise.collect.PodKey;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.NodePoolInfo;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads a cluster's GPU fleet with fabric8: GPU nodes, GPU pods, Karpenter NodePools (v1) and NodeOverlays
 * (v1alpha1), EKS managed node groups (from node labels), and the NVIDIA device-plugin setup (GPU Operator
 * ClusterPolicy + its ConfigMap, or the standalone plugin's DaemonSet + ConfigMap) so a new recommendation starts from
 * what is configured. Read-only: every call is a get or a list (see infra/k8s/slicewise-reader-rbac.yaml).
 *
 * <p>Nodes and pods are required (401/403 there ends the collection with the access entry / RBAC rule to add); the
 * rest is optional and becomes a note when absent or forbidden.
 */
public final class KubernetesFleetReader implements FleetReader {
    static final ResourceDefinitionContext NODE_POOLS = crd("karpenter.sh", "v1", "NodePool", "nodepools");
    static final ResourceDefinitionContext NODE_OVERLAYS = crd("karpenter.sh", "v1alpha1", "NodeOverlay", "nodeoverlays");
    static final ResourceDefinitionContext CLUSTER_POLICIES = crd("nvidia.com", "v1", "ClusterPolicy", "clusterpolicies");
    private static final long PAGE = 500;

    private final KubernetesClient client;

    public KubernetesFleetReader(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public KubeFleet read() {
        List<CollectionNote> notes = new ArrayList<>();
        List<KubeNode> nodes = readNodes();
        Set<String> gpuNodeNames = new TreeSet<>();
        nodes.forEach(n -> gpuNodeNames.add(n.name()));
        List<KubePod> pods = readPods(notes);

        boolean karpenter = served(NODE_POOLS, notes);
        List<NodePoolInfo> pools = new ArrayList<>();
        List<NodeOverlayInfo> overlays = new ArrayList<>();
        if (karpenter) {
            pools.addAll(readNodePools(nodes, notes));
            if (served(NODE_OVERLAYS, notes)) overlays.addAll(readOverlays(notes));
        } else {
            notes.add(CollectionNote.info("karpenter", "Karpenter is not installed (the API karpenter.sh/v1 NodePool is"
                    + " not served): node pools are the EKS managed node groups seen on the nodes, and plans cannot"
                    + " adjust NodePool limits or NodeOverlays"));
        }
        pools.addAll(managedNodeGroups(nodes));
        DevicePluginSetup plugin = readDevicePlugin(notes);

        if (nodes.isEmpty()) notes.add(CollectionNote.warn("cluster", "no GPU nodes found (no node has nvidia.com/gpu"
                + " capacity or GPU Feature Discovery labels)"));
        for (KubePod p : pods) {
            if (p.node() != null && !gpuNodeNames.contains(p.node())) {
                notes.add(CollectionNote.warn("pod " + p.key(), "requests " + p.gpuResource() + " but runs on node "
                        + p.node() + ", which does not look like a GPU node"));
            }
        }
        return new KubeFleet(nodes, pods, pools, overlays, karpenter, plugin, notes);
    }

    // ---------------------------------------------------------------- nodes

    private List<KubeNode> readNodes() {
        List<Node> all = new ArrayList<>();
        String cont = null;
        try {
            do {
                NodeList page = client.nodes().list(new ListOptionsBuilder().withLimit(PAGE).withContinue(cont).build());
                all.addAll(page.getItems());
                cont = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (cont != null && !cont.isEmpty());
        } catch (KubernetesClientException e) {
            throw KubeErrors.fatal(e, "list", "nodes");
        }
        List<KubeNode> out = new ArrayList<>();
        for (Node n : all) {
            Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
            Map<String, String> capacity = quantities(n.getStatus() == null ? null : n.getStatus().getCapacity());
            Map<String, String> allocatable = quantities(n.getStatus() == null ? null : n.getStatus().getAllocatable());
            if (!GpuCount.isGpuNode(labels, capacity)) continue;
            int physical = GpuCount.physical(labels, capacity);
            int alloc = intOf(allocatable.get(GpuCount.GPU_RESOURCE));
            String pool = first(labels, "karpenter.sh/nodepool", "eks.amazonaws.com/nodegroup");
            out.add(new KubeNode(n.getMetadata().getName(),
                    instanceId(n.getSpec() == null ? null : n.getSpec().getProviderID()),
                    first(labels, "node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type"),
                    pool,
                    capacityType(labels),
                    instant(n.getMetadata().getCreationTimestamp()),
                    labels, alloc, physical, GpuCount.shared(labels, alloc, physical)));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** {@code aws:///us-east-1a/i-0123456789abcdef0} → {@code i-0123456789abcdef0}. */
    static String instanceId(String providerId) {
        if (providerId == null || !providerId.startsWith("aws://")) return null;
        String last = providerId.substring(providerId.lastIndexOf('/') + 1);
        return last.startsWith("i-") ? last : null;
    }

    /** Karpenter writes on-demand/spot/reserved; EKS managed node groups write ON_DEMAND/SPOT. */
    static String capacityType(Map<String, String> labels) {
        String v = first(labels, "karpenter.sh/capacity-type", "eks.amazonaws.com/capacityType");
        return v == null ? null : v.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ---------------------------------------------------------------- pods

    private List<KubePod> readPods(List<CollectionNote> notes) {
        List<Pod> all = new ArrayList<>();
        String cont = null;
        try {
            do {
                PodList page = client.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit(PAGE).withContinue(cont).build());
                all.addAll(page.getItems());
                cont = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (cont != null && !cont.isEmpty());
        } catch (KubernetesClientException e) {
            throw KubeErrors.fatal(e, "list", "pods");
        }
        List<KubePod> out = new ArrayList<>();
        for (Pod p : all) {
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) continue;
            Map<String, Long> gpus = gpuRequests(p);
            if (gpus.isEmpty()) continue;
            PodKey key = new PodKey(p.getMetadata().getNamespace(), p.getMetadata().getName());
            String resource = gpus.keySet().iterator().next();
            if (gpus.size() > 1) {
                notes.add(CollectionNote.warn("pod " + key, "requests several GPU resources " + gpus.keySet()
                        + "; analysed as " + gpus.get(resource) + " × " + resource));
            }
            if (p.getSpec().getNodeName() == null) {
                notes.add(CollectionNote.info("pod " + key, "is pending (not scheduled) and requests "
                        + gpus.get(resource) + " × " + resource));
            }
            out.add(new KubePod(key, owner(p), p.getSpec().getNodeName(), phase, resource,
                    (int) (long) gpus.get(resource),
                    (int) sum(p, "cpu", q -> q.multiply(BigDecimal.valueOf(1000))),
                    sum(p, "memory", q -> q.divide(BigDecimal.valueOf(1024L * 1024), 0, java.math.RoundingMode.CEILING)),
                    p.getStatus() == null ? null : instant(p.getStatus().getStartTime())));
        }
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out;
    }

    /**
     * NVIDIA extended resources a pod asks for: per resource, the larger of the sum over containers and the largest init
     * container (the scheduler's effective request). Extended resources may be given as limits only.
     */
    static Map<String, Long> gpuRequests(Pod p) {
        Map<String, Long> sum = new TreeMap<>(), init = new TreeMap<>();
        for (Container c : p.getSpec().getContainers()) nvidia(c).forEach((k, v) -> sum.merge(k, v, Long::sum));
        if (p.getSpec().getInitContainers() != null) {
            for (Container c : p.getSpec().getInitContainers()) nvidia(c).forEach((k, v) -> init.merge(k, v, Math::max));
        }
        init.forEach((k, v) -> sum.merge(k, v, Math::max));
        sum.values().removeIf(v -> v <= 0);
        // nvidia.com/gpu first, then MIG and shared resources alphabetically
        Map<String, Long> ordered = new LinkedHashMap<>();
        if (sum.containsKey(GpuCount.GPU_RESOURCE)) ordered.put(GpuCount.GPU_RESOURCE, sum.get(GpuCount.GPU_RESOURCE));
        sum.forEach(ordered::putIfAbsent);
        return ordered;
    }

    private static Map<String, Long> nvidia(Container c) {
        Map<String, Long> out = new TreeMap<>();
        ResourceRequirements r = c.getResources();
        if (r == null) return out;
        Map<String, Quantity> req = r.getRequests() == null ? Map.of() : r.getRequests();
        Map<String, Quantity> lim = r.getLimits() == null ? Map.of() : r.getLimits();
        Set<String> keys = new TreeSet<>(req.keySet());
        keys.addAll(lim.keySet());
        for (String k : keys) {
            if (!k.startsWith("nvidia.com/")) continue;
            Quantity q = req.containsKey(k) ? req.get(k) : lim.get(k);
            out.put(k, q.getNumericalAmount().longValue());
        }
        return out;
    }

    private static long sum(Pod p, String resource, Function<BigDecimal, BigDecimal> unit) {
        BigDecimal total = BigDecimal.ZERO;
        for (Container c : p.getSpec().getContainers()) {
            if (c.getResources() == null || c.getResources().getRequests() == null) continue;
            Quantity q = c.getResources().getRequests().get(resource);
            if (q != null) total = total.add(q.getNumericalAmount());
        }
        return unit.apply(total).setScale(0, java.math.RoundingMode.CEILING).longValue();
    }

    /**
     * The controller that owns the pod. A Deployment's pods are owned by a ReplicaSet named
     * {@code <deployment>-<pod-template-hash>}; the hash is on the pod as a label, so the Deployment is named without
     * reading ReplicaSets (one permission fewer).
     */
    static String owner(Pod p) {
        List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
        OwnerReference ctl = refs == null ? null : refs.stream()
                .filter(r -> Boolean.TRUE.equals(r.getController())).findFirst()
                .orElse(refs.isEmpty() ? null : refs.get(0));
        if (ctl == null) return "Pod/" + p.getMetadata().getName();
        String hash = p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get("pod-template-hash");
        if ("ReplicaSet".equals(ctl.getKind()) && hash != null && ctl.getName().endsWith("-" + hash)) {
            return "Deployment/" + ctl.getName().substring(0, ctl.getName().length() - hash.length() - 1);
        }
        return ctl.getKind() + "/" + ctl.getName();
    }

    // ---------------------------------------------------------------- Karpenter

    /** Whether the API server serves the custom resource (the CRD is installed). */
    private boolean served(ResourceDefinitionContext ctx, List<CollectionNote> notes) {
        try {
            APIResourceList list = client.getApiResources(ctx.getGroup() + "/" + ctx.getVersion());
            if (list == null || list.getResources() == null) return false;
            for (APIResource r : list.getResources()) if (ctx.getPlural().equals(r.getName())) return true;
            return false;
        } catch (KubernetesClientException e) {
            if (KubeErrors.notFound(e)) return false;
            if (KubeErrors.denied(e)) {
                notes.add(CollectionNote.warn(ctx.getPlural() + "." + ctx.getGroup(), "API discovery denied: "
                        + KubeErrors.explain(e, "get", "/apis/" + ctx.getGroup() + "/" + ctx.getVersion())));
                return false;
            }
            throw e;
        }
    }

    private List<GenericKubernetesResource> listCustom(ResourceDefinitionContext ctx, List<CollectionNote> notes) {
        try {
            return client.genericKubernetesResources(ctx).list().getItems();
        } catch (KubernetesClientException e) {
            String resource = ctx.getPlural() + "." + ctx.getGroup();
            if (KubeErrors.denied(e)) {
                notes.add(CollectionNote.warn(resource, "not read: " + KubeErrors.explain(e, "list", resource)));
                return List.of();
            }
            if (KubeErrors.notFound(e)) return List.of();
            throw e;
        }
    }

    private List<NodePoolInfo> readNodePools(List<KubeNode> nodes, List<CollectionNote> notes) {
        Set<String> poolsWithGpuNodes = new TreeSet<>();
        nodes.forEach(n -> { if (n.labels().containsKey("karpenter.sh/nodepool")) poolsWithGpuNodes.add(n.nodePool()); });
        List<NodePoolInfo> out = new ArrayList<>();
        for (GenericKubernetesResource r : listCustom(NODE_POOLS, notes)) {
            String name = r.getMetadata().getName();
            Map<String, String> templateLabels = stringMap(r.get("spec", "template", "metadata", "labels"));
            Map<String, String> limits = stringMap(r.get("spec", "limits"));
            List<Map<String, Object>> reqs = listOfMaps(r.get("spec", "template", "spec", "requirements"));
            List<String> instanceTypes = values(reqs, "node.kubernetes.io/instance-type");
            List<String> capacityTypes = values(reqs, "karpenter.sh/capacity-type");
            // Karpenter's AWS provider defaults a NodePool without a capacity-type requirement to on-demand
            if (capacityTypes.isEmpty()) capacityTypes = List.of("on-demand");
            boolean gpu = poolsWithGpuNodes.contains(name) || limits.keySet().stream().anyMatch(k -> k.startsWith("nvidia.com/"))
                    || reqs.stream().anyMatch(KubernetesFleetReader::gpuRequirement)
                    || templateLabels.keySet().stream().anyMatch(k -> k.startsWith("nvidia.com/"))
                    || listOfMaps(r.get("spec", "template", "spec", "taints")).stream().anyMatch(t -> String.valueOf(t.get("key")).startsWith("nvidia.com/"));
            if (!gpu) continue; // CPU-only pools are not Slicewise's business
            out.add(new NodePoolInfo(name, NodePoolInfo.PoolKind.KARPENTER, templateLabels, limits, instanceTypes, capacityTypes));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    private static boolean gpuRequirement(Map<String, Object> req) {
        String key = String.valueOf(req.get("key"));
        if (key.startsWith("karpenter.k8s.aws/instance-gpu-")) return true;
        List<String> vals = strings(req.get("values"));
        if (key.equals("karpenter.k8s.aws/instance-category")) return vals.stream().anyMatch(v -> v.equals("g") || v.equals("p"));
        if (key.equals("karpenter.k8s.aws/instance-family") || key.equals("node.kubernetes.io/instance-type")) {
            return vals.stream().anyMatch(v -> v.startsWith("g") || v.startsWith("p"));
        }
        return false;
    }

    private List<NodeOverlayInfo> readOverlays(List<CollectionNote> notes) {
        List<NodeOverlayInfo> out = new ArrayList<>();
        for (GenericKubernetesResource r : listCustom(NODE_OVERLAYS, notes)) {
            List<String> reqs = new ArrayList<>();
            for (Map<String, Object> q : listOfMaps(r.get("spec", "requirements"))) {
                reqs.add(q.get("key") + " " + q.get("operator") + (q.get("values") == null ? "" : " " + strings(q.get("values"))));
            }
            Object weight = r.get("spec", "weight");
            out.add(new NodeOverlayInfo(r.getMetadata().getName(),
                    weight instanceof Number n ? n.intValue() : null,
                    reqs, stringMap(r.get("spec", "capacity")),
                    r.get("spec", "price") == null ? null : String.valueOf((Object) r.get("spec", "price")),
                    r.get("spec", "priceAdjustment") == null ? null : String.valueOf((Object) r.get("spec", "priceAdjustment"))));
        }
        return out;
    }

    /** EKS managed node groups, as far as the GPU nodes show them (the EKS API is not asked: one permission fewer). */
    private static List<NodePoolInfo> managedNodeGroups(List<KubeNode> nodes) {
        Map<String, Set<String>> types = new TreeMap<>(), capacity = new TreeMap<>();
        for (KubeNode n : nodes) {
            String group = n.labels().get("eks.amazonaws.com/nodegroup");
            if (group == null || n.labels().containsKey("karpenter.sh/nodepool")) continue;
            if (n.instanceType() != null) types.computeIfAbsent(group, k -> new TreeSet<>()).add(n.instanceType());
            else types.computeIfAbsent(group, k -> new TreeSet<>());
            if (n.capacityType() != null) capacity.computeIfAbsent(group, k -> new TreeSet<>()).add(n.capacityType());
        }
        List<NodePoolInfo> out = new ArrayList<>();
        types.forEach((g, t) -> out.add(new NodePoolInfo(g, NodePoolInfo.PoolKind.MANAGED_NODEGROUP, Map.of(), Map.of(),
                List.copyOf(t), List.copyOf(capacity.getOrDefault(g, Set.of())))));
        return out;
    }

    // ---------------------------------------------------------------- device plugin

    /**
     * Where the device-plugin configs live. GPU Operator: the ClusterPolicy names the ConfigMap
     * ({@code spec.devicePlugin.config.name}, in the operator's namespace, {@code status.namespace}) and the default
     * config. Standalone k8s-device-plugin chart: its DaemonSet mounts the ConfigMap and passes the default to the
     * config-manager sidecar as {@code DEFAULT_CONFIG}.
     */
    private DevicePluginSetup readDevicePlugin(List<CollectionNote> notes) {
        if (served(CLUSTER_POLICIES, notes)) {
            List<GenericKubernetesResource> policies = listCustom(CLUSTER_POLICIES, notes);
            if (!policies.isEmpty()) {
                GenericKubernetesResource cp = policies.get(0);
                if (policies.size() > 1) {
                    notes.add(CollectionNote.warn("clusterpolicies.nvidia.com", policies.size()
                            + " ClusterPolicies found; the GPU Operator uses one — reading " + cp.getMetadata().getName()));
                }
                String cmName = str(cp.get("spec", "devicePlugin", "config", "name"));
                String def = str(cp.get("spec", "devicePlugin", "config", "default"));
                String mig = str(cp.get("spec", "mig", "strategy"));
                String ns = str(cp.get("status", "namespace"));
                if (ns == null) ns = daemonSetNamespace(notes);
                Map<String, String> configs = cmName == null || ns == null ? Map.of() : configMapData(ns, cmName, notes);
                if (cmName == null) {
                    notes.add(CollectionNote.info("device plugin", "GPU Operator ClusterPolicy " + cp.getMetadata().getName()
                            + " names no device-plugin ConfigMap (spec.devicePlugin.config.name): no GPU sharing is configured yet"));
                }
                return new DevicePluginSetup(DevicePluginSetup.Mode.GPU_OPERATOR, ns, cmName, def, configs, mig);
            }
        }
        for (DaemonSet ds : pluginDaemonSets(notes)) {
            var spec = ds.getSpec().getTemplate().getSpec();
            String ns = ds.getMetadata().getNamespace();
            String def = null;
            for (Container c : concat(spec.getContainers(), spec.getInitContainers())) {
                if (c.getEnv() == null) continue;
                for (EnvVar e : c.getEnv()) if ("DEFAULT_CONFIG".equals(e.getName()) && e.getValue() != null) def = e.getValue();
            }
            String cmName = null;
            if (spec.getVolumes() != null) {
                for (Volume v : spec.getVolumes()) {
                    if (v.getConfigMap() != null) {
                        cmName = v.getConfigMap().getName();
                        break;
                    }
                }
            }
            Map<String, String> configs = cmName == null ? Map.of() : configMapData(ns, cmName, notes);
            return new DevicePluginSetup(DevicePluginSetup.Mode.STANDALONE, ns, cmName, def, configs, null);
        }
        notes.add(CollectionNote.info("device plugin", "no GPU Operator ClusterPolicy and no NVIDIA device-plugin DaemonSet"
                + " found (on Bottlerocket NVIDIA nodes the plugin is part of the OS and is configured through"
                + " settings.kubelet-device-plugins): the current sharing setup is unknown"));
        return new DevicePluginSetup(DevicePluginSetup.Mode.UNKNOWN, null, null, null, Map.of(), null);
    }

    private List<DaemonSet> pluginDaemonSets(List<CollectionNote> notes) {
        try {
            return client.apps().daemonSets().inAnyNamespace().list().getItems().stream()
                    .filter(ds -> ds.getSpec() != null && ds.getSpec().getTemplate().getSpec().getContainers().stream()
                            .anyMatch(c -> c.getImage() != null && c.getImage().contains("k8s-device-plugin")))
                    .toList();
        } catch (KubernetesClientException e) {
            if (KubeErrors.denied(e)) {
                notes.add(CollectionNote.warn("daemonsets.apps", "not read: " + KubeErrors.explain(e, "list", "daemonsets.apps")));
                return List.of();
            }
            throw e;
        }
    }

    private String daemonSetNamespace(List<CollectionNote> notes) {
        return pluginDaemonSets(notes).stream().map(d -> d.getMetadata().getNamespace()).findFirst().orElse(null);
    }

    private Map<String, String> configMapData(String ns, String name, List<CollectionNote> notes) {
        try {
            ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
            if (cm == null) {
                notes.add(CollectionNote.warn("configmap " + ns + "/" + name, "named as the device-plugin config but does not exist"));
                return Map.of();
            }
            return cm.getData() == null ? Map.of() : new TreeMap<>(cm.getData());
        } catch (KubernetesClientException e) {
            if (KubeErrors.denied(e)) {
                notes.add(CollectionNote.warn("configmap " + ns + "/" + name, "not read: " + KubeErrors.explain(e, "get", "configmaps")));
                return Map.of();
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ResourceDefinitionContext crd(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(false).build();
    }

    private static Map<String, String> quantities(Map<String, Quantity> q) {
        Map<String, String> out = new TreeMap<>();
        if (q != null) q.forEach((k, v) -> out.put(k, v.getNumericalAmount().stripTrailingZeros().toPlainString()));
        return out;
    }

    private static int intOf(String v) {
        if (v == null) return 0;
        try {
            return new BigDecimal(v).intValue();
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String first(Map<String, String> m, String... keys) {
        for (String k : keys) if (m.get(k) != null && !m.get(k).isEmpty()) return m.get(k);
        return null;
    }

    private static Instant instant(String ts) {
        return ts == null ? null : Instant.parse(ts);
    }

    private static String str(Object o) {
        return o == null || o.toString().isEmpty() ? null : o.toString();
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new TreeMap<>();
        if (o instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOfMaps(Object o) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (o instanceof List<?> l) for (Object e : l) if (e instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        return out;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) for (Object e : l) out.add(String.valueOf(e));
        return out;
    }

    private static List<String> values(List<Map<String, Object>> reqs, String key) {
        for (Map<String, Object> r : reqs) {
            if (key.equals(r.get("key")) && "In".equals(r.get("operator"))) return strings(r.get("values"));
        }
        return List.of();
    }

    private static List<Container> concat(List<Container> a, List<Container> b) {
        List<Container> out = new ArrayList<>(a == null ? List.of() : a);
        if (b != null) out.addAll(b);
        return out;
    }
}
