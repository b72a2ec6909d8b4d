package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanStep;
import dev.slicewise.recommend.Recommendation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Captures, at analysis time, how the cluster looks for every object a plan touches, and wraps the plan into an
 * {@link ApprovedPlan} the applier can later re-check against. Call it when the recommendation is computed (before
 * it is sent for approval), not when the approval arrives: the point is to notice changes in between.
 */
public final class PlanObserver {
    private PlanObserver() {}

    /** For a recommendation: plan id {@code <recommendation id>-<epoch seconds>}, GPU count from the recommendation. */
    public static ApprovedPlan observe(KubernetesClient client, Recommendation rec, DevicePluginTarget target, Instant now,
                                       Duration validity) {
        return observe(client, rec.id() + "-" + now.getEpochSecond(), rec.id(), rec.cluster(), rec.plan(), target, now,
                validity, null, rec.gpusPerNode());
    }

    /**
     * @param gpusPerNode physical GPUs per node when the caller knows it (0: read {@code nvidia.com/gpu.count} from
     *                    each node, as written by GPU Feature Discovery)
     */
    public static ApprovedPlan observe(KubernetesClient client, String planId, String recommendationId, String cluster, Plan plan,
                                       DevicePluginTarget target, Instant now, Duration validity, String approvedBy, int gpusPerNode) {
        Kube kube = new Kube(client, ApplierSettings.FIELD_MANAGER);
        Optional<JsonNode> clusterPolicy = target.gpuOperator()
                ? kube.get(target.clusterPolicyRef()).map(n -> (JsonNode) n) : Optional.empty();
        List<ObservedObject> observed = new ArrayList<>();
        for (ObjectRef ref : PlanScope.refs(plan, target, clusterPolicy)) {
            Optional<ObjectNode> o = kube.get(ref);
            observed.add(new ObservedObject(ref, o.map(n -> Json.text(n, "metadata", "uid")).orElse(null),
                    Fingerprints.of(ref.kind(), o.orElse(null))));
        }
        Set<String> names = new LinkedHashSet<>();
        for (PlanStep s : plan.steps()) {
            if (s instanceof PlanStep.DrainNodes d) names.addAll(d.nodes());
            if (s instanceof PlanStep.LabelNodes l) names.addAll(l.nodes());
        }
        List<TargetNode> nodes = new ArrayList<>();
        for (String name : names) {
            ObjectNode node = kube.get(ObjectRef.node(name))
                    .orElseThrow(() -> new IllegalArgumentException("node " + name + " of the plan does not exist"));
            int gpus = gpusPerNode;
            if (gpus <= 0) {
                String count = Json.text(node, "metadata", "labels", PlanCompiler.GPU_COUNT_LABEL);
                if (count == null) throw new IllegalArgumentException("node " + name + " has no " + PlanCompiler.GPU_COUNT_LABEL + " label: cannot tell its GPU count");
                gpus = Integer.parseInt(count);
            }
            nodes.add(new TargetNode(name, Json.text(node, "metadata", "uid"),
                    Json.text(node, "metadata", "labels", "node.kubernetes.io/instance-type"), null, gpus));
        }
        return new ApprovedPlan(planId, recommendationId, cluster, now, now.plus(validity), approvedBy, target, nodes, observed, plan);
    }
}
