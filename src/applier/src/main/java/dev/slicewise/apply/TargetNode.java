package dev.slicewise.apply;

/**
 * A node the plan changes, as seen at analysis time.
 *
 * @param uid          {@code metadata.uid} at analysis (a node re-created under the same name is another node), or
 *                     null when not recorded
 * @param instanceType EC2 instance type ({@code node.kubernetes.io/instance-type})
 * @param gpuModel     catalog key of its GPU ({@code H100-80GB}), or null to look it up from the instance type
 * @param gpus         physical GPUs on the node: the base of every capacity the verification expects
 */
public record TargetNode(String name, String uid, String instanceType, String gpuModel, int gpus) {
    public TargetNode {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("node name is required");
        if (gpus < 1) throw new IllegalArgumentException("node " + name + ": gpus must be >= 1, was " + gpus);
    }
}
