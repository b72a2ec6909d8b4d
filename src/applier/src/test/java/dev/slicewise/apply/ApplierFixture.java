package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.plan.Plan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Shared set-up of the applier ITs: the fixture cluster, its simulated controllers, a file journal, the applier. */
abstract class ApplierFixture {
    static final DevicePluginTarget OPERATOR = new DevicePluginTarget(DevicePluginSetup.Mode.GPU_OPERATOR, "gpu-operator",
            "gpu-sharing-configs", "cluster-policy");
    static final ApplierSettings FAST = new ApplierSettings("slicewise", Duration.ofSeconds(10), Duration.ofMinutes(3),
            Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(5), Duration.ofMinutes(2), 3);

    @TempDir
    Path journalDir;
    TestCluster cluster;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-24T09:00:00Z"));
    SimCluster sim;
    FileApplyJournal journal;
    Applier applier;

    void start(String fixture, boolean overlayCrd) {
        cluster = new TestCluster(overlayCrd).load(fixture).loadDefaultMigPartedConfig("gpu-operator");
        sim = new SimCluster(cluster.client, clock, "gpu-operator").settle();
        journal = new FileApplyJournal(journalDir);
        applier = new Applier(cluster.applierClient, new FakeCatalog(), journal, sim, clock, sim, FAST);
    }

    /** After a test changed the fixture: the controllers take the new state as settled. */
    void resettle() {
        applier.close();
        sim = new SimCluster(cluster.client, clock, "gpu-operator").settle();
        applier = new Applier(cluster.applierClient, new FakeCatalog(), journal, sim, clock, sim, FAST);
        cluster.calls.clear();
    }

    /** What the analysis would store: the plan plus the cluster as seen now, valid for a day. */
    ApprovedPlan observe(String planId, Plan plan) {
        return observe(planId, plan, OPERATOR);
    }

    ApprovedPlan observe(String planId, Plan plan, DevicePluginTarget target) {
        return PlanObserver.observe(cluster.client, planId, "rec-" + planId, "demo", plan, target, clock.instant(), Duration.ofHours(24), "alice@example.com", 0);
    }

    /** A YAML fixture next to the tests, as JSON. */
    static com.fasterxml.jackson.databind.node.ObjectNode fixture(String path) {
        try (InputStream in = ApplierFixture.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return Json.parse(Serialization.asJson(Serialization.unmarshal(in, HasMetadata.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts the stored object holds the desired fixture's spec/data (and nothing of it differs). */
    void assertMatchesDesired(ObjectRef ref, String desiredFixture) {
        var desired = fixture(desiredFixture);
        var actual = new Kube(cluster.client, "test").get(ref).orElseThrow();
        for (String field : new String[] {"spec", "data"}) {
            if (desired.has(field)) {
                assertThat(Fingerprints.canonicalJson(actual.get(field))).as(ref + " " + field)
                        .isEqualTo(Fingerprints.canonicalJson(desired.get(field)));
            }
        }
    }

    void assertUnchanged(Map<String, String> before) {
        Map<String, String> after = cluster.snapshot();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
    }

    String label(String node, String key) {
        return cluster.client.nodes().withName(node).get().getMetadata().getLabels().get(key);
    }

    String allocatable(String node, String resource) {
        var q = cluster.client.nodes().withName(node).get().getStatus().getAllocatable().get(resource);
        return q == null ? null : q.toString();
    }

    @AfterEach
    void closeCluster() {
        if (applier != null) applier.close();
        if (cluster != null) {
            assertThat(cluster.invalidWrites()).as("objects stored that violate their CRD schema").isEmpty();
            cluster.close();
        }
    }
}
