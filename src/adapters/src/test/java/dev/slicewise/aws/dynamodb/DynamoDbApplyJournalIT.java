package dev.slicewise.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.apply.ApplyRecord;
import dev.slicewise.apply.ApplyReport;
import dev.slicewise.apply.ObjectRef;
import dev.slicewise.apply.TouchedObject;
import dev.slicewise.aws.testing.MotoClients;
import dev.slicewise.aws.testing.SlicewiseStack;
import dev.slicewise.testing.MotoServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The applier's journal in DynamoDB (moto): what a later invocation needs to roll an apply back. */
class DynamoDbApplyJournalIT {
    static final Instant T = Instant.parse("2026-11-24T09:00:00Z");
    SlicewiseStack stack;
    DynamoDbApplyJournal journal;

    @BeforeEach
    void setUp() {
        MotoServer.shared().reset();
        stack = SlicewiseStack.create();
        journal = stack.journal();
    }

    /** An entry as the applier writes it: a node label that was absent before, an overlay it created. */
    static ApplyRecord record(String applyId, String planId, Instant started, ApplyRecord.State state) {
        Map<String, String> before = new HashMap<>();
        before.put("nvidia.com/device-plugin.config", null);
        TouchedObject node = new TouchedObject(ObjectRef.node("ip-10-0-1-11.ec2.internal"),
                "{\"metadata\":{\"name\":\"ip-10-0-1-11.ec2.internal\",\"labels\":{\"team\":\"ml\"}}}", "fp-node", "41", before,
                Map.of("nvidia.com/device-plugin.config", "slicewise-ts-4"), false, false, false);
        TouchedObject overlay = new TouchedObject(ObjectRef.nodeOverlay("gpu-t4-ts4-1gpu"), null, "fp-overlay", "42", null, null,
                false, false, false);
        ApplyReport report = state == ApplyRecord.State.IN_PROGRESS ? null : new ApplyReport(applyId, planId, "prod-eks",
                new ApplyReport.Applied(List.of("ip-10-0-1-11.ec2.internal allocatable nvidia.com/gpu=4")), started, started.plusSeconds(90),
                List.of(new ApplyReport.StepResult("label nodes", "ip-10-0-1-11.ec2.internal", ApplyReport.Status.OK, null)), List.of());
        return new ApplyRecord(applyId, planId, "prod-eks", started, state == ApplyRecord.State.IN_PROGRESS ? null : started.plusSeconds(90),
                state, List.of(node, overlay), report);
    }

    @Test
    void anEntrySurvivesWholeWithItsBeforeImagesAndIsReadableInTheConsole() {
        ApplyRecord applied = record("apply-20261124T090000-1a2b3c4d", "r-5f0c3a9d1e7b24c86a1d0e93", T, ApplyRecord.State.APPLIED);
        journal.save(record("apply-20261124T090000-1a2b3c4d", "r-5f0c3a9d1e7b24c86a1d0e93", T, ApplyRecord.State.IN_PROGRESS));
        journal.save(applied);

        // another invocation (a new client, nothing cached) reads it back exactly
        ApplyRecord read = stack.journal().find("apply-20261124T090000-1a2b3c4d").orElseThrow();
        assertThat(read).isEqualTo(applied);
        assertThat(read.touched().get(0).labelsBefore()).containsEntry("nvidia.com/device-plugin.config", null);
        assertThat(read.touched().get(1).existedBefore()).isFalse();

        Map<String, AttributeValue> item = MotoClients.dynamo().getItem(g -> g.tableName(stack.table())
                .key(Map.of("id", AttributeValue.fromS("apply#apply-20261124T090000-1a2b3c4d")))).item();
        assertThat(item.get("state").s()).isEqualTo("APPLIED");
        assertThat(item.get("planId").s()).isEqualTo("r-5f0c3a9d1e7b24c86a1d0e93");
        assertThat(item.get("touched").n()).isEqualTo("2");
        assertThat(item.get("outcome").s()).isEqualTo("applied and verified: ip-10-0-1-11.ec2.internal allocatable nvidia.com/gpu=4");
        // kept 33 days (the stack's retention) after it started, then DynamoDB's TTL removes it
        assertThat(Long.parseLong(item.get("ttl").n())).isEqualTo(T.plusSeconds(33L * 86_400).getEpochSecond());
        assertThat(journal.find("apply-unknown")).isEmpty();
    }

    @Test
    void findsThePlansAppliesOldestFirstAndNoOtherPlans() {
        journal.save(record("apply-2", "r-plan-a", T.plusSeconds(3600), ApplyRecord.State.APPLIED));
        journal.save(record("apply-1", "r-plan-a", T, ApplyRecord.State.ROLLED_BACK));
        journal.save(record("apply-3", "r-plan-b", T.plusSeconds(7200), ApplyRecord.State.APPLIED));

        assertThat(journal.forPlan("r-plan-a")).extracting(ApplyRecord::applyId).containsExactly("apply-1", "apply-2");
        assertThat(journal.forPlan("r-plan-b")).extracting(ApplyRecord::applyId).containsExactly("apply-3");
        assertThat(journal.forPlan("r-plan-c")).isEmpty();
    }

    @Test
    void writesAreConditionalAnApplyNeverMovesPlansAndAnEndedOneNeverRestarts() {
        journal.save(record("apply-1", "r-plan-a", T, ApplyRecord.State.APPLIED));

        // the same apply id for another plan (a collision, a bug) must not overwrite these before-images
        assertThatThrownBy(() -> journal.save(record("apply-1", "r-plan-b", T, ApplyRecord.State.IN_PROGRESS)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("apply-1")
                .hasMessageContaining("belongs to plan r-plan-a on cluster prod-eks");
        // a late retry of the first, half-way save cannot hide that it ended
        assertThatThrownBy(() -> journal.save(record("apply-1", "r-plan-a", T, ApplyRecord.State.IN_PROGRESS)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already ended as APPLIED");
        assertThat(journal.find("apply-1").orElseThrow().state()).isEqualTo(ApplyRecord.State.APPLIED);

        // moving on from an ended state is what a rollback on request does: allowed
        ApplyRecord applied = journal.find("apply-1").orElseThrow();
        journal.save(new ApplyRecord(applied.applyId(), applied.planId(), applied.cluster(), applied.startedAt(), T.plusSeconds(600),
                ApplyRecord.State.RESTORED, applied.touched(), applied.report()));
        assertThat(journal.find("apply-1").orElseThrow().state()).isEqualTo(ApplyRecord.State.RESTORED);
        assertThat(journal.forPlan("r-plan-b")).isEmpty();
    }
}
