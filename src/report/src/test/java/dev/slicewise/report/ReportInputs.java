package dev.slicewise.report;

import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.fleet.FleetSnapshot;

/** What the renderer needs: an analysis and the snapshot it was computed from. */
record ReportInputs(AnalysisReport report, FleetSnapshot snapshot) {}
