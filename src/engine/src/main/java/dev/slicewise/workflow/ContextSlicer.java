package dev.slicewise.workflow;

import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.fleet.FleetSnapshot;
import java.util.List;

/** Port: cuts an analysis down to what one recommendation's review page needs (adapter: the report module's ReportSlice). */
@FunctionalInterface
public interface ContextSlicer {
    AnalysisContext slice(AnalysisReport report, FleetSnapshot snapshot, String recommendationId);

    /** Keeps the recommendation and the analysis' window and thresholds, but no telemetry. */
    ContextSlicer WITHOUT_TELEMETRY = (report, snapshot, id) -> new AnalysisContext(new AnalysisReport(report.generatedAt(),
            report.window(), report.policy(), report.recommendations().stream().filter(r -> r.id().equals(id)).toList(), List.of()), null);
}
