package dev.slicewise.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.apply.ApplyReport;
import dev.slicewise.workflow.ApplyOutcome;
import dev.slicewise.workflow.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the applier's reports are recorded: the status a person sees and the one line that says why. */
class ApplyOutcomesTest {
    static final Instant T = Instant.parse("2026-11-24T09:00:00Z");

    static ApplyReport report(String applyId, ApplyReport.Outcome outcome) {
        return new ApplyReport(applyId, "r-1", "prod-eks", outcome, T, T.plusSeconds(30),
                List.of(new ApplyReport.StepResult("label nodes", "ip-10-0-1-11.ec2.internal", ApplyReport.Status.OK, "nvidia.com/device-plugin.config=slicewise-ts-4"),
                        new ApplyReport.StepResult("wait for NodeOverlay", "gpu-t4-ts4", ApplyReport.Status.WARNING, null)),
                List.of("the NodePool drifts: Karpenter replaces 2 node(s), 1 at a time"));
    }

    @Test
    void aRefusedApplyIsFailedAndSaysNothingChanged() {
        ApplyOutcome o = ApplyOutcomes.ofApply(report(null, new ApplyReport.Refused(List.of(
                "NodePool gpu-t4 changed since the analysis: stopping rather than overwriting", "plan expired at 2026-11-27T06:00:00Z"))));
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.summary()).isEqualTo("Not applied, nothing changed: NodePool gpu-t4 changed since the analysis: stopping rather than"
                + " overwriting; plan expired at 2026-11-27T06:00:00Z.");
        assertThat(o.details()).containsExactly("[OK] label nodes ip-10-0-1-11.ec2.internal: nvidia.com/device-plugin.config=slicewise-ts-4",
                "[WARNING] wait for NodeOverlay gpu-t4-ts4", "note: the NodePool drifts: Karpenter replaces 2 node(s), 1 at a time");
    }

    @Test
    void appliedNothingToDoRolledBackAndFailedKeepTheirMeaning() {
        ApplyOutcome applied = ApplyOutcomes.ofApply(report("apply-1", new ApplyReport.Applied(List.of("ip-10-0-1-11 nvidia.com/gpu=4"))));
        assertThat(applied).isInstanceOf(ApplyOutcome.Applied.class);
        assertThat(applied.summary()).isEqualTo("Applied and verified: ip-10-0-1-11 nvidia.com/gpu=4.");
        assertThat(applied.details()).last().isEqualTo("apply journal entry: apply-1");

        assertThat(ApplyOutcomes.ofApply(report(null, new ApplyReport.NothingToDo("the cluster already is as the plan wants it"))))
                .satisfies(o -> assertThat(o.status()).isEqualTo(Status.APPLIED))
                .satisfies(o -> assertThat(o.summary()).isEqualTo("Nothing to do: the cluster already is as the plan wants it."));
        assertThat(ApplyOutcomes.ofApply(report("apply-2", new ApplyReport.RolledBack("verification timed out"))).status())
                .isEqualTo(Status.ROLLED_BACK);
        ApplyOutcome failed = ApplyOutcomes.ofApply(report("apply-3", new ApplyReport.Failed("API error 500", List.of("NodePool gpu-t4: 409"))));
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.summary()).isEqualTo("Failed: API error 500; NOT restored: NodePool gpu-t4: 409.");
    }

    @Test
    void aRefusedRollbackLeavesTheChangeAppliedAndADoneOneIsRolledBack() {
        ApplyOutcome refused = ApplyOutcomes.ofRollback(report("apply-1", new ApplyReport.Refused(List.of(
                "NodePool gpu-t4 was changed after the apply"))));
        assertThat(refused.status()).isEqualTo(Status.APPLIED);
        assertThat(refused.summary()).isEqualTo("Rollback refused, nothing changed (the change stays applied): NodePool gpu-t4 was changed after the apply.");
        assertThat(ApplyOutcomes.ofRollback(report("apply-1", new ApplyReport.RolledBack("rolled back on request"))).summary())
                .isEqualTo("Rolled back on request: every object the apply changed is as it was before.");
        assertThat(ApplyOutcomes.ofRollback(report("apply-1", new ApplyReport.NothingToDo("apply apply-1 was already rolled back"))).status())
                .isEqualTo(Status.ROLLED_BACK);
        assertThat(ApplyOutcomes.ofRollback(report("apply-1", new ApplyReport.Failed("rollback on request incomplete",
                List.of("node ip-10-0-1-11: label changed since")))).summary())
                .isEqualTo("Rollback incomplete: rollback on request incomplete; NOT restored: node ip-10-0-1-11: label changed since.");
    }
}
