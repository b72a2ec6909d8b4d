package dev.slicewise.workflow;

import java.util.List;

/** How an apply ended; each carries the applier's step-by-step details for the record and the message. */
public sealed interface ApplyOutcome {
    String summary();

    List<String> details();

    Status status();

    /** Every step applied and verified. */
    record Applied(String summary, List<String> details) implements ApplyOutcome {
        public Applied {
            details = List.copyOf(details);
        }

        public Status status() {
            return Status.APPLIED;
        }
    }

    /** Something failed or did not verify, and every change made was undone. */
    record RolledBack(String summary, List<String> details) implements ApplyOutcome {
        public RolledBack {
            details = List.copyOf(details);
        }

        public Status status() {
            return Status.ROLLED_BACK;
        }
    }

    /** It failed and could not be (fully) undone, or could not start; a person must look. */
    record Failed(String summary, List<String> details) implements ApplyOutcome {
        public Failed {
            details = List.copyOf(details);
        }

        public Status status() {
            return Status.FAILED;
        }
    }
}
