package dev.slicewise.collect;

/** Lets a caller (the CLI) show how far a collection is. Called on the collecting thread. */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void step(String message) {}

        @Override
        public void metricBatch(int done, int planned, int queries) {}
    };

    /** A phase started ("reading nodes", "listing CloudWatch metrics"). */
    void step(String message);

    /**
     * One GetMetricData request answered.
     *
     * @param done    requests answered so far (NextToken follow-ups included)
     * @param planned requests the plan needs (the minimum for the data requested)
     * @param queries metric queries in the request just answered
     */
    void metricBatch(int done, int planned, int queries);
}
