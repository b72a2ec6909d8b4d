package dev.slicewise.report;

import dev.slicewise.demo.DemoFleet;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.DefaultAnalyzer;
import dev.slicewise.fleet.FleetSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The demo fleet's report as {@code ./slicewise demo --html} makes it: the real demo fleet analysed by the engine as
 * shipped ({@link DefaultAnalyzer#bundled()}, default policy), as of a fixed instant so every run draws the same page.
 * The Chromium tests render it and derive every count they check from it.
 */
final class DemoInputs {
    static final Instant AS_OF = Instant.parse("2026-11-23T10:17:00Z");
    private static ReportInputs demo;

    private DemoInputs() {}

    static synchronized ReportInputs load() {
        if (demo == null) {
            Clock clock = Clock.fixed(AS_OF, ZoneOffset.UTC);
            FleetSnapshot snapshot = DemoFleet.snapshot(clock);
            demo = new ReportInputs(DefaultAnalyzer.bundled().analyze(snapshot, AnalysisPolicy.DEFAULT, clock), snapshot);
        }
        return demo;
    }
}
