package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** infra/k8s/slicewise-applier-rbac.yaml, read as a set of grants. */
final class RbacManifest {
    /** One verb on one resource, cluster-wide ({@code namespace == null}) or in one namespace. */
    record Grant(String namespace, String group, String resource, String verb) {
        boolean covers(TestCluster.Call c) {
            return group.equals(c.group()) && resource.equals(c.resource()) && verb.equals(c.verb())
                    && (namespace == null || namespace.equals(c.namespace()));
        }
    }

    final List<JsonNode> documents = new ArrayList<>();
    final Set<Grant> grants = new LinkedHashSet<>();

    static Path file() {
        return CrdSchemas.dataDir().getParent().getParent().resolve("infra/k8s/slicewise-applier-rbac.yaml");
    }

    static RbacManifest load() {
        RbacManifest m = new RbacManifest();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(Files.readString(file()))) {
            while (it.hasNext()) m.documents.add(it.next());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode d : m.documents) {
            String kind = d.path("kind").asText();
            if (!kind.equals("ClusterRole") && !kind.equals("Role")) continue;
            String ns = kind.equals("Role") ? d.path("metadata").path("namespace").asText() : null;
            for (JsonNode rule : d.path("rules")) {
                for (JsonNode g : rule.path("apiGroups")) {
                    for (JsonNode r : rule.path("resources")) {
                        for (JsonNode v : rule.path("verbs")) m.grants.add(new Grant(ns, g.asText(), r.asText(), v.asText()));
                    }
                }
            }
        }
        return m;
    }
}
