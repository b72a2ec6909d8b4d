package dev.slicewise.workflow;

import java.time.Instant;
import java.util.List;

/**
 * One move in a recommendation's history.
 *
 * @param by      who or what moved it ({@code approval link from 203.0.113.7}, {@code apply function})
 * @param summary one line for people
 * @param details the applier's step-by-step report, or the error, when there is one
 */
public record StatusChange(Status to, Instant at, String by, String summary, List<String> details) {
    public StatusChange {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static StatusChange of(Status to, Instant at, String by, String summary) {
        return new StatusChange(to, at, by, summary, List.of());
    }
}
