package dev.slicewise.functions.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.functions.support.Repo;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The RBAC the deployment applies (infra/sam/k8s/slicewise-rbac.yaml) grants what the collector and the applier were
 * verified to need: every grant of infra/k8s/slicewise-reader-rbac.yaml (ReaderRbacIT replays every request of the
 * collector against it) and of infra/k8s/slicewise-applier-rbac.yaml (RbacIT replays every request of every apply and
 * rollback) — and no more than that: a grant neither needs is a write or a read Slicewise does not use.
 */
class RbacFilesTest {
    /** The access entries of infra/sam/cluster.yaml name the applier group in the plural. */
    static final Map<String, String> GROUPS = Map.of("slicewise-readers", "slicewise-readers", "slicewise-applier", "slicewise-appliers",
            "slicewise-appliers", "slicewise-appliers");

    @Test
    void theDeployedRbacGrantsExactlyWhatTheVerifiedManifestsGrant() {
        Set<String> deployed = grants("infra/sam/k8s/slicewise-rbac.yaml");
        Set<String> verified = new TreeSet<>(grants("infra/k8s/slicewise-reader-rbac.yaml"));
        verified.addAll(grants("infra/k8s/slicewise-applier-rbac.yaml"));
        assertThat(deployed).containsExactlyInAnyOrderElementsOf(verified);
        assertThat(deployed).anyMatch(g -> g.equals("slicewise-appliers gpu-operator /pods/exec create"))
                .noneMatch(g -> g.contains("secrets") || g.contains("*"));
    }

    /** {@code <group> <namespace or cluster> <apiGroup>/<resource> <verb>} for every rule bound to a group. */
    @SuppressWarnings("unchecked")
    static Set<String> grants(String file) {
        Map<String, Map<String, Object>> roles = new java.util.HashMap<>();
        java.util.List<Map<String, Object>> bindings = new java.util.ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Repo.read(file))) {
            Map<String, Object> o = (Map<String, Object>) doc;
            Map<String, Object> meta = (Map<String, Object>) o.get("metadata");
            String kind = (String) o.get("kind");
            String key = kind.replace("Binding", "") + "/" + meta.getOrDefault("namespace", "cluster") + "/" + meta.get("name");
            if (kind.endsWith("Binding")) bindings.add(o);
            else roles.put(key, o);
        }
        Set<String> out = new TreeSet<>();
        for (Map<String, Object> b : bindings) {
            Map<String, Object> meta = (Map<String, Object>) b.get("metadata");
            Map<String, Object> ref = (Map<String, Object>) b.get("roleRef");
            String scope = (String) meta.getOrDefault("namespace", "cluster");
            Map<String, Object> role = roles.get(ref.get("kind") + "/" + (ref.get("kind").equals("Role") ? scope : "cluster") + "/" + ref.get("name"));
            for (Map<String, Object> subject : (java.util.List<Map<String, Object>>) b.get("subjects")) {
                String group = GROUPS.getOrDefault((String) subject.get("name"), (String) subject.get("name"));
                for (Map<String, Object> rule : (java.util.List<Map<String, Object>>) role.get("rules")) {
                    for (Object apiGroup : (java.util.List<Object>) rule.get("apiGroups")) {
                        for (Object resource : (java.util.List<Object>) rule.get("resources")) {
                            for (Object verb : (java.util.List<Object>) rule.get("verbs")) {
                                out.add(group + " " + scope + " " + apiGroup + "/" + resource + " " + verb);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
