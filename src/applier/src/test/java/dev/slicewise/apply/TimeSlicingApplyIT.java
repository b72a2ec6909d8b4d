package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.apply.ApplyReport.Applied;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Time-slicing a pool of T4 nodes end to end against the emulated API server and the simulated device plugin. */
class TimeSlicingApplyIT extends ApplierFixture {

    @BeforeEach
    void setUp() {
        start("cluster/gpu-operator.yaml", true);
    }

    @Test
    void appliesTheConfigSwitchesTheLabelsAndVerifiesFourReplicasPerGpu() {
        ApprovedPlan plan = observe("plan-ts4", Plans.timeSlicingT4());

        ApplyReport report = applier.apply(plan, false);

        assertThat(report.outcome()).as(report.render()).isInstanceOf(Applied.class);
        // 3 nodes x 1 GPU x 4 replicas, read back from the nodes
        assertThat(((Applied) report.outcome()).verified()).containsExactlyInAnyOrder(
                "ip-10-0-1-11.ec2.internal allocatable nvidia.com/gpu=4",
                "ip-10-0-1-12.ec2.internal allocatable nvidia.com/gpu=4",
                "ip-10-0-1-13.ec2.internal allocatable nvidia.com/gpu=4");
        for (String node : Plans.T4_NODES) {
            assertThat(label(node, PlanCompiler.DP_LABEL)).isEqualTo("ts-4");
            assertThat(allocatable(node, "nvidia.com/gpu")).isEqualTo("4");
        }
        assertMatchesDesired(ObjectRef.configMap("gpu-operator", "gpu-sharing-configs"), "timeslicing/gpu-sharing-configs-desired.yaml");
        assertMatchesDesired(ObjectRef.nodePool("gpu-t4"), "timeslicing/nodepool-gpu-t4-desired.yaml");
        assertMatchesDesired(ObjectRef.nodeOverlay("gpu-t4-ts-4"), "timeslicing/nodeoverlay-desired.yaml");
        // the labels were switched only once the plugin's mount carried the new config
        assertThat(sim.configManagerErrors).isZero();
        assertThat(report.notes()).anyMatch(n -> n.contains("drifts its 3 node(s)") && n.contains("at most 1 at a time"));
        assertThat(report.applyId()).isNotNull();
        assertThat(journal.find(report.applyId()).orElseThrow().state()).isEqualTo(ApplyRecord.State.APPLIED);
    }

    @Test
    void everyWriteIsDryRunFirstAndUsesServerSideApplyWithOneFieldManager() {
        ApplyReport report = applier.apply(observe("plan-ts4", Plans.timeSlicingT4()), false);
        assertThat(report.outcome()).as(report.render()).isInstanceOf(Applied.class);

        List<TestCluster.Call> patches = cluster.applierCalls().stream()
                .filter(c -> c.method().equals("PATCH") && c.verb().equals("patch") && !c.path().contains("/status")).toList();
        List<TestCluster.Call> dryRuns = patches.stream().filter(TestCluster.Call::dryRun).toList();
        List<TestCluster.Call> real = patches.stream().filter(c -> !c.dryRun()).toList();
        // ConfigMap, 3 nodes, NodePool, NodeOverlay: each dry-run before any real write
        assertThat(dryRuns).hasSize(6);
        assertThat(cluster.applierCalls().indexOf(dryRuns.get(dryRuns.size() - 1))).isLessThan(cluster.applierCalls().indexOf(real.get(0)));
        assertThat(patches).allMatch(c -> c.path().contains("fieldManager=slicewise") && c.path().contains("force=true")
                && c.path().contains("fieldValidation=Strict"));
        // the ConfigMap is written before any node label switches to it
        int configMapWrite = cluster.applierCalls().indexOf(real.stream().filter(c -> c.resource().equals("configmaps")).findFirst().orElseThrow());
        int firstLabel = cluster.applierCalls().indexOf(real.stream().filter(c -> c.resource().equals("nodes")).findFirst().orElseThrow());
        assertThat(configMapWrite).isLessThan(firstLabel);
    }

