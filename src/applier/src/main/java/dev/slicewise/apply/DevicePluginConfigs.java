package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.slicewise.plan.PlanStep;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads, checks and writes NVIDIA k8s-device-plugin configuration files ({@code version: v1}).
 *
 * <p>The plugin's own parser is lenient: it drops unknown keys silently (a {@code renameByDefault} under
 * {@code flags} does nothing, k8s-device-plugin#1433) and neutralises {@code rename}/{@code devices}. So this parser
 * is strict: every key must be one the plugin v0.20.0 reads at that place, and the rules the plugin enforces at
 * parse or start-up time (replicas >= 2, non-empty resources, MPS replicas <= 48, no MPS with MIG, …) are checked
 * here, before anything reaches the cluster. Source: k8s-device-plugin v0.20.0 {@code api/config/v1}.
 */
public final class DevicePluginConfigs {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern RESOURCE = Pattern.compile("^nvidia\\.com/(gpu|mig-[0-9]+g\\.[0-9]+gb(\\.me)?)$");

    private static final Map<String, Set<String>> KEYS = Map.ofEntries(
            Map.entry("", Set.of("version", "flags", "resources", "sharing", "imex")),
            Map.entry("flags", Set.of("migStrategy", "failOnInitError", "mpsRoot", "nvidiaDriverRoot", "nvidiaDevRoot",
                    "gdrcopyEnabled", "gdsEnabled", "mofedEnabled", "useNodeFeatureAPI", "deviceDiscoveryStrategy", "plugin", "gfd")),
            Map.entry("flags.plugin", Set.of("passDeviceSpecs", "deviceListStrategy", "deviceIDStrategy", "cdiAnnotationPrefix",
                    "nvidiaCTKPath", "containerDriverRoot", "sharedDevicesAllocationPolicy")),
            Map.entry("flags.gfd", Set.of("oneshot", "noTimestamp", "sleepInterval", "outputFile", "machineTypeFile")),
            Map.entry("sharing", Set.of("timeSlicing", "mps")),
            Map.entry("sharing.timeSlicing", Set.of("renameByDefault", "failRequestsGreaterThanOne", "resources")),
            Map.entry("sharing.mps", Set.of("renameByDefault", "failRequestsGreaterThanOne", "resources")),
            Map.entry("sharing.timeSlicing.resources[]", Set.of("name", "replicas", "rename", "devices")),
            Map.entry("sharing.mps.resources[]", Set.of("name", "replicas", "rename", "devices")),
            Map.entry("imex", Set.of("channelIDs", "required")));

    private DevicePluginConfigs() {}

    /** A parsed, valid config: what the plugin will advertise. */
    public record Parsed(String migStrategy, Sharing timeSlicing, Sharing mps) {
        /** The extended resource a shared resource is advertised under ({@code nvidia.com/gpu.shared} when renamed). */
        public static String advertised(String resource, boolean renameByDefault) {
            return renameByDefault ? resource + ".shared" : resource;
        }
    }

    /** One sharing block: replicas per resource, in file order. */
    public record Sharing(boolean renameByDefault, boolean failRequestsGreaterThanOne, Map<String, Integer> replicas) {}

    /** The config a time-slicing step writes when the plan carries no YAML text of its own. */
    public static String render(PlanStep.DevicePluginConfig step) {
        return "version: v1\n"
                + "sharing:\n"
                + "  timeSlicing:\n"
                + "    renameByDefault: " + step.renameByDefault() + "\n"
                + "    failRequestsGreaterThanOne: " + step.failRequestsGreaterThanOne() + "\n"
                + "    resources:\n"
                + "    - name: nvidia.com/gpu\n"
                + "      replicas: " + step.replicas() + "\n";
    }

    /** The text to write for a step: its own YAML when it carries one (what the approver saw), else {@link #render}. */
    public static String textFor(PlanStep.DevicePluginConfig step) {
        return step.yaml() == null || step.yaml().isBlank() ? render(step) : step.yaml();
    }

    /**
     * Everything wrong with a time-slicing step: its name, its numbers, and its YAML (which must say exactly what the
     * step's fields say, or the approver approved something else than what would be written). Empty when valid.
     */
    public static List<String> problems(PlanStep.DevicePluginConfig step) {
        List<String> problems = new ArrayList<>();
        String where = "device-plugin config '" + step.configName() + "'";
        if (!KubeNames.validConfigMapKey(step.configName())) {
            problems.add(where + ": the name is not a valid ConfigMap key ([-._a-zA-Z0-9]+)");
        }
        problems.addAll(KubeNames.labelProblems("nvidia.com/device-plugin.config", step.configName()).stream()
                .map(p -> where + ": the name cannot be a node label value (" + p + ")").toList());
        if (step.replicas() < 2) {
            problems.add(where + ": replicas must be >= 2 (the plugin rejects " + step.replicas() + ")");
        }
        List<String> yamlProblems = new ArrayList<>();
        Parsed parsed = parse(textFor(step), yamlProblems);
        yamlProblems.forEach(p -> problems.add(where + ": " + p));
        if (parsed != null) {
            Sharing ts = parsed.timeSlicing();
            if (ts == null) {
                problems.add(where + ": the YAML has no sharing.timeSlicing block");
            } else {
                Integer replicas = ts.replicas().get("nvidia.com/gpu");
                if (replicas == null || replicas != step.replicas()) {
                    problems.add(where + ": the YAML says nvidia.com/gpu replicas " + replicas + " but the plan says " + step.replicas());
                }
                if (ts.renameByDefault() != step.renameByDefault()) {
                    problems.add(where + ": the YAML says renameByDefault " + ts.renameByDefault() + " but the plan says " + step.renameByDefault());
                }
                if (ts.failRequestsGreaterThanOne() != step.failRequestsGreaterThanOne()) {
                    problems.add(where + ": the YAML says failRequestsGreaterThanOne " + ts.failRequestsGreaterThanOne()
                            + " but the plan says " + step.failRequestsGreaterThanOne());
                }
            }
        }
        return problems;
    }

