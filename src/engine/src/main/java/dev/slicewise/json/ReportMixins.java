package dev.slicewise.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.slicewise.detect.Verdict;
import dev.slicewise.plan.PlanStep;
import dev.slicewise.recommend.Sharing;

/**
 * Jackson mix-ins giving the engine's sealed decision types their documented JSON shape (tagged unions with a
 * discriminator property) without putting Jackson annotations on the engine's records.
 */
final class ReportMixins {
    private ReportMixins() {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "strategy")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Sharing.TimeSlicing.class, name = "time-slicing"),
            @JsonSubTypes.Type(value = Sharing.Mig.class, name = "mig"),
            @JsonSubTypes.Type(value = Sharing.Unchanged.class, name = "unchanged")})
    interface SharingMixin {}

    /** {@code Mig.strategy} (single/mixed) would collide with the union's "strategy" tag, so it is "migStrategy" in JSON. */
    abstract static class MigMixin {
        @JsonProperty("migStrategy")
        abstract String strategy();
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = PlanStep.DevicePluginConfig.class, name = "device-plugin-config"),
            @JsonSubTypes.Type(value = PlanStep.ClusterPolicyPatch.class, name = "cluster-policy-patch"),
            @JsonSubTypes.Type(value = PlanStep.MigConfig.class, name = "mig-config"),
            @JsonSubTypes.Type(value = PlanStep.DrainNodes.class, name = "drain-nodes"),
            @JsonSubTypes.Type(value = PlanStep.LabelNodes.class, name = "label-nodes"),
            @JsonSubTypes.Type(value = PlanStep.RemoveNodes.class, name = "remove-nodes"),
            @JsonSubTypes.Type(value = PlanStep.NodePoolUpdate.class, name = "node-pool-update"),
            @JsonSubTypes.Type(value = PlanStep.NodeOverlay.class, name = "node-overlay")})
    interface PlanStepMixin {
        /** The one-line description is part of the document (readers without Slicewise can show it); never read back. */
        @JsonProperty(value = "description", access = JsonProperty.Access.READ_ONLY)
        String describe();
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "verdict")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Verdict.Underused.class, name = "underused"),
            @JsonSubTypes.Type(value = Verdict.Idle.class, name = "idle"),
            @JsonSubTypes.Type(value = Verdict.Busy.class, name = "busy"),
            @JsonSubTypes.Type(value = Verdict.InsufficientData.class, name = "insufficient-data"),
            @JsonSubTypes.Type(value = Verdict.TooYoung.class, name = "too-young")})
    interface VerdictMixin {}

    abstract static class RecommendationMixin {
        @JsonProperty(value = "actionable", access = JsonProperty.Access.READ_ONLY)
        abstract boolean actionable();
    }

    abstract static class ReportMixin {
        @JsonProperty(value = "totalMonthlySavings", access = JsonProperty.Access.READ_ONLY)
        abstract double totalMonthlySavings();
    }
}
