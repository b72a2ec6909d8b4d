package dev.slicewise.functions.it;

import dev.slicewise.apply.ManualClock;
import dev.slicewise.apply.SimCluster;
import dev.slicewise.apply.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes API of the whole-loop test's cluster prod-eks: fabric8's mock server with the applier's emulated API
 * server on top (server-side apply, dry-run, JSON patch, evictions, resourceVersion preconditions, every custom object
 * validated against the real CRDs of data/k8s), seeded from {@code prod-eks.yaml}. The functions reach it through the
 * explicit test setting {@code slicewise.kubernetes.api-url-override}: DescribeCluster (moto) still has to find the
 * cluster and every request still carries the EKS token of the function's credentials.
 *
 * <p>{@link #sim()} plays the NVIDIA components a mock API server does not run — the kubelet's ConfigMap mount, the
 * device plugin advertising the sliced capacity, Karpenter marking the NodeOverlay Ready — ticked by the applier's waits
 * (see {@link SimulatedControllers}).
 */
public class KubeApi implements QuarkusTestResourceLifecycleManager {
    static final String FIXTURE = "/dev/slicewise/functions/it/prod-eks.yaml";
    private static TestCluster cluster;
    private static volatile SimCluster sim;

    @Override
    public Map<String, String> start() {
        cluster = new TestCluster(true);
        reset();
        return Map.of("slicewise.kubernetes.api-url-override", cluster.client.getMasterUrl().toString());
    }

    /** Empties the cluster and seeds it again from the fixture; the simulated controllers start from that state. */
    static synchronized TestCluster reset() {
        var c = cluster.client;
        c.pods().inAnyNamespace().list().getItems().forEach(p -> c.pods().inNamespace(p.getMetadata().getNamespace())
                .withName(p.getMetadata().getName()).delete());
        c.nodes().list().getItems().forEach(n -> c.nodes().withName(n.getMetadata().getName()).delete());
        c.configMaps().inAnyNamespace().list().getItems().forEach(m -> c.configMaps().inNamespace(m.getMetadata().getNamespace())
                .withName(m.getMetadata().getName()).delete());
        for (String[] kind : List.of(new String[] {"karpenter.sh/v1", "NodePool"}, new String[] {"karpenter.sh/v1alpha1", "NodeOverlay"},
                new String[] {"karpenter.k8s.aws/v1", "EC2NodeClass"}, new String[] {"nvidia.com/v1", "ClusterPolicy"})) {
            for (GenericKubernetesResource r : c.genericKubernetesResources(kind[0], kind[1]).list().getItems()) {
                c.genericKubernetesResources(kind[0], kind[1]).withName(r.getMetadata().getName()).delete();
            }
        }
        try (InputStream in = KubeApi.class.getResourceAsStream(FIXTURE)) {
            cluster.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a custom resource's status is written through its status subresource (the operator does it in a real cluster)
        try (InputStream in = KubeApi.class.getResourceAsStream(FIXTURE)) {
            for (var o : c.load(in).items()) {
                if (o instanceof GenericKubernetesResource g && g.getAdditionalProperties().containsKey("status")) {
                    c.genericKubernetesResources(g.getApiVersion(), g.getKind()).resource(g).updateStatus();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cluster.loadDefaultMigPartedConfig("gpu-operator");
        sim = new SimCluster(c, new ManualClock(Instant.now()), "gpu-operator").settle();
        return cluster;
    }

    static TestCluster cluster() {
        return cluster;
    }

    static SimCluster sim() {
        return sim;
    }

    @Override
    public void stop() {
        if (cluster != null) cluster.close();
    }
}
