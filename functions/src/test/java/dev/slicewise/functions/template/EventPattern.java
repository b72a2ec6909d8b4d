package dev.slicewise.functions.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * EventBridge event-pattern matching, for the subset of the pattern language Slicewise's rules use (and a little more):
 * exact values, {@code prefix}, {@code suffix}, {@code anything-but}, {@code exists}, {@code equals-ignore-case}, nested
 * objects, array fields (a match of any element). An operator it does not know fails loudly instead of guessing.
 * Semantics per https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
public final class EventPattern {
    private EventPattern() {}

    public static boolean matches(JsonNode pattern, JsonNode event) {
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode value = event == null ? null : event.get(f.getKey());
            JsonNode p = f.getValue();
            if (p.isObject()) {
                if (value == null || !value.isObject() || !matches(p, value)) return false;
            } else if (p.isArray()) {
                if (!anyMatcher(p, value)) return false;
            } else {
                throw new IllegalArgumentException("pattern field " + f.getKey() + " must be an object or an array: " + p);
            }
        }
        return true;
    }

    private static boolean anyMatcher(JsonNode matchers, JsonNode value) {
        for (JsonNode m : matchers) {
            if (m.isObject() && m.has("exists")) {
                if (m.get("exists").asBoolean() == (value != null)) return true;
                continue;
            }
            if (value == null) continue;
            if (value.isArray()) {
                for (JsonNode v : value) if (one(m, v)) return true;
            } else if (one(m, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean one(JsonNode m, JsonNode v) {
        if (!m.isObject()) return m.equals(v) || (m.isNumber() && v.isNumber() && m.asDouble() == v.asDouble());
        String op = m.fieldNames().next();
        JsonNode arg = m.get(op);
        return switch (op) {
            case "prefix" -> v.isTextual() && v.asText().startsWith(arg.asText());
            case "suffix" -> v.isTextual() && v.asText().endsWith(arg.asText());
            case "equals-ignore-case" -> v.isTextual() && v.asText().equalsIgnoreCase(arg.asText());
            case "anything-but" -> {
                if (arg.isArray()) {
                    for (JsonNode a : arg) if (a.equals(v)) yield false;
                    yield true;
                }
                if (arg.isObject()) yield !one(arg, v);
                yield !arg.equals(v);
            }
            default -> throw new IllegalArgumentException("pattern operator not supported by this matcher: " + op);
        };
    }
}
