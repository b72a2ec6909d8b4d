package dev.slicewise.apply;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON helpers shared by the applier: conversions, server-field stripping, "does A already contain B". */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Fields the API server owns: they change on every write and are never part of a before-image comparison. */
    static final List<String> SERVER_METADATA = List.of("resourceVersion", "managedFields", "generation", "selfLink");

    private Json() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ObjectNode toNode(GenericKubernetesResource resource) {
        return resource == null ? null : parse(Serialization.asJson(resource));
    }

    static ObjectNode parse(String json) {
        try {
            return json == null ? null : (ObjectNode) MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    static GenericKubernetesResource toResource(JsonNode node) {
        return Serialization.unmarshal(node.toString(), GenericKubernetesResource.class);
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy without the server's bookkeeping ({@link #SERVER_METADATA}), so two images compare by content. */
    static ObjectNode withoutServerFields(JsonNode object) {
        ObjectNode copy = object.deepCopy();
        JsonNode meta = copy.path("metadata");
        if (meta.isObject()) SERVER_METADATA.forEach(((ObjectNode) meta)::remove);
        return copy;
    }

    /**
     * Whether {@code actual} already holds everything {@code wanted} says: objects recursively (extra keys in
     * {@code actual} are fine), lists and scalars exactly. This is what "applying this SSA body changes nothing" means.
     */
    static boolean contains(JsonNode actual, JsonNode wanted) {
        if (wanted == null || wanted.isNull()) return actual == null || actual.isNull() || actual.isMissingNode();
        if (actual == null || actual.isMissingNode()) return false;
        if (wanted.isObject()) {
            if (!actual.isObject()) return false;
            for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!contains(actual.get(e.getKey()), e.getValue())) return false;
            }
            return true;
        }
        if (wanted.isNumber() && actual.isNumber()) return wanted.decimalValue().compareTo(actual.decimalValue()) == 0;
        return wanted.equals(actual);
    }

    /** {@code base} with {@code patch} merged in: objects recursively, lists and scalars replaced. */
    static ObjectNode merge(JsonNode base, JsonNode patch) {
        ObjectNode out = base == null || !base.isObject() ? object() : ((ObjectNode) base).deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = out.get(e.getKey());
            if (e.getValue().isObject() && existing != null && existing.isObject()) {
                out.set(e.getKey(), merge(existing, e.getValue()));
            } else {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }

    static String text(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) n = n == null ? null : n.path(p);
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
