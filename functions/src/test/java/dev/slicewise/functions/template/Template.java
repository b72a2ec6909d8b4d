package dev.slicewise.functions.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.functions.support.Repo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** template.yaml as data (JSON tree, intrinsics in long form). */
public final class Template {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One EventBridgeRule event source of a function. */
    public record Rule(String function, String name, JsonNode properties) {
        public JsonNode pattern() {
            return properties.get("Pattern");
        }

        /** null = the default bus; else the logical id it refers to */
        public String busRef() {
            JsonNode b = properties.get("EventBusName");
            return b == null ? null : b.path("Ref").asText(null);
        }
    }

    public final JsonNode root;

    private Template(JsonNode root) {
        this.root = root;
    }

    public static Template load() {
        return new Template(JSON.valueToTree(CfnYaml.load(Repo.read("template.yaml"))));
    }

    public Map<String, JsonNode> functions() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        root.path("Resources").fields().forEachRemaining(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) out.put(e.getKey(), e.getValue());
        });
        return out;
    }

    public List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        functions().forEach((fn, def) -> def.at("/Properties/Events").fields().forEachRemaining(e -> {
            if ("EventBridgeRule".equals(e.getValue().path("Type").asText())) out.add(new Rule(fn, e.getKey(), e.getValue().get("Properties")));
        }));
        return out;
    }

    public Rule rule(String name) {
        return rules().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException("no rule " + name));
    }

    public JsonNode resource(String logicalId) {
        return root.path("Resources").path(logicalId);
    }
}
