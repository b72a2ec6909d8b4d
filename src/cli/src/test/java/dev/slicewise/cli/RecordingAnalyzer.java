package dev.slicewise.cli;

import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.Analyzer;
import dev.slicewise.fleet.FleetSnapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A stand-in for the engine: returns a given report and records what it was asked. */
final class RecordingAnalyzer implements Analyzer {
    record Call(FleetSnapshot snapshot, AnalysisPolicy policy, Clock clock) {}

    final List<Call> calls = new ArrayList<>();
    private final AnalysisReport answer;

    RecordingAnalyzer(AnalysisReport answer) {
        this.answer = answer;
    }

    @Override
    public AnalysisReport analyze(FleetSnapshot snapshot, AnalysisPolicy policy, Clock clock) {
        calls.add(new Call(snapshot, policy, clock));
        return answer;
    }

    Call onlyCall() {
        if (calls.size() != 1) throw new AssertionError("expected one analysis, got " + calls.size());
        return calls.get(0);
    }
}
