package dev.slicewise.recommend;

import dev.slicewise.plan.Plan;
import dev.slicewise.pricing.Savings;
import java.util.List;

/**
 * What Slicewise proposes for one NodePool (or node group) of one instance type.
 *
 * @param id          stable content hash: the same pool, decision and layout give the same id (used to never
 *                    notify the same recommendation twice in a row)
 * @param savings     null when the price is unknown (the recommendation still stands; the reason says so)
 * @param reasons     why, in sentences, starting with the rule that fired
 * @param evidence    per-GPU numbers behind the decision
 * @param alternatives strategies computed but not chosen
 */
public record Recommendation(String id, String cluster, String region, String nodePool, String instanceType,
                             String gpuModel, int gpusPerNode, String capacityType, Sharing sharing, Footprint before,
                             Footprint after, Savings savings, List<String> reasons, List<Risk> risks,
                             List<GpuEvidence> evidence, List<Alternative> alternatives, Plan plan) {
    public Recommendation {
        reasons = List.copyOf(reasons);
        risks = List.copyOf(risks);
        evidence = List.copyOf(evidence);
        alternatives = List.copyOf(alternatives);
    }

    public boolean actionable() {
        return !(sharing instanceof Sharing.Unchanged) && after.nodes() < before.nodes();
    }
}
