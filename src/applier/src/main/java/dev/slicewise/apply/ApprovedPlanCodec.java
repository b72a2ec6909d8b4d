package dev.slicewise.apply;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.plan.PlanStep;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes approved plans as JSON ({@code ./slicewise apply --plan FILE}). Plan steps carry their type in a
 * {@code "type"} field ({@code DevicePluginConfig}, {@code LabelNodes}, …); the engine's records stay free of
 * serialization annotations (the mapping lives in this mix-in).
 */
public final class ApprovedPlanCodec {
    private static final ObjectMapper MAPPER = Json.MAPPER.copy().addMixIn(PlanStep.class, PlanStepMixIn.class);

    private ApprovedPlanCodec() {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(PlanStep.DevicePluginConfig.class),
            @JsonSubTypes.Type(PlanStep.ClusterPolicyPatch.class),
            @JsonSubTypes.Type(PlanStep.MigConfig.class),
            @JsonSubTypes.Type(PlanStep.DrainNodes.class),
            @JsonSubTypes.Type(PlanStep.LabelNodes.class),
            @JsonSubTypes.Type(PlanStep.RemoveNodes.class),
            @JsonSubTypes.Type(PlanStep.NodePoolUpdate.class),
            @JsonSubTypes.Type(PlanStep.NodeOverlay.class)})
    private interface PlanStepMixIn {}

    public static String write(ApprovedPlan plan) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(plan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong when the text is not an approved plan */
    public static ApprovedPlan read(String json) {
        try {
            return MAPPER.readValue(json, ApprovedPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an approved plan: " + e.getOriginalMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an approved plan: " + e.getMessage(), e);
        }
    }

    /** A journal entry as JSON (the DynamoDB journal stores it so; the file journal writes the same shape). */
    public static String write(ApplyRecord record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong when the text is not a journal entry */
    public static ApplyRecord readRecord(String json) {
        try {
            return MAPPER.readValue(json, ApplyRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an apply journal entry: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an apply journal entry: " + e.getMessage(), e);
        }
    }

    /** Reports as JSON for the notifier and the approval page. */
    public static String write(ApplyReport report) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
