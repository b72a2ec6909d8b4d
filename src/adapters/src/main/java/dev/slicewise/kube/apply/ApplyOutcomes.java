package dev.slicewise.kube.apply;

import dev.slicewise.apply.ApplyReport;
import dev.slicewise.workflow.ApplyOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The applier's report as the workflow records and notifies it. A refused apply changed nothing and is FAILED (a person
 * decides what next: the plan went stale, or the server's dry-run rejected it); a refused rollback changed nothing and
 * leaves the record APPLIED.
 */
public final class ApplyOutcomes {
    private ApplyOutcomes() {}

    /** The outcome of {@code Applier.apply}. */
    public static ApplyOutcome ofApply(ApplyReport report) {
        List<String> details = details(report);
        return switch (report.outcome()) {
            case ApplyReport.Applied a -> new ApplyOutcome.Applied(sentence(a.summary()), details);
            case ApplyReport.NothingToDo n -> new ApplyOutcome.Applied("Nothing to do: " + n.why() + ".", details);
            case ApplyReport.Refused r -> new ApplyOutcome.Failed("Not applied, nothing changed: " + String.join("; ", r.reasons()) + ".", details);
            case ApplyReport.RolledBack b -> new ApplyOutcome.RolledBack(sentence(b.summary()), details);
            case ApplyReport.Failed f -> new ApplyOutcome.Failed(sentence(f.summary()), details);
            case ApplyReport.DryRunPassed d -> new ApplyOutcome.Failed("Not applied, nothing changed: only a dry-run ran.", details);
        };
    }

    /** The outcome of {@code Applier.rollback}. */
    public static ApplyOutcome ofRollback(ApplyReport report) {
        List<String> details = details(report);
        return switch (report.outcome()) {
            case ApplyReport.RolledBack b -> new ApplyOutcome.RolledBack("Rolled back on request: every object the apply changed"
                    + " is as it was before.", details);
            case ApplyReport.NothingToDo n -> new ApplyOutcome.RolledBack("Already rolled back: " + n.why() + ".", details);
            case ApplyReport.Refused r -> new ApplyOutcome.Applied("Rollback refused, nothing changed (the change stays applied): "
                    + String.join("; ", r.reasons()) + ".", details);
            case ApplyReport.Failed f -> new ApplyOutcome.Failed("Rollback incomplete: " + f.cause()
                    + (f.leftInPlace().isEmpty() ? "" : "; NOT restored: " + String.join("; ", f.leftInPlace())) + ".", details);
            case ApplyReport.Applied a -> new ApplyOutcome.Failed("Rollback reported an apply (unexpected): " + a.summary(), details);
            case ApplyReport.DryRunPassed d -> new ApplyOutcome.Failed("Rollback reported a dry-run (unexpected).", details);
        };
    }

    /** One line per step ({@code [OK] label nodes ip-…: detail}), then the notes, then where the journal entry is. */
    static List<String> details(ApplyReport report) {
        List<String> out = new ArrayList<>();
        for (ApplyReport.StepResult s : report.steps()) {
            StringBuilder b = new StringBuilder("[").append(s.status()).append("] ").append(s.action());
            if (s.target() != null) b.append(' ').append(s.target());
            if (s.detail() != null && !s.detail().isBlank()) b.append(": ").append(s.detail());
            out.add(b.toString());
        }
        report.notes().forEach(n -> out.add("note: " + n));
        if (report.applyId() != null) out.add("apply journal entry: " + report.applyId());
        return out;
    }

    private static String sentence(String s) {
        if (s == null || s.isEmpty()) return "";
        String first = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        return first.endsWith(".") ? first : first + ".";
    }
}
