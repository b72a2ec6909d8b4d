package dev.slicewise.plan;

import java.util.List;

/**
 * The exact changes applying a recommendation would make, in order, and how to undo them.
 *
 * @param rollback human-readable undo steps (the applier also keeps the before-image of every object it touches)
 * @param warnings things the person approving must know (drift replaces nodes, pods whose requests must change, …)
 */
public record Plan(List<PlanStep> steps, List<String> rollback, List<String> warnings) {
    public static final Plan NONE = new Plan(List.of(), List.of(), List.of());

    public Plan {
        steps = List.copyOf(steps);
        rollback = List.copyOf(rollback);
        warnings = List.copyOf(warnings);
    }
}
