package dev.slicewise.progress;

/**
 * Port: how far a long collection is, for a person watching it (the local command's stderr). The collectors call it
 * per cluster, per phase and per metric batch; the local command implements it (a TTY-aware console line), the
 * Lambdas pass {@link #NONE}. Calls may come from several threads: implementations must be thread-safe.
 */
public interface Progress {

    /** Says nothing. */
    Progress NONE = new Progress() {};

    /** Collection of {@code cluster} (the {@code index}-th of {@code total}, from 1) begins. */
    default void clusterStarted(String cluster, int index, int total) {}

    /** A phase of {@code cluster}'s collection begins ("Kubernetes: reading GPU nodes …", "CloudWatch: listing …"). */
    default void step(String cluster, String message) {}

    /**
     * {@code done} of {@code total} units of {@code what} are finished for {@code cluster}, e.g. "metric batches"
     * (GetMetricData requests; {@code done} may pass {@code total} when CloudWatch pages an answer).
     */
    default void batch(String cluster, String what, int done, int total) {}

    /** {@code cluster} is collected; {@code summary} says what was found ("4 nodes, 4 GPUs, 1 NodePool"). */
    default void clusterDone(String cluster, String summary) {}

    /** A one-line step outside the per-cluster work ("analysing", "wrote report.html"). */
    default void note(String message) {}
}
