package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real CRDs of data/k8s as JSON Schemas, to validate every object the applier writes the way the API server would.
 *
 * <p>OpenAPI v3 (Kubernetes flavour) → JSON Schema draft 4 (its {@code exclusiveMinimum} booleans match OpenAPI 3.0):
 * <ul>
 *   <li>{@code x-kubernetes-int-or-string}: {@code anyOf [integer, string]} (controller-gen already emits it; added when
 *       missing); a {@code pattern} next to it then applies to strings only, exactly like the API server, so
 *       {@code limits: {nvidia.com/gpu: 64}} passes and {@code "lots"} fails;</li>
 *   <li>{@code nullable: true}: the type also admits null;</li>
 *   <li>objects with {@code properties} and neither {@code additionalProperties} nor
 *       {@code x-kubernetes-preserve-unknown-fields}: {@code additionalProperties: false}, i.e. the server's Strict field
 *       validation that the applier requests (an unknown field is an error, not silently pruned);</li>
 *   <li>{@code x-kubernetes-list-type: set}: {@code uniqueItems};</li>
 *   <li>NOT evaluated: {@code x-kubernetes-validations} (CEL rules; counted in {@link #skippedCelRules}),
 *       list-map key uniqueness, defaults, and the Kubernetes-specific formats (int32, int64, duration).</li>
 * </ul>
 */
final class CrdSchemas {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Map<String, Schema> schemas = new HashMap<>();
    private final List<CustomResourceDefinition> crds = new ArrayList<>();
    int skippedCelRules;

    static Path dataDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("data/k8s"))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("data/k8s not found above " + Path.of("").toAbsolutePath());
        return dir.resolve("data/k8s");
    }

    static CrdSchemas load() {
        CrdSchemas out = new CrdSchemas();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
        try (Stream<Path> files = Files.list(dataDir())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode crd = YAML.readTree(f.toFile());
                if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) continue;
                out.crds.add(Serialization.unmarshal(Files.readString(f), CustomResourceDefinition.class));
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode v : crd.path("spec").path("versions")) {
                    JsonNode schema = out.convert(v.path("schema").path("openAPIV3Schema").deepCopy());
                    out.schemas.put(group + "/" + v.path("name").asText() + "/" + kind,
                            registry.getSchema(schema.toString(), InputFormat.JSON));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    List<CustomResourceDefinition> crds() {
        return crds;
    }

    boolean knows(String apiVersion, String kind) {
        return schemas.containsKey(apiVersion + "/" + kind);
    }

    /** Violations of the CRD schema ("/spec/limits/nvidia.com~1gpu: does not match the pattern …"); empty when valid. */
    List<String> validate(JsonNode object) {
        Schema schema = schemas.get(object.path("apiVersion").asText() + "/" + object.path("kind").asText());
        if (schema == null) return List.of();
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(object.toString(), InputFormat.JSON)) out.add(e.getInstanceLocation() + ": " + e.getMessage());
        return out;
    }

    JsonNode convert(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode n : node) convert(n);
            return node;
        }
        if (!node.isObject()) return node;
        ObjectNode o = (ObjectNode) node;
        if (o.has("x-kubernetes-validations")) {
            skippedCelRules += o.get("x-kubernetes-validations").size();
            o.remove("x-kubernetes-validations");
        }
        if (o.path("x-kubernetes-int-or-string").asBoolean(false) && !o.has("anyOf")) {
            ArrayNode any = o.putArray("anyOf");
            any.addObject().put("type", "integer");
            any.addObject().put("type", "string");
            o.remove("type");
        }
        if (o.path("nullable").asBoolean(false) && o.has("type")) {
            ArrayNode types = YAML.createArrayNode();
            types.add(o.get("type").asText());
            types.add("null");
            o.set("type", types);
        }
        o.remove("nullable");
        if ("set".equals(o.path("x-kubernetes-list-type").asText())) o.put("uniqueItems", true);
        boolean preserve = o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (o.has("properties") && !o.has("additionalProperties") && !preserve) o.put("additionalProperties", false);
        if (o.has("format") && o.get("format").isTextual() && !o.get("format").equals(TextNode.valueOf("date-time"))) o.remove("format");
        List<String> drop = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.startsWith("x-kubernetes-")) drop.add(k);
        }
        drop.forEach(o::remove);
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("properties")) {
                e.getValue().fields().forEachRemaining(p -> convert(p.getValue()));
            } else if (!e.getKey().equals("enum") && !e.getKey().equals("default")) {
                convert(e.getValue());
            }
        }
        return o;
    }
}
