package dev.slicewise.apply;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;

/**
 * What an apply (or a rollback) did, step by step, and how it ended. Outcome as data, so the CLI, the approval
 * page and the notifier print the same thing.
 *
 * @param applyId the journal id ({@code ./slicewise rollback <applyId>}); null when nothing was written
 * @param notes   things the person must know that are not failures (drift replaces nodes, overlay degraded, …)
 */
public record ApplyReport(String applyId, String planId, String cluster, Outcome outcome, Instant startedAt,
                          Instant finishedAt, List<StepResult> steps, List<String> notes) {
    public ApplyReport {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }

    /** APPLIED, DRY_RUN_PASSED, NOTHING_TO_DO, REFUSED, ROLLED_BACK or FAILED. */
    public String status() {
        return outcome.status();
    }

    /** Plain text for a terminal or an e-mail. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(status()).append(" plan ").append(planId).append(" on cluster ").append(cluster);
        if (applyId != null) out.append(" (apply ").append(applyId).append(')');
        out.append('\n').append(outcome.summary()).append('\n');
        for (StepResult s : steps) {
            out.append("  [").append(s.status()).append("] ").append(s.action());
            if (s.target() != null) out.append(' ').append(s.target());
            if (s.detail() != null && !s.detail().isBlank()) out.append(": ").append(s.detail());
            out.append('\n');
        }
        for (String n : notes) out.append("  note: ").append(n).append('\n');
        return out.toString();
    }

    /** How the apply ended: exhaustive, so a caller's switch cannot miss a case. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "status")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Applied.class, name = "APPLIED"),
            @JsonSubTypes.Type(value = DryRunPassed.class, name = "DRY_RUN_PASSED"),
            @JsonSubTypes.Type(value = NothingToDo.class, name = "NOTHING_TO_DO"),
            @JsonSubTypes.Type(value = Refused.class, name = "REFUSED"),
            @JsonSubTypes.Type(value = RolledBack.class, name = "ROLLED_BACK"),
            @JsonSubTypes.Type(value = Failed.class, name = "FAILED")})
    public sealed interface Outcome {
        String status();

        String summary();
    }

    /** Every change is in place and verified. */
    public record Applied(List<String> verified) implements Outcome {
        public Applied {
            verified = List.copyOf(verified);
        }

        public String status() {
            return "APPLIED";
        }

        public String summary() {
            return "applied and verified: " + String.join("; ", verified);
        }
    }

    /** Re-check and the server-side dry-run of every change passed; nothing was written. */
    public record DryRunPassed(int changes) implements Outcome {
        public String status() {
            return "DRY_RUN_PASSED";
        }

        public String summary() {
            return changes + " change(s) passed the server-side dry-run; nothing was written";
        }
    }

    /** The cluster already is as the plan wants it; nothing was written. */
    public record NothingToDo(String why) implements Outcome {
        public String status() {
            return "NOTHING_TO_DO";
        }

        public String summary() {
            return why;
        }
    }

    /** The plan was not applied (stale, expired, invalid, or a dry-run failed); the cluster is unchanged. */
    public record Refused(List<String> reasons) implements Outcome {
        public Refused {
            reasons = List.copyOf(reasons);
        }

        public String status() {
            return "REFUSED";
        }

        public String summary() {
            return "refused, cluster unchanged: " + String.join("; ", reasons);
        }
    }

    /** Something failed after writing began; every touched object was restored to its before-image. */
    public record RolledBack(String cause) implements Outcome {
        public String status() {
            return "ROLLED_BACK";
        }

        public String summary() {
            return "failed and rolled back to the before-image: " + cause;
        }
    }

    /** Something failed and at least one object could not be restored: {@code leftInPlace} says which and why. */
    public record Failed(String cause, List<String> leftInPlace) implements Outcome {
        public Failed {
            leftInPlace = List.copyOf(leftInPlace);
        }

        public String status() {
            return "FAILED";
        }

        public String summary() {
            return "failed: " + cause + (leftInPlace.isEmpty() ? "" : "; NOT restored: " + String.join("; ", leftInPlace));
        }
    }

    /** One thing the applier did (or decided not to do). */
    public record StepResult(String action, String target, Status status, String detail) {}

    public enum Status { OK, SKIPPED, DRY_RUN_OK, WARNING, FAILED, RESTORED, INFO }
}
