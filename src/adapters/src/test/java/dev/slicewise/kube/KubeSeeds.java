package dev.slicewise.kube;

import dev.slicewise.testkit.Repo;
import dev.slicewise.testkit.Resources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Seeds a fabric8 CRUD mock server with the real CRDs from data/k8s/ and YAML fixtures. */
public final class KubeSeeds {
    private KubeSeeds() {}

    /** The real Karpenter NodePool/NodeOverlay and GPU Operator ClusterPolicy CRDs, so API discovery serves them. */
    public static void crds(KubernetesClient client, String... files) {
        for (String f : files) {
            try (InputStream in = Files.newInputStream(Repo.file("data/k8s/" + f))) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static void karpenterAndGpuOperatorCrds(KubernetesClient client) {
        crds(client, "karpenter.sh_nodepools.yaml", "karpenter.sh_nodeoverlays.yaml", "nvidia.com_clusterpolicies.yaml");
    }

    /** Creates every object of a multi-document YAML fixture (status included, as the API server would hold it). */
    public static void objects(KubernetesClient client, String fixture) {
        byte[] yaml = Resources.text(fixture).getBytes(StandardCharsets.UTF_8);
        for (HasMetadata o : client.load(new ByteArrayInputStream(yaml)).items()) client.resource(o).create();
    }
}