    @Test
    void applyingTheSamePlanTwiceWritesNothingTheSecondTime() {
        ApprovedPlan plan = observe("plan-ts4", Plans.timeSlicingT4());
        assertThat(applier.apply(plan, false).outcome()).isInstanceOf(Applied.class);
        Map<String, String> afterFirst = cluster.snapshot();
        cluster.calls.clear();

        ApplyReport second = applier.apply(plan, false);

        assertThat(second.outcome()).as(second.render()).isInstanceOf(ApplyReport.NothingToDo.class);
        assertThat(second.outcome().summary()).contains("applied by apply-");
        assertThat(cluster.writes()).isEmpty();
        assertThat(cluster.applierCalls()).noneMatch(TestCluster.Call::dryRun);
        assertUnchanged(afterFirst);
    }

    @Test
    void dryRunOnlyWritesNothing() {
        Map<String, String> before = cluster.snapshot();

        ApplyReport report = applier.apply(observe("plan-ts4", Plans.timeSlicingT4()), true);

        assertThat(report.outcome()).as(report.render()).isEqualTo(new ApplyReport.DryRunPassed(6));
        assertThat(cluster.writes()).isEmpty();
        assertThat(report.applyId()).isNull();
        assertUnchanged(before);
    }

    @Test
    void aRecordedApplyCanBeRolledBackLaterToTheExactBeforeImage() {
        Map<String, String> before = cluster.snapshot();
        ApplyReport applied = applier.apply(observe("plan-ts4", Plans.timeSlicingT4()), false);
        assertThat(applied.outcome()).isInstanceOf(Applied.class);
        for (int i = 0; i < 5; i++) sim.tick(); // the cluster lives on for a while

        ApplyReport rolledBack = applier.rollback(applied.applyId());
        for (int i = 0; i < 5; i++) sim.tick(); // the device plugin follows the labels back

        assertThat(rolledBack.outcome()).as(rolledBack.render()).isEqualTo(new ApplyReport.RolledBack("rolled back on request"));
        assertUnchanged(before);
        assertThat(journal.find(applied.applyId()).orElseThrow().state()).isEqualTo(ApplyRecord.State.RESTORED);
        assertThat(applier.rollback(applied.applyId()).outcome()).isInstanceOf(ApplyReport.NothingToDo.class);
    }

    @Test
    void aRollbackRefusesWhenSomeoneChangedAnObjectAfterTheApply() {
        ApplyReport applied = applier.apply(observe("plan-ts4", Plans.timeSlicingT4()), false);
        cluster.client.configMaps().inNamespace("gpu-operator").withName("gpu-sharing-configs")
                .edit(cm -> {
                    cm.getData().put("ts-8", "version: v1\n");
                    return cm;
                });
        Map<String, String> edited = cluster.snapshot();
        cluster.calls.clear();

        ApplyReport report = applier.rollback(applied.applyId());

        assertThat(report.outcome()).isInstanceOf(ApplyReport.Refused.class);
        assertThat(report.outcome().summary()).contains("ConfigMap gpu-operator/gpu-sharing-configs was changed by someone else after the apply");
        assertThat(cluster.writes()).isEmpty();
        assertUnchanged(edited);
    }

    @Test
    void aNodeLabelChangedAfterTheApplyBlocksTheRollback() {
        ApplyReport applied = applier.apply(observe("plan-ts4", Plans.timeSlicingT4()), false);
        cluster.client.nodes().withName(Plans.T4_NODES.get(1)).edit(n -> {
            n.getMetadata().getLabels().put(PlanCompiler.DP_LABEL, "exclusive");
            return n;
        });
        cluster.calls.clear();

        ApplyReport report = applier.rollback(applied.applyId());

        assertThat(report.outcome()).isInstanceOf(ApplyReport.Refused.class);
        assertThat(report.outcome().summary()).contains("label nvidia.com/device-plugin.config is now 'exclusive', Slicewise set 'ts-4'");
        assertThat(cluster.writes()).isEmpty();
    }
}
