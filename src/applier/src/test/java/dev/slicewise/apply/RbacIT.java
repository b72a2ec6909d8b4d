package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.apply.ApplyReport.Applied;
import dev.slicewise.apply.ApplyReport.RolledBack;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs every kind of apply and rollback, collects each request the applier made (as RBAC verb/resource/namespace,
 * from the mock server's request log) and checks it against infra/k8s/slicewise-applier-rbac.yaml: every request
 * granted, every grant used.
 */
class RbacIT extends ApplierFixture {
    private final List<TestCluster.Call> used = new ArrayList<>();

    @AfterEach
    void collect() {
        if (cluster != null) used.addAll(cluster.applierCalls());
    }

    private void finishScenario() {
        used.addAll(cluster.applierCalls());
        closeCluster();
        cluster = null;
        applier = null;
    }

    @Test
    void everyRequestOfEveryFlowIsGrantedAndEveryGrantIsUsed() {
        // time-slicing with Karpenter, a pre-existing overlay updated and restored, rollback on request
        start("cluster/gpu-operator.yaml", true);
        var overlay = Json.object();
        overlay.putObject("spec").put("weight", 50).putObject("capacity").put("nvidia.com/gpu", "4");
        ((com.fasterxml.jackson.databind.node.ObjectNode) overlay.get("spec")).putArray("requirements").addObject()
                .put("key", "karpenter.sh/nodepool").put("operator", "In").putArray("values").add("gpu-t4");
        new Kube(cluster.client, "someone-else").apply(ObjectRef.nodeOverlay("gpu-t4-ts-4"), overlay, null, false);
        ApplyReport ts = applier.apply(observe("rbac-ts", Plans.timeSlicingT4()), false);
        assertThat(ts.outcome()).as(ts.render()).isInstanceOf(Applied.class);
        assertThat(applier.rollback(ts.applyId()).outcome()).isInstanceOf(RolledBack.class);
        finishScenario();

        // a new overlay (created by server-side apply), then a failure that deletes it again
        start("cluster/gpu-operator.yaml", true);
        sim.devicePluginBroken = true;
        assertThat(applier.apply(observe("rbac-ts2", Plans.timeSlicingT4()), false).outcome()).isInstanceOf(RolledBack.class);
        finishScenario();

        // MIG with a custom config (ConfigMap created, ClusterPolicy patched), eviction, rollback on request
        start("cluster/gpu-operator.yaml", true);
        cluster.load("mig/inference-evictable.yaml");
        ApplyReport mig = applier.apply(observe("rbac-mig", Plans.migCustom().steps().stream().map(s -> s instanceof dev.slicewise.plan.PlanStep.DrainNodes d
                ? new dev.slicewise.plan.PlanStep.DrainNodes(d.nodes(), true, d.why()) : s).toList()), false);
        assertThat(mig.outcome()).as(mig.render()).isInstanceOf(Applied.class);
        assertThat(applier.rollback(mig.applyId()).outcome()).isInstanceOf(RolledBack.class);
        finishScenario();

        // a NodePool that is gone: the refusal names the NodePools that exist
        start("cluster/gpu-operator.yaml", true);
        var plan = observe("rbac-gone", Plans.timeSlicingT4());
        cluster.client.genericKubernetesResources("karpenter.sh/v1", "NodePool").withName("gpu-t4").delete();
        assertThat(applier.apply(plan, false).outcome()).isInstanceOf(ApplyReport.Refused.class);
        finishScenario();

        // the mount probe, under the applier's identity
        cluster = new TestCluster(true).load("cluster/gpu-operator.yaml").load("probe/operator-pods.yaml");
        PodExecProbeIT.expectCat(cluster, "nvidia-device-plugin-daemonset-x7k2p", "config-manager", "/available-configs/ts-4", "x", 0);
        PodExecMountedConfigProbe.forTarget(cluster.applierClient, OPERATOR)
                .carries("ip-10-0-1-11.ec2.internal", MountedConfigProbe.Component.DEVICE_PLUGIN, "ts-4", "x");
        finishScenario();

        RbacManifest rbac = RbacManifest.load();
        Set<String> ungranted = new LinkedHashSet<>();
        for (TestCluster.Call c : used) {
            if (rbac.grants.stream().noneMatch(g -> g.covers(c))) {
                ungranted.add(c.verb() + " " + (c.group().isEmpty() ? "" : c.group() + "/") + c.resource()
                        + (c.namespace() == null ? "" : " in " + c.namespace()) + " (" + c.method() + " " + c.path() + ")");
            }
        }
        assertThat(ungranted).as("requests the RBAC does not grant").isEmpty();
        Set<RbacManifest.Grant> unused = new LinkedHashSet<>(rbac.grants);
        unused.removeIf(g -> used.stream().anyMatch(g::covers));
        assertThat(unused).as("grants no flow uses (too broad)").isEmpty();
    }

    private dev.slicewise.plan.Plan observeSteps(List<dev.slicewise.plan.PlanStep> steps) {
        return new dev.slicewise.plan.Plan(steps, List.of(), List.of());
    }

    private ApprovedPlan observe(String id, List<dev.slicewise.plan.PlanStep> steps) {
        return observe(id, observeSteps(steps));
    }
}
