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
}
