package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanStep;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which objects a plan touches. Shared by {@link PlanObserver} (records them at analysis time) and the applier
 * (re-checks exactly those), so the two can never disagree about what "every object the plan touches" means.
 */
final class PlanScope {
    /** The mig-parted ConfigMap Slicewise creates when the ClusterPolicy names none yet. */
    static final String CUSTOM_MIG_CONFIG_MAP = "slicewise-mig-parted-config";
    /** The GPU Operator's static fallback mig-parted ConfigMap. */
    static final String DEFAULT_MIG_CONFIG_MAP = "default-mig-parted-config";

    private PlanScope() {}

    static Set<ObjectRef> refs(Plan plan, DevicePluginTarget target, Optional<JsonNode> clusterPolicy) {
        Set<ObjectRef> refs = new LinkedHashSet<>();
        for (PlanStep step : plan.steps()) {
            switch (step) {
                case PlanStep.DevicePluginConfig s -> refs.add(target.configMapRef());
                case PlanStep.ClusterPolicyPatch s -> {
                    if (target.clusterPolicyRef() != null) refs.add(target.clusterPolicyRef());
                }
                case PlanStep.MigConfig s -> {
                    if (!s.stock()) {
                        if (target.clusterPolicyRef() != null) refs.add(target.clusterPolicyRef());
                        refs.add(ObjectRef.configMap(target.namespace(), customMigConfigMap(clusterPolicy)));
                    }
                }
                case PlanStep.DrainNodes s -> s.nodes().forEach(n -> refs.add(ObjectRef.node(n)));
                case PlanStep.LabelNodes s -> s.nodes().forEach(n -> refs.add(ObjectRef.node(n)));
                case PlanStep.RemoveNodes s -> { /* not executed by the applier: nothing touched */ }
                case PlanStep.NodePoolUpdate s -> refs.add(ObjectRef.nodePool(s.nodePool()));
                case PlanStep.NodeOverlay s -> refs.add(ObjectRef.nodeOverlay(s.name()));
            }
        }
        return refs;
    }

    /** The ConfigMap a custom MIG config goes to: the one the ClusterPolicy names, else Slicewise's own. */
    static String customMigConfigMap(Optional<JsonNode> clusterPolicy) {
        return clusterPolicy.map(cp -> Json.text(cp, "spec", "migManager", "config", "name"))
                .filter(n -> !n.isBlank()).orElse(CUSTOM_MIG_CONFIG_MAP);
    }
}
