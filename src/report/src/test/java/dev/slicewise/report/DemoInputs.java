package dev.slicewise.report;

/**
 * The demo fleet's report, as the Chromium tests render it.
 *
 * <p>MERGE NOTE for the lead: until the engine's analyzer and the demo fleet land, this returns the hand-built
 * {@link DemoReportFixture}. Once they exist, replace the one line in {@link #load()} with the real thing, e.g.
 * {@code var s = DemoFleet.snapshot(); return new ReportInputs(new DefaultAnalyzer(...).analyze(s, AnalysisPolicy.DEFAULT, DemoFleet.clock()), s);}
 * — the ITs derive every count they check from the inputs, so nothing else changes.
 */
final class DemoInputs {
    private DemoInputs() {}

    static ReportInputs load() {
        return DemoReportFixture.build();
    }
}
