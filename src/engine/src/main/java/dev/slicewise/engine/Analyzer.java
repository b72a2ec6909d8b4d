package dev.slicewise.engine;

import dev.slicewise.fleet.FleetSnapshot;
import java.time.Clock;

/** The engine's entry point: fleet snapshot in, recommendations out. Deterministic for a given input and clock. */
public interface Analyzer {
    AnalysisReport analyze(FleetSnapshot snapshot, AnalysisPolicy policy, Clock clock);
}
