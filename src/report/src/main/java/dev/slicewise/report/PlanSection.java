package dev.slicewise.report;

import dev.slicewise.plan.Plan;
import dev.slicewise.plan.PlanStep;
import java.util.List;

/** "What applying will do", object by object, and how to roll back. */
final class PlanSection {
    private PlanSection() {}

    static void write(Html h, Plan plan) {
        h.el("h3", "What applying will do");
        if (plan.steps().isEmpty()) {
            h.el("p", "Nothing: this recommendation changes no object.", "class", "muted");
        } else {
            h.open("ol", "class", "plan", "data-step-count", Integer.toString(plan.steps().size()));
            for (PlanStep step : plan.steps()) step(h, step);
            h.close("ol");
        }
        if (!plan.warnings().isEmpty()) {
            h.open("div", "class", "callout warn", "role", "note");
            h.el("p", "Before you approve", "class", "callout-title");
            list(h, plan.warnings(), "ul", "warnings");
            h.close("div");
        }
        h.el("h3", "How to roll back");
        if (plan.rollback().isEmpty()) {
            h.el("p", "No rollback steps were recorded for this plan.", "class", "muted");
        } else {
            h.el("p", "The applier keeps the before-image of every object it changes; rolling back restores them in this order:");
            list(h, plan.rollback(), "ol", "rollback");
        }
    }

    private static void step(Html h, PlanStep step) {
        h.open("li", "class", "plan-step", "data-kind", kind(step));
        h.el("span", object(step), "class", "object");
        h.text(" " + step.describe());
        switch (step) {
            case PlanStep.DevicePluginConfig c -> code(h, "device-plugin config '" + c.configName() + "'", c.yaml());
            case PlanStep.ClusterPolicyPatch p -> {}
            case PlanStep.MigConfig m -> {
                if (!m.deviceFilter().isEmpty()) h.el("p", "device filter: " + String.join(", ", m.deviceFilter()), "class", "detail");
                code(h, "mig-parted config '" + m.configName() + "'", m.migPartedYaml());
            }
            case PlanStep.DrainNodes d -> nodes(h, d.nodes());
            // describe() already names the labels, limits and removed nodes; details add only what it leaves out
            case PlanStep.LabelNodes l -> nodes(h, l.nodes());
            case PlanStep.RemoveNodes r -> {}
            case PlanStep.NodePoolUpdate u -> {}
            case PlanStep.NodeOverlay o -> {
                StringBuilder req = new StringBuilder();
                for (PlanStep.Requirement r : o.requirements()) {
                    if (!req.isEmpty()) req.append("; ");
                    req.append(r.key()).append(' ').append(r.operator()).append(' ').append(r.values());
                }
                if (!req.isEmpty()) h.el("p", "requirements: " + req + " · weight " + o.weight(), "class", "detail");
            }
        }
        h.close("li");
    }

    /** The Kubernetes object a step writes, named the way kubectl would. */
    static String object(PlanStep step) {
        return switch (step) {
            case PlanStep.DevicePluginConfig c -> "ConfigMap";
            case PlanStep.ClusterPolicyPatch p -> "ClusterPolicy";
            case PlanStep.MigConfig m -> "ConfigMap (mig-parted)";
            case PlanStep.DrainNodes d -> "Node";
            case PlanStep.LabelNodes l -> "Node";
            case PlanStep.RemoveNodes r -> "Node";
            case PlanStep.NodePoolUpdate u -> "NodePool";
            case PlanStep.NodeOverlay o -> "NodeOverlay";
        };
    }

    static String kind(PlanStep step) {
        return switch (step) {
            case PlanStep.DevicePluginConfig c -> "device-plugin-config";
            case PlanStep.ClusterPolicyPatch p -> "cluster-policy";
            case PlanStep.MigConfig m -> "mig-config";
            case PlanStep.DrainNodes d -> "drain";
            case PlanStep.LabelNodes l -> "label";
            case PlanStep.RemoveNodes r -> "remove";
            case PlanStep.NodePoolUpdate u -> "nodepool";
            case PlanStep.NodeOverlay o -> "nodeoverlay";
        };
    }

    private static void nodes(Html h, List<String> nodes) {
        if (!nodes.isEmpty()) h.el("p", "nodes: " + String.join(", ", nodes), "class", "detail");
    }

    private static void code(Html h, String what, String text) {
        if (text == null || text.isBlank()) return;
        h.open("details", "class", "code");
        h.el("summary", "Show " + what);
        h.open("pre").el("code", text).close("pre");
        h.close("details");
    }

    static void list(Html h, List<String> items, String tag, String cls) {
        h.open(tag, "class", cls);
        for (String item : items) h.el("li", item);
        h.close(tag);
    }
}
