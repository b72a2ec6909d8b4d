package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.plan.PlanStep;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The file ./slicewise apply --plan FILE reads. */
class ApprovedPlanCodecTest {

    private static String fixture(String name) throws Exception {
        try (InputStream in = ApprovedPlanCodecTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsEveryStepTypeAndWritesItBackUnchanged() throws Exception {
        ApprovedPlan plan = ApprovedPlanCodec.read(fixture("plans/approved-plan-ts4.json"));

        assertThat(plan.expiresAt()).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(plan.node("ip-10-0-1-11.ec2.internal").orElseThrow().gpus()).isEqualTo(1);
        assertThat(plan.observation(ObjectRef.nodeOverlay("gpu-t4-ts-4")).orElseThrow().existed()).isFalse();
        assertThat(plan.plan().steps()).extracting(s -> s.getClass().getSimpleName()).containsExactly("DevicePluginConfig",
                "ClusterPolicyPatch", "MigConfig", "DrainNodes", "LabelNodes", "RemoveNodes", "NodePoolUpdate", "NodeOverlay");
        assertThat(plan.plan().steps().get(6)).isEqualTo(new PlanStep.NodePoolUpdate("gpu-t4",
                Map.of("nvidia.com/device-plugin.config", "ts-4"), Map.of("nvidia.com/gpu", "16"), "1"));
        assertThat(ApprovedPlanCodec.read(ApprovedPlanCodec.write(plan))).isEqualTo(plan);
    }

    @Test
    void namesWhatIsWrongWithABadFile() {
        assertThatThrownBy(() -> ApprovedPlanCodec.read("{\"planId\":\"p\",\"plan\":{\"steps\":[{\"type\":\"Reboot\"}]}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an approved plan").hasMessageContaining("Reboot");
        assertThatThrownBy(() -> ApprovedPlanCodec.read("{\"planId\":\"p\",\"createdAt\":\"2026-11-24T09:00:00Z\",\"expiresAt\":\"2026-11-23T09:00:00Z\","
                + "\"plan\":{\"steps\":[],\"rollback\":[],\"warnings\":[]}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiresAt must be after createdAt");
    }

    @Test
    void reportsRoundTripWithTheirOutcome() throws Exception {
        ApplyReport report = new ApplyReport("apply-1", "p", "demo", new ApplyReport.Failed("verification timed out", List.of("node n1: label changed")),
                Instant.parse("2026-11-24T09:00:00Z"), Instant.parse("2026-11-24T09:05:00Z"),
                List.of(new ApplyReport.StepResult("label", "n1", ApplyReport.Status.OK, "ts-4")), List.of("drift"));

        String json = ApprovedPlanCodec.write(report);

        assertThat(json).contains("\"status\" : \"FAILED\"");
        assertThat(Json.MAPPER.readValue(json, ApplyReport.class)).isEqualTo(report);
        assertThat(report.render()).isEqualTo("""
                FAILED plan p on cluster demo (apply apply-1)
                failed: verification timed out; NOT restored: node n1: label changed
                  [OK] label n1: ts-4
                  note: drift
                """);
    }

    @Test
    void aJournalEntryKeepsAbsentLabelsAndItsOutcomeThroughJson() {
        Instant t = Instant.parse("2026-11-24T09:00:00Z");
        Map<String, String> before = new java.util.HashMap<>();
        before.put("nvidia.com/device-plugin.config", null); // absent before: a rollback removes it
        TouchedObject node = new TouchedObject(ObjectRef.node("n1"), "{\"metadata\":{\"name\":\"n1\"}}", "fp", "42", before,
                Map.of("nvidia.com/device-plugin.config", "slicewise-ts-4"), false, false, false);
        ApplyReport report = new ApplyReport("apply-1", "r-1", "demo", new ApplyReport.Refused(List.of("NodePool edited")), t, t.plusSeconds(5),
                List.of(), List.of("nothing was changed"));
        ApplyRecord record = new ApplyRecord("apply-1", "r-1", "demo", t, t.plusSeconds(60), ApplyRecord.State.APPLIED, List.of(node), report);

        ApplyRecord read = ApprovedPlanCodec.readRecord(ApprovedPlanCodec.write(record));

        assertThat(read).isEqualTo(record);
        assertThat(read.touched().get(0).labelsBefore()).containsEntry("nvidia.com/device-plugin.config", null);
        assertThat(read.report().outcome()).isEqualTo(new ApplyReport.Refused(List.of("NodePool edited")));
        assertThatThrownBy(() -> ApprovedPlanCodec.readRecord("{\"applyId\": 3, \"touched\": {}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an apply journal entry");
    }

    @Test
    void anObservedPlanIsApprovedUnderTheRecordsIdKeepingWhatWasObserved() throws Exception {
        ApprovedPlan observed = ApprovedPlanCodec.read(fixture("plans/approved-plan-ts4.json"));
        ApprovedPlan approved = observed.approvedAs("r-5f0c3a9d1e7b24c86a1d0e93", "approval link from 203.0.113.7");
        assertThat(approved.planId()).isEqualTo("r-5f0c3a9d1e7b24c86a1d0e93");
        assertThat(approved.approvedBy()).isEqualTo("approval link from 203.0.113.7");
        assertThat(approved.observed()).isEqualTo(observed.observed());
        assertThat(approved.nodes()).isEqualTo(observed.nodes());
        assertThat(approved.expiresAt()).isEqualTo(observed.expiresAt());
    }
}
