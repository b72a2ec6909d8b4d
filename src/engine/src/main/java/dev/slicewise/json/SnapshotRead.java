package dev.slicewise.json;

import dev.slicewise.engine.InputProblem;
import dev.slicewise.fleet.FleetSnapshot;
import java.util.List;

/**
 * A snapshot file as read: everything usable, and what was left out and why.
 *
 * @param problems items left out (or whose metrics were dropped), each named by its cluster/node/GPU path
 */
public record SnapshotRead(FleetSnapshot snapshot, List<InputProblem> problems) {
    public SnapshotRead {
        problems = List.copyOf(problems);
    }
}
