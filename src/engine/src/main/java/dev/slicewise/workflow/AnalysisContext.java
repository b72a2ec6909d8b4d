package dev.slicewise.workflow;

import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.fleet.FleetSnapshot;

/**
 * What a stored recommendation was computed from, cut down to its pool: the report holding just that recommendation
 * (with the window and the thresholds used) and the part of the fleet its review page draws (the pool's GPUs and
 * their hourly series). Kept with the recommendation so the page can show the charts days later.
 *
 * @param snapshot null when not kept (too large for the store, or not available)
 */
public record AnalysisContext(AnalysisReport report, FleetSnapshot snapshot) {}
