package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * Content fingerprints of the parts of an object a plan depends on, so the applier can tell "someone edited this
 * since the analysis" from "a controller wrote its status". {@code resourceVersion} cannot tell them apart: Karpenter
 * writes NodePool status, the GPU Operator writes ClusterPolicy status, and kubelets write Node status all the time.
 *
 * <ul>
 *   <li>ConfigMap: {@code data} and {@code binaryData} (every named config, not just ours: an edit to another key
 *       still means the analysis looked at something else);</li>
 *   <li>Node: the sharing labels the applier may write ({@link #NODE_LABELS}) and {@code spec.unschedulable};</li>
 *   <li>ClusterPolicy: {@code spec.devicePlugin.config}, {@code spec.mig}, {@code spec.migManager.config};</li>
 *   <li>NodePool, NodeOverlay: the whole {@code spec}.</li>
 * </ul>
 */
public final class Fingerprints {
    /** Node labels whose value a plan decides. */
    public static final List<String> NODE_LABELS = List.of("nvidia.com/device-plugin.config", "nvidia.com/mig.config");

    private Fingerprints() {}

    /** sha256 of the canonical JSON of the relevant part, or null when the object does not exist. */
    public static String of(ObjectRef.Kind kind, JsonNode object) {
        if (object == null || object.isNull() || object.isMissingNode()) return null;
        return sha256(canonicalJson(relevant(kind, object)));
    }

    static JsonNode relevant(ObjectRef.Kind kind, JsonNode o) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        switch (kind) {
            case CONFIG_MAP -> {
                out.set("data", o.path("data").isObject() ? o.get("data") : JsonNodeFactory.instance.objectNode());
                if (o.path("binaryData").isObject() && !o.get("binaryData").isEmpty()) out.set("binaryData", o.get("binaryData"));
            }
            case NODE -> {
                ObjectNode labels = out.putObject("labels");
                for (String key : NODE_LABELS) {
                    JsonNode v = o.path("metadata").path("labels").get(key);
                    if (v != null) labels.set(key, v);
                }
                out.put("unschedulable", o.path("spec").path("unschedulable").asBoolean(false));
            }
            case CLUSTER_POLICY -> {
                JsonNode spec = o.path("spec");
                setIfPresent(out, "devicePlugin.config", spec.path("devicePlugin").path("config"));
                setIfPresent(out, "mig", spec.path("mig"));
                setIfPresent(out, "migManager.config", spec.path("migManager").path("config"));
            }
            case NODE_POOL, NODE_OVERLAY -> setIfPresent(out, "spec", o.path("spec"));
        }
        return out;
    }

    private static void setIfPresent(ObjectNode out, String key, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) out.set(key, value);
    }

    /** JSON with object keys sorted at every level, so equal content gives equal text. */
    public static String canonicalJson(JsonNode node) {
        return sorted(node).toString();
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                fields.put(k, sorted(node.get(k)));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