    /** Parses strictly; appends every problem to {@code problems} and returns null when there is any. */
    public static Parsed parse(String yaml, List<String> problems) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml == null ? "" : yaml);
        } catch (Exception e) {
            problems.add("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
        if (root == null || !root.isObject()) {
            problems.add("the config must be a YAML mapping");
            return null;
        }
        int before = problems.size();
        checkKeys(root, "", problems);
        if (!"v1".equals(root.path("version").asText(null))) {
            problems.add("version must be v1 (was " + root.path("version").asText("missing") + ")");
        }
        if (root.has("resources")) {
            problems.add("top-level 'resources' is ignored by the plugin (custom resource naming is not supported)");
        }
        String migStrategy = root.path("flags").path("migStrategy").asText(null);
        if (migStrategy != null && !Set.of("none", "single", "mixed").contains(migStrategy)) {
            problems.add("flags.migStrategy must be none, single or mixed (was " + migStrategy + ")");
        }
        Sharing ts = sharing(root.path("sharing").path("timeSlicing"), "sharing.timeSlicing", 0, problems);
        Sharing mps = sharing(root.path("sharing").path("mps"), "sharing.mps", 48, problems);
        if (ts != null && mps != null) {
            problems.add("both sharing.timeSlicing and sharing.mps are set: MPS silently wins, time-slicing would be ignored");
        }
        if (mps != null && "mixed".equals(migStrategy)) problems.add("MPS cannot be combined with migStrategy mixed");
        if (mps != null && mps.replicas().keySet().stream().anyMatch(r -> r.startsWith("nvidia.com/mig-"))) {
            problems.add("MPS cannot share MIG devices");
        }
        return problems.size() > before ? null : new Parsed(migStrategy, ts, mps);
    }

    private static Sharing sharing(JsonNode block, String path, int maxReplicas, List<String> problems) {
        if (block.isMissingNode() || block.isNull()) return null;
        JsonNode resources = block.path("resources");
        if (!resources.isArray() || resources.isEmpty()) {
            problems.add(path + ".resources must list at least one resource (the plugin fails with 'no resources specified')");
            return null;
        }
        Map<String, Integer> replicas = new LinkedHashMap<>();
        for (JsonNode r : resources) {
            String name = r.path("name").asText("");
            if (name.isEmpty()) {
                problems.add(path + ".resources: an entry has no name");
                continue;
            }
            String qualified = name.contains("/") ? name : "nvidia.com/" + name;
            if (qualified.length() > 63 || !RESOURCE.matcher(qualified).matches()) {
                problems.add(path + ".resources: '" + name + "' is not nvidia.com/gpu or an nvidia.com/mig-<profile> resource");
            }
            JsonNode n = r.path("replicas");
            if (!n.isInt()) {
                problems.add(path + ".resources[" + name + "]: replicas must be an integer (was " + (n.isMissingNode() ? "missing" : n) + ")");
                continue;
            }
            int count = n.asInt();
            if (count < 2) problems.add(path + ".resources[" + name + "]: replicas must be >= 2 (was " + count + ")");
            if (maxReplicas > 0 && count > maxReplicas) {
                problems.add(path + ".resources[" + name + "]: MPS allows at most " + maxReplicas + " replicas (was " + count + ")");
            }
            if (r.has("rename")) problems.add(path + ".resources[" + name + "]: 'rename' is ignored by the plugin; use renameByDefault");
            if (r.has("devices") && !"all".equals(r.path("devices").asText())) {
                problems.add(path + ".resources[" + name + "]: devices other than 'all' are ignored (no per-GPU sharing)");
            }
            if (replicas.put(qualified, count) != null) problems.add(path + ".resources: '" + qualified + "' is listed twice");
        }
        JsonNode rename = block.path("renameByDefault");
        JsonNode fail = block.path("failRequestsGreaterThanOne");
        if (!rename.isMissingNode() && !rename.isBoolean()) problems.add(path + ".renameByDefault must be true or false");
        if (!fail.isMissingNode() && !fail.isBoolean()) problems.add(path + ".failRequestsGreaterThanOne must be true or false");
        // MPS defaults failRequestsGreaterThanOne to true (v0.20.0), time-slicing to false
        boolean failDefault = path.endsWith("mps");
        return new Sharing(rename.asBoolean(false), fail.isBoolean() ? fail.asBoolean() : failDefault, replicas);
    }

    private static void checkKeys(JsonNode node, String path, List<String> problems) {
        Set<String> allowed = KEYS.get(path);
        if (allowed == null || !node.isObject()) return;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String child = path.isEmpty() ? key : path + "." + key;
            if (!allowed.contains(key)) {
                problems.add("unknown key '" + child + "' (the plugin would silently ignore it)");
                continue;
            }
            JsonNode value = node.get(key);
            if (value.isArray()) {
                for (JsonNode item : value) checkKeys(item, child + "[]", problems);
            } else {
                checkKeys(value, child, problems);
            }
        }
    }
}
