package dev.slicewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.apply.ApplyReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** apply and rollback: one exit code per outcome, so a script can tell "changed" from "refused" from "needs a person". */
class ExitCodesTest {
    static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    static ApplyReport report(ApplyReport.Outcome outcome) {
        return new ApplyReport("apply-1", "plan-1", "prod", outcome, T, T, List.of(), List.of());
    }

    @Test
    void applyOutcomes() {
        assertThat(ExitCodes.of(report(new ApplyReport.Applied(List.of("n1 allocatable nvidia.com/gpu=4"))), false)).isEqualTo(0);
        assertThat(ExitCodes.of(report(new ApplyReport.DryRunPassed(6)), false)).isEqualTo(0);
        assertThat(ExitCodes.of(report(new ApplyReport.NothingToDo("already applied")), false)).isEqualTo(3);
        assertThat(ExitCodes.of(report(new ApplyReport.Refused(List.of("plan expired"))), false)).isEqualTo(5);
        assertThat(ExitCodes.of(report(new ApplyReport.RolledBack("verification timed out")), false)).isEqualTo(6);
        assertThat(ExitCodes.of(report(new ApplyReport.Failed("500", List.of("NodePool gpu-t4"))), false)).isEqualTo(7);
    }

    @Test
    void aRollbackThatRolledBackIsTheSuccessAskedFor() {
        assertThat(ExitCodes.of(report(new ApplyReport.RolledBack("rolled back on request")), true)).isEqualTo(0);
        assertThat(ExitCodes.of(report(new ApplyReport.NothingToDo("already rolled back")), true)).isEqualTo(3);
        assertThat(ExitCodes.of(report(new ApplyReport.Refused(List.of("changed since"))), true)).isEqualTo(5);
        assertThat(ExitCodes.of(report(new ApplyReport.Failed("rollback incomplete", List.of("Node n1"))), true)).isEqualTo(7);
    }
}
