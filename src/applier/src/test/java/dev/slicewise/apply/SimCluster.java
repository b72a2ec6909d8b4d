package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The controllers that react to what the applier writes, simulated one tick per poll of the applier's waiter (so the
 * tests are fast and deterministic):
 * <ul>
 *   <li>kubelet: copies a ConfigMap's data into each node's "mount" {@link #mountLagTicks} ticks after it changes;</li>
 *   <li>device plugin (config-manager): reads the config named by {@code nvidia.com/device-plugin.config} from the
 *       mount and advertises {@code gpus x replicas} (under {@code .shared} when renamed); a label naming a config the
 *       mount lacks is an error and changes nothing;</li>
 *   <li>MIG manager: on a new {@code nvidia.com/mig.config} value (or {@code pending} state) fails while GPU pods run,
 *       else applies the layout of the mounted mig-parted config (mixed/single per the ClusterPolicy) and sets
 *       {@code mig.config.state=success}; faults: FAIL, STUCK_PENDING;</li>
 *   <li>GPU jobs: pods annotated {@code sim.slicewise.dev/finishes-after-ticks} finish that many ticks after their node
 *       is cordoned;</li>
 *   <li>Karpenter: marks NodeOverlays Ready (or Ready=False with {@link #overlayRejection}; nothing when the feature
 *       gate is off).</li>
 * </ul>
 */
public final class SimCluster implements Waiter, MountedConfigProbe {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String FINISHES = "sim.slicewise.dev/finishes-after-ticks";
    static final String PCI = "sim.slicewise.dev/pci-id";

    enum MigFault { NONE, FAIL, STUCK_PENDING, REBOOT }

    private final KubernetesClient client;
    private final ManualClock clock;
    final String namespace;
    /** Standalone mode: the device-plugin ConfigMap as namespace/name (no ClusterPolicy to read it from). */
    String standaloneConfigMap;
    int mountLagTicks = 2;
    boolean devicePluginBroken;
    MigFault migFault = MigFault.NONE;
    boolean overlayFeatureGate = true;
    String overlayRejection;
    int ticks;
    /** Times the config-manager saw a label naming a config its mount did not carry yet (the race the applier avoids). */
    int configManagerErrors;

    private final Map<String, Map<String, String>> mountedPlugin = new HashMap<>();
    private final Map<String, String> mountedMig = new HashMap<>();
    private final Map<String, Integer> pluginLag = new HashMap<>();
    private final Map<String, Integer> migLag = new HashMap<>();
    private final Map<String, String> migApplied = new HashMap<>();
    private final Map<String, Integer> podTicks = new HashMap<>();

    public SimCluster(KubernetesClient client, ManualClock clock, String namespace) {
        this.client = client;
        this.clock = clock;
        this.namespace = namespace;
    }

    /** Takes the fixture as the settled state: mounts are current, the MIG layouts in place. */
    public SimCluster settle() {
        for (Node n : gpuNodes()) {
            String name = n.getMetadata().getName();
            mountedPlugin.put(name, pluginData());
            mountedMig.put(name, migConfigYaml());
            String state = n.getMetadata().getLabels().get(PlanCompiler.MIG_STATE_LABEL);
            if ("success".equals(state)) migApplied.put(name, n.getMetadata().getLabels().get(PlanCompiler.MIG_LABEL));
        }
        return this;
    }

    @Override
    public void sleep(Duration duration) {
        clock.advance(duration);
        tick();
    }

    public void tick() {
        ticks++;
        kubelet();
        jobs();
        devicePlugin();
        migManager();
        karpenter();
    }

    @Override
    public boolean carries(String node, Component component, String configName, String content) {
        if (component == Component.DEVICE_PLUGIN) {
            String mounted = mountedPlugin.getOrDefault(node, Map.of()).get(configName);
            return mounted != null && mounted.strip().equals(content.strip());
        }
        try {
            JsonNode mounted = YAML.readTree(mountedMig.getOrDefault(node, "{}")).path("mig-configs").get(configName);
            return mounted != null && Fingerprints.canonicalJson(mounted).equals(Fingerprints.canonicalJson(YAML.readTree(content)));
        } catch (Exception e) {
            return false;
        }
    }

    // ---- state reads -------------------------------------------------------------------------------------------

    List<Node> gpuNodes() {
        return client.nodes().list().getItems().stream()
                .filter(n -> n.getMetadata().getLabels() != null && n.getMetadata().getLabels().containsKey(PlanCompiler.GPU_COUNT_LABEL))
                .toList();
    }

    JsonNode clusterPolicy() {
        List<GenericKubernetesResource> cps = client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                .withGroup("nvidia.com").withVersion("v1").withKind("ClusterPolicy").withPlural("clusterpolicies").withNamespaced(false).build())
                .list().getItems();
        return cps.isEmpty() ? Json.object() : Json.toNode(cps.get(0));
    }

    Map<String, String> pluginData() {
        String ns = namespace;
        String name = Json.text(clusterPolicy(), "spec", "devicePlugin", "config", "name");
        if (standaloneConfigMap != null) {
            ns = standaloneConfigMap.split("/")[0];
            name = standaloneConfigMap.split("/")[1];
        }
        if (name == null) return Map.of();
        ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
        return cm == null || cm.getData() == null ? Map.of() : new TreeMap<>(cm.getData());
    }

    String migConfigYaml() {
        String name = Json.text(clusterPolicy(), "spec", "migManager", "config", "name");
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name == null ? PlanScope.DEFAULT_MIG_CONFIG_MAP : name).get();
        return cm == null || cm.getData() == null ? "{}" : cm.getData().getOrDefault("config.yaml", "{}");
    }

    // ---- controllers -------------------------------------------------------------------------------------------

    private void kubelet() {
        Map<String, String> plugin = pluginData();
        String mig = migConfigYaml();
        for (Node n : gpuNodes()) {
            String name = n.getMetadata().getName();
            if (!plugin.equals(mountedPlugin.get(name))) {
                if (pluginLag.merge(name, 1, Integer::sum) >= mountLagTicks) {
                    mountedPlugin.put(name, plugin);
                    pluginLag.remove(name);
                }
            }
            if (!mig.equals(mountedMig.get(name))) {
                if (migLag.merge(name, 1, Integer::sum) >= mountLagTicks) {
                    mountedMig.put(name, mig);
                    migLag.remove(name);
                }
            }
        }
    }

    private void jobs() {
        for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
            String after = p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(FINISHES);
            if (after == null) continue;
            Node node = client.nodes().withName(p.getSpec().getNodeName()).get();
            if (node == null || !Boolean.TRUE.equals(node.getSpec().getUnschedulable())) continue;
            String key = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
            int left = podTicks.getOrDefault(key, Integer.parseInt(after)) - 1;
            podTicks.put(key, left);
            if (left <= 0) client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
        }
    }

    private void devicePlugin() {
        if (devicePluginBroken) return;
        String fallback = Json.text(clusterPolicy(), "spec", "devicePlugin", "config", "default");
        for (Node n : gpuNodes()) {
            Map<String, String> labels = n.getMetadata().getLabels();
            String mig = labels.get(PlanCompiler.MIG_LABEL);
            if (mig != null && !mig.equals("all-disabled")) continue; // the MIG manager owns such nodes' resources
            String name = n.getMetadata().getName();
            String config = labels.getOrDefault(PlanCompiler.DP_LABEL, fallback);
            int gpus = Integer.parseInt(labels.get(PlanCompiler.GPU_COUNT_LABEL));
            Map<String, String> resources = new TreeMap<>();
            if (config == null) {
                resources.put("nvidia.com/gpu", String.valueOf(gpus));
            } else {
                String text = mountedPlugin.getOrDefault(name, Map.of()).get(config);
                if (text == null) { // config-manager: "specified config does not exist"; nothing changes
                    configManagerErrors++;
                    continue;
                }
                JsonNode ts;
                try {
                    ts = YAML.readTree(text).path("sharing").path("timeSlicing");
                } catch (Exception e) {
                    continue;
                }
                int replicas = 1;
                for (JsonNode r : ts.path("resources")) {
                    if (List.of("gpu", "nvidia.com/gpu").contains(r.path("name").asText())) replicas = r.path("replicas").asInt(1);
                }
                if (replicas > 1 && ts.path("renameByDefault").asBoolean(false)) {
                    resources.put("nvidia.com/gpu", "0");
                    resources.put("nvidia.com/gpu.shared", String.valueOf(gpus * replicas));
                } else {
                    resources.put("nvidia.com/gpu", String.valueOf(gpus * replicas));
                }
            }
            advertise(name, resources);
        }
    }

    private void migManager() {
        String strategy = Json.text(clusterPolicy(), "spec", "mig", "strategy");
        for (Node n : gpuNodes()) {
            Map<String, String> labels = n.getMetadata().getLabels();
            String want = labels.get(PlanCompiler.MIG_LABEL);
            if (want == null) continue;
            String name = n.getMetadata().getName();
            String state = labels.get(PlanCompiler.MIG_STATE_LABEL);
            boolean applied = want.equals(migApplied.get(name));
            if (applied) {
                if ("pending".equals(state)) setState(name, "success");
                continue;
            }
            if ("failed".equals(state)) continue; // reacts to value changes only
            if (migFault == MigFault.REBOOT && !"rebooting".equals(state)) {
                setState(name, "rebooting"); // a MIG mode change that needed a node reboot (WITH_REBOOT=true)
                continue;
            }
            if (migFault == MigFault.STUCK_PENDING) {
                if (!"pending".equals(state)) setState(name, "pending");
                continue;
            }
            boolean busy = client.pods().inAnyNamespace().list().getItems().stream()
                    .anyMatch(p -> name.equals(p.getSpec().getNodeName()) && Kube.holdsGpu(p));
            if (busy || migFault == MigFault.FAIL) {
                setState(name, "failed"); // NVML: "in use by another client", or the injected fault
                continue;
            }
            Map<String, Integer> layout = layout(mountedMig.getOrDefault(name, "{}"), want, n.getMetadata().getAnnotations().get(PCI));
            if (layout == null) {
                setState(name, "failed");
                continue;
            }
            int gpus = Integer.parseInt(labels.get(PlanCompiler.GPU_COUNT_LABEL));
            Map<String, String> resources = new TreeMap<>();
            if (layout.isEmpty()) {
                resources.put("nvidia.com/gpu", String.valueOf(gpus));
            } else if ("single".equals(strategy)) {
                resources.put("nvidia.com/gpu", String.valueOf(gpus * layout.values().stream().mapToInt(Integer::intValue).sum()));
            } else {
                resources.put("nvidia.com/gpu", "0");
                layout.forEach((p, c) -> resources.put("nvidia.com/mig-" + p.replace('+', '.'), String.valueOf(gpus * c)));
            }
            advertise(name, resources);
            migApplied.put(name, want);
            setState(name, "success");
        }
    }

    /** Layout of config {@code name} for a GPU with {@code pci} (empty = MIG disabled), null when the config is missing. */
    private static Map<String, Integer> layout(String configYaml, String name, String pci) {
        try {
            JsonNode entries = YAML.readTree(configYaml).path("mig-configs").get(name);
            if (entries == null) return null;
            Map<String, Integer> layout = null;
            for (JsonNode e : entries) {
                JsonNode filter = e.path("device-filter");
                boolean matches = filter.isMissingNode() || filter.toString().toLowerCase().contains(String.valueOf(pci).toLowerCase());
                if (!matches) continue;
                layout = new LinkedHashMap<>();
                if (e.path("mig-enabled").asBoolean()) {
                    Map<String, Integer> l = layout;
                    e.path("mig-devices").fields().forEachRemaining(d -> l.put(d.getKey(), d.getValue().asInt()));
                }
            }
            return layout;
        } catch (Exception e) {
            return null;
        }
    }

    private void setState(String node, String state) {
        client.nodes().withName(node).edit(n -> {
            n.getMetadata().getLabels().put(PlanCompiler.MIG_STATE_LABEL, state);
            return n;
        });
    }

    /** Writes capacity and allocatable for the nvidia.com/* resources, leaving the others as they are. */
    private void advertise(String node, Map<String, String> resources) {
        Node n = client.nodes().withName(node).get();
        Map<String, Quantity> alloc = n.getStatus().getAllocatable();
        Map<String, String> current = new TreeMap<>();
        alloc.forEach((k, v) -> {
            if (k.startsWith("nvidia.com/")) current.put(k, v.toString());
        });
        if (current.equals(resources)) return;
        client.nodes().withName(node).editStatus(x -> {
            for (Map<String, Quantity> m : List.of(x.getStatus().getAllocatable(), x.getStatus().getCapacity())) {
                m.keySet().removeIf(k -> k.startsWith("nvidia.com/"));
                resources.forEach((k, v) -> m.put(k, new Quantity(v)));
            }
            return x;
        });
    }

    private void karpenter() {
        if (!overlayFeatureGate) return;
        var overlays = client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("karpenter.sh")
                .withVersion("v1alpha1").withKind("NodeOverlay").withPlural("nodeoverlays").withNamespaced(false).build());
        List<GenericKubernetesResource> items;
        try {
            items = overlays.list().getItems();
        } catch (RuntimeException e) {
            return; // CRD absent
        }
        for (GenericKubernetesResource o : items) {
            Object status = o.getAdditionalProperties().get("status");
            if (status != null) continue;
            boolean ok = overlayRejection == null;
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("type", "Ready");
            condition.put("status", ok ? "True" : "False");
            condition.put("reason", ok ? "Ready" : "ValidationFailed");
            condition.put("message", ok ? "" : overlayRejection);
            condition.put("lastTransitionTime", clock.instant().toString());
            overlays.withName(o.getMetadata().getName()).editStatus(x -> {
                x.getAdditionalProperties().put("status", Map.of("conditions", List.of(condition)));
                return x;
            });
        }
    }

    boolean stateIs(String node, String state) {
        return Objects.equals(state, client.nodes().withName(node).get().getMetadata().getLabels().get(PlanCompiler.MIG_STATE_LABEL));
    }
}
