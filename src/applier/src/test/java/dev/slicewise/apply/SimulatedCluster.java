package dev.slicewise.apply;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * For other modules' ITs (the local command's apply and rollback): a fixture cluster on the emulated API server
 * ({@link EmulatedApiServer}: server-side apply, dry-run, preconditions, CRD validation) with the simulated NVIDIA
 * controllers and Karpenter ({@link SimCluster}), reachable through a kubeconfig file like a real cluster. The
 * simulated controllers move one tick per {@link #waiter()} pause, on a clock that starts at {@code now}.
 */
public final class SimulatedCluster implements AutoCloseable {
    private final TestCluster cluster;
    private final ManualClock clock;
    private final SimCluster sim;

    private SimulatedCluster(TestCluster cluster, ManualClock clock, SimCluster sim) {
        this.cluster = cluster;
        this.clock = clock;
        this.sim = sim;
    }

    /**
     * @param fixture a multi-document YAML on the class path (absolute, e.g. {@code /dev/slicewise/cli/cluster.yaml});
     *                the GPU Operator's stock mig-parted ConfigMap is added to {@code operatorNamespace}
     */
    public static SimulatedCluster start(String fixture, String operatorNamespace, Instant now) {
        TestCluster cluster = new TestCluster(true).load(fixture).loadDefaultMigPartedConfig(operatorNamespace);
        ManualClock clock = new ManualClock(now);
        return new SimulatedCluster(cluster, clock, new SimCluster(cluster.client, clock, operatorNamespace).settle());
    }

    /** The test's own client (its requests do not count as the applier's). */
    public KubernetesClient client() {
        return cluster.client;
    }

    /** A kubeconfig with one context, {@code context}, pointing at this API server. */
    public Path writeKubeconfig(Path file, String context) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: sim
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                - name: admin
                  user: {token: sim-admin-token}
                contexts:
                - name: %s
                  context: {cluster: sim, user: admin}
                current-context: %s
                """.formatted(cluster.client.getMasterUrl(), context, context);
        try {
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code client} marked as the applier's, so {@link #applierWrites()} tells its requests apart. */
    public static KubernetesClient asApplier(KubernetesClient client) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withUserAgent(TestCluster.APPLIER_AGENT).build()).build();
    }

    /** Pauses advance the clock and tick the simulated controllers. */
    public Waiter waiter() {
        return sim;
    }

    /** What the simulated device plugin and MIG manager have mounted. */
    public MountedConfigProbe probe() {
        return sim;
    }

    public Clock clock() {
        return clock;
    }

    /** Lets the simulated controllers run {@code n} rounds (e.g. the device plugin following a label back). */
    public void tick(int n) {
        for (int i = 0; i < n; i++) sim.tick();
    }

    /**
     * Every object of the kinds the applier may write (nodes, ConfigMaps, ClusterPolicy, NodePools, NodeOverlays),
     * canonical JSON without what the API server rewrites on every update, by "Kind namespace/name".
     */
    public Map<String, String> objects() {
        Map<String, String> out = new TreeMap<>(cluster.snapshot());
        out.keySet().removeIf(k -> k.startsWith("Pod "));
        return out;
    }

    /** Names of the pods that exist now, as namespace/name. */
    public List<String> pods() {
        return cluster.client.pods().inAnyNamespace().list().getItems().stream()
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).sorted().toList();
    }

    /** The applier's mutating requests so far (dry-runs excluded), as "VERB resource name". */
    public List<String> applierWrites() {
        return cluster.writes().stream().map(c -> c.verb() + " " + c.resource() + " " + c.name()).toList();
    }

    /** Forgets the requests recorded so far. */
    public void clearCalls() {
        cluster.calls.clear();
    }

    /** Stored custom objects that violate their CRD schema (should be none). */
    public List<String> invalidWrites() {
        return cluster.invalidWrites();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
