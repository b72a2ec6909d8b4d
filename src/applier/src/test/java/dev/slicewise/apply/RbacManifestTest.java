package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The shipped RBAC is narrow by construction: no wildcard, bound to the group an EKS access entry maps to. */
class RbacManifestTest {
    private final RbacManifest rbac = RbacManifest.load();

    @Test
    void grantsNoWildcardAndNoSecretsNorEscalation() {
        assertThat(rbac.grants).isNotEmpty();
        assertThat(rbac.grants).noneMatch(g -> g.group().contains("*") || g.resource().contains("*") || g.verb().contains("*"));
        assertThat(rbac.grants).noneMatch(g -> g.resource().equals("secrets") || g.verb().equals("escalate")
                || g.verb().equals("bind") || g.verb().equals("impersonate"));
        // configmaps and exec only in the operator namespace, never cluster-wide
        assertThat(rbac.grants).filteredOn(g -> g.resource().equals("configmaps") || g.resource().equals("pods/exec"))
                .allMatch(g -> "gpu-operator".equals(g.namespace()));
    }

    @Test
    void bindsBothRolesToTheSlicewiseApplierGroup() {
        for (JsonNode d : rbac.documents) {
            if (!d.path("kind").asText().endsWith("Binding")) continue;
            assertThat(d.path("subjects")).hasSize(1);
            assertThat(d.path("subjects").get(0).path("kind").asText()).isEqualTo("Group");
            assertThat(d.path("subjects").get(0).path("name").asText()).isEqualTo("slicewise-applier");
            assertThat(d.path("roleRef").path("name").asText()).isEqualTo("slicewise-applier");
        }
        assertThat(rbac.documents).extracting(d -> d.path("kind").asText())
                .containsExactly("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
    }
}
