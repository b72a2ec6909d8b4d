package dev.slicewise.workflow;

import dev.slicewise.recommend.Recommendation;

/** One NodePool × instance type of one cluster: the unit "never notify the same recommendation twice in a row" applies to. */
public record PoolKey(String cluster, String nodePool, String instanceType) {
    public static PoolKey of(Recommendation r) {
        return new PoolKey(r.cluster(), r.nodePool(), r.instanceType());
    }

    @Override
    public String toString() {
        return cluster + "/" + nodePool + "/" + instanceType;
    }
}
