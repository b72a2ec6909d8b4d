package dev.slicewise.apply;

import dev.slicewise.plan.Plan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A plan a person approved, with everything the applier needs to re-check it against the live cluster before it
 * mutates anything: when it expires, where the device-plugin configuration lives, the nodes it targets (with their
 * physical GPU count, the base of the verification), and every object it touches as the analysis saw it.
 *
 * @param planId           unique id of this approved plan (applying it twice is a no-op the second time)
 * @param recommendationId the {@code Recommendation.id} it came from
 * @param observed         one entry per object the plan touches (nodes, ConfigMaps, ClusterPolicy, NodePools,
 *                         NodeOverlays), captured by {@link PlanObserver} at analysis time
 */
public record ApprovedPlan(String planId, String recommendationId, String cluster, Instant createdAt, Instant expiresAt,
                           String approvedBy, DevicePluginTarget devicePlugin, List<TargetNode> nodes,
                           List<ObservedObject> observed, Plan plan) {
    public ApprovedPlan {
        if (planId == null || planId.isBlank()) throw new IllegalArgumentException("planId is required");
        if (createdAt == null || expiresAt == null) throw new IllegalArgumentException("createdAt and expiresAt are required");
        if (!expiresAt.isAfter(createdAt)) throw new IllegalArgumentException("expiresAt must be after createdAt");
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        observed = observed == null ? List.of() : List.copyOf(observed);
        if (plan == null) throw new IllegalArgumentException("plan is required");
    }

    /**
     * This plan as a person approved it: the id its applies are journalled under (applying it twice is then a no-op, and
     * a rollback finds its apply) and who approved it. What was observed at analysis time is kept as is.
     */
    public ApprovedPlan approvedAs(String newPlanId, String by) {
        return new ApprovedPlan(newPlanId, recommendationId, cluster, createdAt, expiresAt, by, devicePlugin, nodes, observed, plan);
    }

    public Optional<TargetNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<ObservedObject> observation(ObjectRef ref) {
        return observed.stream().filter(o -> o.ref().equals(ref)).findFirst();
    }
}
