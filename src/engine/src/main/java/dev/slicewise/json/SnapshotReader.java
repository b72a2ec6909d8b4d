package dev.slicewise.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.engine.InputProblem;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.NodePoolInfo;
import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One pass over a parsed snapshot document. Rules (also in docs/formats.md):
 * <ul>
 *   <li>the frame (schemaVersion, collectedAt, window, clusters) must be sound, else the document is rejected;</li>
 *   <li>an item missing a required field, or holding one of the wrong type, is left out with one problem naming it;</li>
 *   <li>a GPU's (or workload's) metrics that are not usable — NaN, negative, utilization above 100 %, arrays of
 *       different lengths, a series not aligned with the window — are dropped, never repaired; the GPU stays;</li>
 *   <li>the second of two items with the same name is left out; unknown fields are reported and ignored.</li>
 * </ul>
 * Memory above the GPU's capacity is not checked here: that needs the catalog, and is the engine's call.
 *
 * <p>Items are named as the engine names them: {@code cluster}, {@code cluster/node}, {@code cluster/node/device},
 * {@code cluster/namespace/pod}, {@code cluster/nodepool}, and {@code fleet} for the document; an item without a
 * usable name by its position ({@code cluster/nodes[3]}).
 */
final class SnapshotReader {

    private static final Set<String> ROOT = Set.of("schemaVersion", "collectedAt", "window", "clusters");
    private static final Set<String> WINDOW = Set.of("start", "end", "stepSeconds");
    private static final Set<String> CLUSTER = Set.of("name", "region", "nodePools", "nodes", "workloads", "devicePlugin", "notes");
    private static final Set<String> POOL = Set.of("name", "kind", "templateLabels", "limits", "instanceTypes", "capacityTypes");
    private static final Set<String> NODE = Set.of("name", "nodePool", "instanceType", "capacityType", "createdAt", "labels",
            "allocatableGpus", "gpus");
    private static final Set<String> GPU = Set.of("device", "uuid", "metrics");
    private static final Set<String> WORKLOAD = Set.of("namespace", "pod", "owner", "node", "gpuDevices", "gpuResource",
            "gpuCount", "cpuMillis", "memoryMiB", "metrics");
    private static final Set<String> PLUGIN = Set.of("mode", "namespace", "configMap", "defaultConfig", "configs", "migStrategy");
    private static final Set<String> METRICS = Set.of("util", "memUsedMiB", "smActive", "grEngineActive");
    private static final Set<String> SERIES = Set.of("start", "stepSeconds", "avg", "max", "samples");

    /** Item name for the document itself; the engine uses the same one for fleet-wide problems. */
    static final String FLEET = "fleet";

    private final List<InputProblem> problems = new ArrayList<>();
    private Window window;

