package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.apply.ApplyReport.RolledBack;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults in the middle of a multi-object apply (ConfigMap, three node labels, NodePool, NodeOverlay): every test
 * ends with every object byte-identical to the before-image (normalised: resourceVersion, generation and
 * managedFields are the server's own bookkeeping and necessarily move).
 */
class FaultInjectionIT extends ApplierFixture {
    private static final String SSA = "?fieldValidation=Strict&fieldManager=slicewise&force=true";
    private Map<String, String> before;

    @BeforeEach
    void setUp() {
        start("cluster/gpu-operator.yaml", true);
        before = cluster.snapshot();
    }

    private static String status(int code, String reason, String message) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + code + ",\"reason\":\"" + reason
                + "\",\"message\":\"" + message + "\"}";
    }

    /** Lets the simulated device plugin follow the restored labels, then compares every object with the before-image. */
    private void assertRestored(ApplyReport report, String cause) {
        assertThat(report.outcome()).as(report.render()).isInstanceOf(RolledBack.class);
        assertThat(((RolledBack) report.outcome()).cause()).contains(cause);
        for (int i = 0; i < 5; i++) sim.tick();
        assertUnchanged(before);
        assertThat(journal.find(report.applyId()).orElseThrow().state()).isEqualTo(ApplyRecord.State.ROLLED_BACK);
    }

    @Test
    void conflictOnTheNodePoolAfterTheConfigAndLabelsWereWritten() {
        cluster.server().expect().patch().withPath("/apis/karpenter.sh/v1/nodepools/gpu-t4" + SSA)
                .andReturn(409, status(409, "Conflict", "Operation cannot be fulfilled on nodepools.karpenter.sh \\\"gpu-t4\\\": the object has been modified"))
                .once();

        ApplyReport report = applier.apply(observe("plan-ts4", Plans.timeSlicingT4()), false);

        assertRestored(report, "update NodePool NodePool gpu-t4: conflict (409)");
        assertThat(report.steps()).anyMatch(s -> s.status() == ApplyReport.Status.RESTORED && s.target().equals("ConfigMap gpu-operator/gpu-sharing-configs"));
        assertThat(report.steps()).filteredOn(s -> s.action().equals("restore labels")).hasSize(3);
    }

    @Test
    void forbiddenOnTheNodeOverlay() {
        cluster.server().expect().patch().withPath("/apis/karpenter.sh/v1alpha1/nodeoverlays/gpu-t4-ts-4" + SSA)
                .andReturn(403, status(403, "Forbidden", "nodeoverlays.karpenter.sh \\\"gpu-t4-ts-4\\\" is forbidden: User cannot patch resource"))
                .once();

        ApplyReport report = applier.apply(observe("plan-ts4", Plans.timeSlicingT4()), false);

        assertRestored(report, "forbidden (403)");
        assertThat(((RolledBack) report.outcome()).cause()).contains("slicewise-applier-rbac.yaml");
    }

    @Test
    void serverErrorOnTheSecondNodeLabel() {
        cluster.server().expect().patch().withPath("/api/v1/nodes/ip-10-0-1-12.ec2.internal" + SSA)
                .andReturn(500, status(500, "InternalError", "etcdserver: leader changed")).once();

        ApplyReport report = applier.apply(observe("plan-ts4", Plans.timeSlicingT4()), false);

        assertRestored(report, "API server error 500");
        assertThat(report.steps()).filteredOn(s -> s.action().equals("restore labels")).hasSize(1);
    }

    @Test
    void aWriteCommittedBeforeA500IsRecognisedAsOursAndTheApplyGoesOn() {
        int[] failures = {0};
        cluster.api.commitThenFail = r -> !r.dryRun() && "nodepools".equals(r.resource()) && failures[0]++ == 0;

        ApplyReport report = applier.apply(observe("plan-ts4", Plans.timeSlicingT4()), false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(ApplyReport.Applied.class);
        assertThat(report.steps()).anyMatch(s -> s.target() != null && s.target().equals("NodePool gpu-t4")
                && s.detail() != null && s.detail().endsWith("(the server answered 500 but the write is in place)"));
        // and it is journalled like any other write: the rollback restores it
        assertThat(applier.rollback(report.applyId()).outcome()).isInstanceOf(RolledBack.class);
        for (int i = 0; i < 5; i++) sim.tick();
        assertUnchanged(before);
    }

    @Test
    void verificationTimeoutWhenTheDevicePluginNeverAdvertisesTheReplicas() {
        sim.devicePluginBroken = true;

        ApplyReport report = applier.apply(observe("plan-ts4", Plans.timeSlicingT4()), false);

        assertRestored(report, "verification timed out after PT5M: ip-10-0-1-11.ec2.internal allocatable nvidia.com/gpu=1, expected 4");
    }

    @Test
    void aConfigMapEditRacingTheApplyStopsItAndIsNeverOverwritten() {
        // someone adds a config right after our dry-run of the ConfigMap, before the real write
        cluster.api.afterRequest = r -> {
            if (r.dryRun() && "configmaps".equals(r.resource())) {
                cluster.api.afterRequest = x -> { };
                cluster.api.mutate("/api/v1/namespaces/gpu-operator/configmaps/gpu-sharing-configs", cm -> {
                    cm.with("data").put("ts-2", "version: v1\n");
                    return cm;
                });
            }
        };
        ApprovedPlan plan = observe("plan-ts4", Plans.timeSlicingT4());

        ApplyReport report = applier.apply(plan, false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(RolledBack.class);
        assertThat(report.outcome().summary()).contains("ConfigMap gpu-operator/gpu-sharing-configs was changed by someone else while applying");
        assertThat(cluster.client.configMaps().inNamespace("gpu-operator").withName("gpu-sharing-configs").get().getData())
                .containsOnlyKeys("exclusive", "ts-2");
        assertThat(cluster.writes()).filteredOn(c -> !c.path().contains("/status") && !c.resource().equals("configmaps")).isEmpty();
    }

    @Test
    void migManagerFailureRollsTheNodeBackToItsOldLayout() {
        cluster.load("mig/training-job-finishing.yaml");
        before = cluster.snapshot();
        sim.migFault = SimCluster.MigFault.FAIL;

        ApplyReport report = applier.apply(observe("plan-mig", Plans.migBalanced(false)), false);

        assertThat(report.outcome().summary()).contains("mig.config.state=failed on node ip-10-0-2-21.ec2.internal");
        // the finished training job is gone for good; everything else is as before
        before.remove("Pod research/train-llm-0");
        assertRestored(report, "failed");
    }

    @Test
    void migManagerStuckInPendingTimesOutAndRollsBack() {
        sim.migFault = SimCluster.MigFault.STUCK_PENDING;

        ApplyReport report = applier.apply(observe("plan-mig", Plans.migBalanced(false)), false);

        assertRestored(report, "still nvidia.com/mig.config.state=pending after PT20M");
    }
}
