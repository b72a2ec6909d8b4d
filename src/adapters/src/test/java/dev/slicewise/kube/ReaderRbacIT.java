package dev.slicewise.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.testkit.Repo;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * infra/k8s/slicewise-reader-rbac.yaml must allow every request the collector makes, and nothing that writes: the
 * requests are recorded by the mock API server while the reader reads the seeded cluster.
 */
@EnableKubernetesMockClient(crud = true)
class ReaderRbacIT {
    KubernetesMockServer server;
    KubernetesClient client;

    record Access(String verb, String group, String resource) {}

    @Test
    void theReaderClusterRoleCoversEveryRequestTheCollectorMakesAndNoWrite() throws Exception {
        KubeSeeds.karpenterAndGpuOperatorCrds(client);
        KubeSeeds.objects(client, "dev/slicewise/kube/fleet.yaml");
        KubeSeeds.objects(client, "dev/slicewise/kube/standalone-plugin.yaml");
        int seeding = server.getRequestCount();
        for (int i = 0; i < seeding; i++) server.takeRequest();

        new KubernetesFleetReader(client).read();

        Set<Access> made = new LinkedHashSet<>();
        int reads = server.getRequestCount() - seeding;
        for (int i = 0; i < reads; i++) {
            Access a = access(server.takeRequest());
            if (a != null) made.add(a);
        }
        assertThat(made).contains(new Access("list", "", "nodes"), new Access("list", "", "pods"),
                new Access("list", "karpenter.sh", "nodepools"), new Access("list", "karpenter.sh", "nodeoverlays"),
                new Access("list", "nvidia.com", "clusterpolicies"), new Access("get", "", "configmaps"));

        ClusterRole role;
        try (InputStream in = Files.newInputStream(Repo.file("infra/k8s/slicewise-reader-rbac.yaml"))) {
            role = client.load(in).items().stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast).findFirst().orElseThrow();
        }
        for (Access a : made) assertThat(allows(role.getRules(), a)).as("ClusterRole allows %s", a).isTrue();
        assertThat(role.getRules()).flatExtracting(PolicyRule::getVerbs).containsOnly("get", "list", "watch");
    }

    /** {@code GET /api/v1/nodes?limit=500} → list "" nodes; discovery paths (/apis/g/v) → null. */
    static Access access(RecordedRequest r) {
        String path = r.getPath().split("\\?")[0];
        String[] p = path.substring(1).split("/");
        String group;
        int i;
        if (p[0].equals("api")) {
            group = "";
            i = 2;
        } else {
            group = p[1];
            i = 3;
        }
        if (p.length <= i) return null; // discovery
        if (p[i].equals("namespaces") && p.length > i + 2) i += 2;
        String resource = p[i];
        boolean named = p.length > i + 1;
        String verb = switch (r.getMethod()) {
            case "GET" -> named ? "get" : r.getPath().contains("watch=true") ? "watch" : "list";
            default -> r.getMethod().toLowerCase();
        };
        return new Access(verb, group, resource);
    }

    private static boolean allows(List<PolicyRule> rules, Access a) {
        return rules.stream().anyMatch(rule -> rule.getApiGroups().contains(a.group()) && rule.getResources().contains(a.resource())
                && rule.getVerbs().contains(a.verb()));
    }
}