    SnapshotRead read(JsonNode root) throws JsonFormatException {
        if (root == null || root.isMissingNode()) throw new JsonFormatException("empty document: expected a fleet snapshot");
        if (!root.isObject()) throw new JsonFormatException("expected a JSON object at the top level, found " + kind(root));
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isTextual()) {
            throw new JsonFormatException("not a fleet snapshot: 'schemaVersion' is missing (expected \""
                    + FleetSnapshot.SCHEMA_VERSION + "\")");
        }
        if (!version.asText().equals(FleetSnapshot.SCHEMA_VERSION)) {
            throw new JsonFormatException("unsupported schemaVersion \"" + version.asText() + "\": this build reads \""
                    + FleetSnapshot.SCHEMA_VERSION + "\"");
        }
        unknownFields(root, ROOT, FLEET, "");
        Instant collectedAt = frameInstant(root, "collectedAt");
        window = frameWindow(root.get("window"));
        JsonNode clusters = root.get("clusters");
        if (clusters == null || !clusters.isArray()) {
            throw new JsonFormatException("'clusters' must be an array" + (clusters == null ? " (it is missing)" : ""));
        }
        List<ClusterSnapshot> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < clusters.size(); i++) {
            ClusterSnapshot c = cluster(clusters.get(i), i);
            if (c == null) continue;
            Integer first = seen.putIfAbsent(c.name(), i);
            if (first != null) {
                problem(c.name(), "clusters[" + i + "] has the same name as clusters[" + first + "]; the first is kept, this one is left out");
            } else {
                out.add(c);
            }
        }
        return new SnapshotRead(new FleetSnapshot(FleetSnapshot.SCHEMA_VERSION, collectedAt, window, out), problems);
    }

    // --------------------------------------------------------------------------------------------------- frame

    private static Instant frameInstant(JsonNode parent, String field) throws JsonFormatException {
        JsonNode v = parent.get(field);
        if (v == null || !v.isTextual()) {
            throw new JsonFormatException("'" + field + "' must be an ISO-8601 instant such as \"2026-11-23T10:00:00Z\""
                    + (v == null ? " (it is missing)" : ""));
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new JsonFormatException("'" + field + "' is not an ISO-8601 instant: \"" + v.asText() + "\"");
        }
    }

    private Window frameWindow(JsonNode w) throws JsonFormatException {
        if (w == null || !w.isObject()) {
            throw new JsonFormatException("'window' must be an object {start, end, stepSeconds}" + (w == null ? " (it is missing)" : ""));
        }
        unknownFields(w, WINDOW, FLEET, "window.");
        Instant start = frameInstant(w, "start");
        Instant end = frameInstant(w, "end");
        JsonNode step = w.get("stepSeconds");
        if (step == null || !step.canConvertToLong() || !step.isIntegralNumber() || step.asLong() <= 0) {
            throw new JsonFormatException("'window.stepSeconds' must be a positive integer");
        }
        if (!end.isAfter(start)) throw new JsonFormatException("'window.end' " + end + " is not after 'window.start' " + start);
        long seconds = Duration.between(start, end).toSeconds();
        if (seconds % step.asLong() != 0) {
            throw new JsonFormatException("the window (" + seconds + " s) is not a whole number of steps of " + step.asLong() + " s");
        }
        return new Window(start, end, Duration.ofSeconds(step.asLong()));
    }

    // ------------------------------------------------------------------------------------------------ clusters

    private ClusterSnapshot cluster(JsonNode node, int index) {
        String fallback = "clusters[" + index + "]";
        if (!node.isObject()) {
            problem(fallback, "expected an object, found " + kind(node) + "; left out");
            return null;
        }
        Fields f = new Fields(node, nameOr(node, "name", fallback), "", CLUSTER);
        String name = f.reqText("name");
        String region = f.reqText("region");
        if (f.failed("cluster")) return null;

        List<NodePoolInfo> pools = new ArrayList<>();
        JsonNode poolArray = f.optArray("nodePools");
        Map<String, Integer> poolNames = new HashMap<>();
        for (int i = 0; poolArray != null && i < poolArray.size(); i++) {
            NodePoolInfo p = nodePool(poolArray.get(i), name, i);
            if (p != null && unique(poolNames, p.name(), i, name + "/" + p.name(), "nodePools")) pools.add(p);
        }

        List<GpuNode> nodes = new ArrayList<>();
        JsonNode nodeArray = f.optArray("nodes");
        Map<String, Integer> nodeNames = new HashMap<>();
        for (int i = 0; nodeArray != null && i < nodeArray.size(); i++) {
            GpuNode n = node(nodeArray.get(i), name, i);
            if (n != null && unique(nodeNames, n.name(), i, name + "/" + n.name(), "nodes")) nodes.add(n);
        }

        List<GpuWorkload> workloads = new ArrayList<>();
        JsonNode workloadArray = f.optArray("workloads");
        Map<String, Integer> podIds = new HashMap<>();
        for (int i = 0; workloadArray != null && i < workloadArray.size(); i++) {
            GpuWorkload w = workload(workloadArray.get(i), name, i);
            if (w != null && unique(podIds, w.id(), i, name + "/" + w.id(), "workloads")) workloads.add(w);
        }

        DevicePluginSetup plugin = devicePlugin(f.optObject("devicePlugin"), name);
        List<String> notes = f.optStrings("notes");
        return new ClusterSnapshot(name, region, pools, nodes, workloads, plugin, notes);
    }

    private boolean unique(Map<String, Integer> seen, String key, int index, String item, String array) {
        Integer first = seen.putIfAbsent(key, index);
        if (first == null) return true;
        problem(item, array + "[" + index + "] has the same name as " + array + "[" + first
                + "]; the first is kept, this one is left out");
        return false;
    }

    private NodePoolInfo nodePool(JsonNode node, String cluster, int index) {
        String item = cluster + "/" + (node.isObject() ? nameOr(node, "name", "nodePools[" + index + "]") : "nodePools[" + index + "]");
        if (!node.isObject()) {
            problem(item, "expected an object, found " + kind(node) + "; left out");
            return null;
        }
        Fields f = new Fields(node, item, "", POOL);
        String name = f.reqText("name");
        NodePoolInfo.PoolKind kind = f.reqEnum("kind", NodePoolInfo.PoolKind.class);
        if (f.failed("node pool")) return null;
        return new NodePoolInfo(name, kind, f.optStringMap("templateLabels"), f.optStringMap("limits"),
                f.optStrings("instanceTypes"), f.optStrings("capacityTypes"));
    }

    private GpuNode node(JsonNode node, String cluster, int index) {
        String item = cluster + "/" + (node.isObject() ? nameOr(node, "name", "nodes[" + index + "]") : "nodes[" + index + "]");
        if (!node.isObject()) {
            problem(item, "expected an object, found " + kind(node) + "; left out");
            return null;
        }
        Fields f = new Fields(node, item, "", NODE);
        String name = f.reqText("name");
        String instanceType = f.reqText("instanceType");
        Instant createdAt = f.reqInstant("createdAt");
        Integer allocatable = f.reqInt("allocatableGpus");
        JsonNode gpuArray = f.reqArray("gpus");
        if (f.failed("node")) return null;

        List<GpuDevice> gpus = new ArrayList<>();
        Map<String, Integer> devices = new HashMap<>();
        for (int i = 0; i < gpuArray.size(); i++) {
            GpuDevice g = gpu(gpuArray.get(i), item, i);
            if (g != null && unique(devices, g.device(), i, item + "/" + g.device(), "gpus")) gpus.add(g);
        }
        return new GpuNode(name, f.optText("nodePool"), instanceType, f.optText("capacityType"), createdAt,
                f.optStringMap("labels"), allocatable, gpus);
    }

    private GpuDevice gpu(JsonNode node, String nodeItem, int index) {
        String item = nodeItem + "/" + (node.isObject() ? nameOr(node, "device", "gpus[" + index + "]") : "gpus[" + index + "]");
        if (!node.isObject()) {
            problem(item, "expected an object, found " + kind(node) + "; left out");
            return null;
        }
        Fields f = new Fields(node, item, "", GPU);
        String device = f.reqText("device");
        if (f.failed("GPU")) return null;
        return new GpuDevice(device, f.optText("uuid"), metrics(f.optObject("metrics"), item, "this GPU"));
    }

    private GpuWorkload workload(JsonNode node, String cluster, int index) {
        String item = cluster + "/" + (node.isObject() && node.path("namespace").isTextual() && node.path("pod").isTextual()
                ? node.get("namespace").asText() + "/" + node.get("pod").asText()
                : "workloads[" + index + "]");
        if (!node.isObject()) {
            problem(item, "expected an object, found " + kind(node) + "; left out");
            return null;
        }
        Fields f = new Fields(node, item, "", WORKLOAD);
        String namespace = f.reqText("namespace");
        String pod = f.reqText("pod");
        String onNode = f.reqText("node");
        String resource = f.reqText("gpuResource");
        Integer count = f.reqInt("gpuCount");
        if (f.failed("workload")) return null;
        Integer cpu = f.optInt("cpuMillis");
        Integer mem = f.optInt("memoryMiB");
        return new GpuWorkload(namespace, pod, f.optText("owner"), onNode, f.optStrings("gpuDevices"), resource, count,
                cpu == null ? 0 : cpu, mem == null ? 0 : mem, metrics(f.optObject("metrics"), item, "this workload"));
    }

    private DevicePluginSetup devicePlugin(JsonNode node, String cluster) {
        if (node == null) return null;
        Fields f = new Fields(node, cluster, "devicePlugin.", PLUGIN);
        DevicePluginSetup.Mode mode = f.reqEnum("mode", DevicePluginSetup.Mode.class);
        if (f.failed("devicePlugin")) return null;
        return new DevicePluginSetup(mode, f.optText("namespace"), f.optText("configMap"), f.optText("defaultConfig"),
                f.optStringMap("configs"), f.optText("migStrategy"));
    }

    // ----------------------------------------------------------------------------------------------- metrics

    private GpuMetrics metrics(JsonNode node, String item, String whose) {
        if (node == null) return null;
        unknownFields(node, METRICS, item, "metrics.");
        List<String> errors = new ArrayList<>();
        UsageSeries util = series(node.get("util"), item, "metrics.util", true, true, errors);
        UsageSeries mem = series(node.get("memUsedMiB"), item, "metrics.memUsedMiB", true, false, errors);
        UsageSeries sm = series(node.get("smActive"), item, "metrics.smActive", false, true, errors);
        UsageSeries gr = series(node.get("grEngineActive"), item, "metrics.grEngineActive", false, true, errors);
        if (!errors.isEmpty()) {
            problem(item, String.join("; ", errors) + "; the metrics of " + whose + " are dropped");
            return null;
        }
        return new GpuMetrics(util, mem, sm, gr);
    }

    /** Returns null (and adds to {@code errors}) when the series is unusable; null without error when absent and optional. */
    private UsageSeries series(JsonNode node, String item, String where, boolean required, boolean percent, List<String> errors) {
        if (node == null || node.isNull()) {
            if (required) errors.add("missing required field '" + where + "'");
            return null;
        }
        if (!node.isObject()) {
            errors.add("'" + where + "' must be an object {start, stepSeconds, avg, max, samples}");
            return null;
        }
        unknownFields(node, SERIES, item, where + ".");
        int before = errors.size();
        Instant start = null;
        JsonNode s = node.get("start");
        if (s == null || !s.isTextual()) errors.add("'" + where + ".start' must be an ISO-8601 instant");
        else {
            try {
                start = Instant.parse(s.asText());
            } catch (DateTimeParseException e) {
                errors.add("'" + where + ".start' is not an ISO-8601 instant: \"" + s.asText() + "\"");
            }
        }
        JsonNode step = node.get("stepSeconds");
        if (step == null || !step.isIntegralNumber() || !step.canConvertToLong() || step.asLong() <= 0) {
            errors.add("'" + where + ".stepSeconds' must be a positive integer");
        }
        double[] avg = values(node.get("avg"), where + ".avg", true, percent, errors);
        double[] max = values(node.get("max"), where + ".max", false, percent, errors);
        long[] samples = counts(node.get("samples"), where + ".samples", errors);
        if (errors.size() > before) return null;

        if (max != null && max.length != avg.length) {
            errors.add("'" + where + "' has " + avg.length + " avg values but " + max.length + " max values");
        }
        if (samples != null && samples.length != avg.length) {
            errors.add("'" + where + "' has " + avg.length + " avg values but " + samples.length + " samples");
        }
        if (errors.size() > before) return null;
        if (!start.equals(window.start()) || step.asLong() != window.step().toSeconds() || avg.length != window.points()) {
            errors.add("'" + where + "' is not aligned with the window: it starts " + start + " with " + avg.length
                    + " steps of " + step.asLong() + " s, the window starts " + window.start() + " with " + window.points()
                    + " steps of " + window.step().toSeconds() + " s");
            return null;
        }
        if (max != null) {
            for (int i = 0; i < avg.length; i++) {
                if (Double.isNaN(avg[i]) != Double.isNaN(max[i])) {
                    errors.add("'" + where + "' has a gap in only one of avg/max at [" + i + "]");
                    return null;
                }
                // CloudWatch's Maximum is never below its Average; allow for rounding in the file.
                if (!Double.isNaN(avg[i]) && max[i] < avg[i] - 1e-6) {
                    errors.add("'" + where + ".max[" + i + "]' = " + max[i] + " is below avg = " + avg[i]);
                    return null;
                }
            }
        }
        return new UsageSeries(start, Duration.ofSeconds(step.asLong()), avg, max, samples);
    }

    private static double[] values(JsonNode node, String where, boolean required, boolean percent, List<String> errors) {
        if (node == null || node.isNull()) {
            if (required) errors.add("missing required field '" + where + "'");
            return null;
        }
        if (!node.isArray()) {
            errors.add("'" + where + "' must be an array of numbers (null for a gap)");
            return null;
        }
        double[] out = new double[node.size()];
        int bad = 0;
        String first = null;
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            String why = null;
            if (v.isNull()) {
                out[i] = Double.NaN;
                continue;
            }
            if (!v.isNumber()) why = "is " + kind(v) + ", not a number";
            else {
                double d = v.asDouble();
                if (Double.isNaN(d)) why = "is NaN (write a gap as null)";
                else if (Double.isInfinite(d)) why = "is infinite";
                else if (d < 0) why = "= " + d + " is negative";
                else if (percent && d > 100) why = "= " + d + " is above 100 %";
                out[i] = d;
            }
            if (why != null) {
                if (bad++ == 0) first = "'" + where + "[" + i + "]' " + why;
            }
        }
        if (bad > 0) {
            errors.add(first + (bad > 1 ? " (and " + (bad - 1) + " more bad value" + (bad > 2 ? "s" : "") + " in this array)" : ""));
            return null;
        }
        return out;
    }

    private static long[] counts(JsonNode node, String where, List<String> errors) {
        if (node == null || node.isNull()) return null;
        if (!node.isArray()) {
            errors.add("'" + where + "' must be an array of non-negative integers");
            return null;
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (v.isNull()) continue; // no samples in that step
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                errors.add("'" + where + "[" + i + "]' must be a non-negative integer, found " + v);
                return null;
            }
            out[i] = v.asLong();
        }
        return out;
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private void problem(String item, String message) {
        problems.add(new InputProblem(item, message));
    }

    private void unknownFields(JsonNode node, Set<String> known, String item, String prefix) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) unknown.add("'" + prefix + name + "'");
        }
        if (!unknown.isEmpty()) {
            problem(item, "unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + " ignored");
        }
    }

    private static String nameOr(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : fallback;
    }

    static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string " + v;
            case NUMBER -> "the number " + v;
            case BOOLEAN -> v.asText();
            case NULL -> "null";
            default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * Field access for one item: required fields that are missing or ill-typed make the item fail (collected into one
     * problem by {@link #failed}); optional fields that are ill-typed are reported and treated as absent.
     */
    private final class Fields {
        private final JsonNode node;
        private final String item;
        private final String prefix;
        private final List<String> errors = new ArrayList<>();

        Fields(JsonNode node, String item, String prefix, Set<String> known) {
            this.node = node;
            this.item = item;
            this.prefix = prefix;
            unknownFields(node, known, item, prefix);
        }

        /** True (after adding one problem) when a required field was missing or wrong. */
        boolean failed(String what) {
            if (errors.isEmpty()) return false;
            problem(item, String.join("; ", errors) + "; this " + what + " is left out");
            return true;
        }

        private String where(String f) {
            return "'" + prefix + f + "'";
        }

        private JsonNode req(String f) {
            JsonNode v = node.get(f);
            if (v == null || v.isNull()) {
                errors.add("missing required field " + where(f));
                return null;
            }
            return v;
        }

        private JsonNode opt(String f) {
            JsonNode v = node.get(f);
            return v == null || v.isNull() ? null : v;
        }

        private void ignored(String f, String expected, JsonNode v) {
            problem(item, where(f) + " must be " + expected + ", found " + kind(v) + "; ignored");
        }

        String reqText(String f) {
            JsonNode v = req(f);
            if (v == null) return null;
            if (!v.isTextual() || v.asText().isBlank()) {
                errors.add(where(f) + " must be a non-empty string, found " + kind(v));
                return null;
            }
            return v.asText();
        }

        String optText(String f) {
            JsonNode v = opt(f);
            if (v == null) return null;
            if (!v.isTextual()) {
                ignored(f, "a string", v);
                return null;
            }
            return v.asText();
        }

        Integer reqInt(String f) {
            JsonNode v = req(f);
            if (v == null) return null;
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                errors.add(where(f) + " must be an integer >= 0, found " + kind(v));
                return null;
            }
            return v.asInt();
        }

        Integer optInt(String f) {
            JsonNode v = opt(f);
            if (v == null) return null;
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                ignored(f, "an integer >= 0", v);
                return null;
            }
            return v.asInt();
        }

        Instant reqInstant(String f) {
            String s = reqText(f);
            if (s == null) return null;
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                errors.add(where(f) + " is not an ISO-8601 instant: \"" + s + "\"");
                return null;
            }
        }

        <E extends Enum<E>> E reqEnum(String f, Class<E> type) {
            String s = reqText(f);
            if (s == null) return null;
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(s.replace('-', '_'))) return e;
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) names.add(e.name());
            errors.add(where(f) + " is \"" + s + "\", expected one of " + names);
            return null;
        }

        JsonNode reqArray(String f) {
            JsonNode v = req(f);
            if (v == null) return null;
            if (!v.isArray()) {
                errors.add(where(f) + " must be an array, found " + kind(v));
                return null;
            }
            return v;
        }

        JsonNode optArray(String f) {
            JsonNode v = opt(f);
            if (v == null) return null;
            if (!v.isArray()) {
                ignored(f, "an array", v);
                return null;
            }
            return v;
        }

        JsonNode optObject(String f) {
            JsonNode v = opt(f);
            if (v == null) return null;
            if (!v.isObject()) {
                ignored(f, "an object", v);
                return null;
            }
            return v;
        }

        List<String> optStrings(String f) {
            JsonNode v = optArray(f);
            if (v == null) return List.of();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (v.get(i).isTextual()) out.add(v.get(i).asText());
                else problem(item, where(f + "[" + i + "]") + " must be a string, found " + kind(v.get(i)) + "; ignored");
            }
            return out;
        }

        Map<String, String> optStringMap(String f) {
            JsonNode v = optObject(f);
            if (v == null) return Map.of();
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue().isTextual()) out.put(e.getKey(), e.getValue().asText());
                else problem(item, where(f + "." + e.getKey()) + " must be a string, found " + kind(e.getValue()) + "; ignored");
            }
            return out;
        }
    }
}
