package dev.slicewise.collect;

import java.util.List;
import java.util.Map;

/**
 * A Karpenter NodeOverlay (karpenter.sh/v1alpha1) as found: what capacity or price it makes Karpenter assume for which
 * instance types. Read so a recommendation can see overlays it would conflict with (same weight, same resource).
 *
 * @param requirements rendered as {@code key Operator [values]}
 * @param price        absolute price override or null
 * @param priceAdjustment {@code +N}, {@code -N%} … or null
 */
public record NodeOverlayInfo(String name, Integer weight, List<String> requirements, Map<String, String> capacity,
                              String price, String priceAdjustment) {
    public NodeOverlayInfo {
        requirements = requirements == null ? List.of() : List.copyOf(requirements);
        capacity = capacity == null ? Map.of() : Map.copyOf(capacity);
    }
}
