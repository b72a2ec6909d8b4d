package dev.slicewise.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.collect.CollectionException;
import dev.slicewise.collect.KubeFleet;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/** 401/403 from the Kubernetes API, as EKS answers an unmapped IAM principal or a group without RBAC. */
@EnableKubernetesMockClient(crud = true)
class KubernetesAccessIT {
    private static final String USER = "arn:aws:sts::123456789012:assumed-role/slicewise-collector/slicewise";

    KubernetesMockServer server;
    KubernetesClient client;

    private static Status forbidden(String verb, String resource, String group) {
        return new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure").withCode(403).withReason("Forbidden")
                .withMessage(resource + " is forbidden: User \"" + USER + "\" cannot " + verb + " resource \"" + resource
                        + "\" in API group \"" + group + "\" at the cluster scope")
                .build();
    }

    @Test
    void forbiddenNodesEndTheCollectionNamingTheRbacRuleAndGroup() {
        server.expect().get().withPath("/api/v1/nodes?limit=500").andReturn(403, forbidden("list", "nodes", "")).always();

        assertThatThrownBy(() -> new KubernetesFleetReader(client).read())
                .isInstanceOf(CollectionException.class)
                .hasMessage("Cannot read the cluster's nodes: Kubernetes denied list nodes (HTTP 403: nodes is forbidden:"
                        + " User \"" + USER + "\" cannot list resource \"nodes\" in API group \"\" at the cluster scope)."
                        + " Grant the ClusterRole in infra/k8s/slicewise-reader-rbac.yaml (get/list/watch on nodes) to"
                        + " group slicewise-readers, the group of the collector's EKS access entry.");
    }

    @Test
    void unauthorizedMeansNoAccessEntryAndSaysHowToCreateOne() {
        server.expect().get().withPath("/api/v1/nodes?limit=500")
                .andReturn(401, new StatusBuilder().withCode(401).withReason("Unauthorized").withMessage("Unauthorized").build()).always();

        assertThatThrownBy(() -> new KubernetesFleetReader(client).read())
                .isInstanceOf(CollectionException.class)
                .hasMessageContaining("HTTP 401: Unauthorized")
                .hasMessageContaining("no access entry")
                .hasMessageContaining("aws eks create-access-entry --cluster-name <cluster> --principal-arn <role ARN> --kubernetes-groups slicewise-readers")
                .hasMessageContaining("authenticationMode must be API or API_AND_CONFIG_MAP");
    }

    @Test
    void forbiddenPodsAlsoEndTheCollection() {
        KubeSeeds.objects(client, "dev/slicewise/kube/standalone-plugin.yaml");
        server.expect().get().withPath("/api/v1/pods?limit=500").andReturn(403, forbidden("list", "pods", "")).always();

        assertThatThrownBy(() -> new KubernetesFleetReader(client).read()).isInstanceOf(CollectionException.class)
                .hasMessageStartingWith("Cannot read the cluster's pods: Kubernetes denied list pods (HTTP 403");
    }

    @Test
    void optionalReadsThatAreForbiddenBecomeNotesAndTheRestIsRead() {
        KubeSeeds.karpenterAndGpuOperatorCrds(client);
        KubeSeeds.objects(client, "dev/slicewise/kube/fleet.yaml");
        server.expect().get().withPath("/apis/karpenter.sh/v1alpha1/nodeoverlays")
                .andReturn(403, forbidden("list", "nodeoverlays", "karpenter.sh")).always();
        server.expect().get().withPath("/api/v1/namespaces/gpu-operator/configmaps/gpu-sharing-configs")
                .andReturn(403, forbidden("get", "configmaps", "")).always();

        KubeFleet f = new KubernetesFleetReader(client).read();

        assertThat(f.nodes()).hasSize(3);
        assertThat(f.nodePools()).hasSize(3);
        assertThat(f.overlays()).isEmpty();
        assertThat(f.devicePlugin().configMap()).isEqualTo("gpu-sharing-configs");
        assertThat(f.devicePlugin().configs()).isEmpty();
        assertThat(f.notes()).anySatisfy(n -> assertThat(n.toString()).startsWith("nodeoverlays.karpenter.sh: not read: Kubernetes"
                + " denied list nodeoverlays.karpenter.sh (HTTP 403: nodeoverlays is forbidden"));
        assertThat(f.notes()).anySatisfy(n -> assertThat(n.toString()).startsWith("configmap gpu-operator/gpu-sharing-configs:"
                + " not read: Kubernetes denied get configmaps (HTTP 403"));
    }
}
