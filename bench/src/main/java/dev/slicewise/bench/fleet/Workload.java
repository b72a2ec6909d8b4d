package dev.slicewise.bench.fleet;

/**
 * One generated GPU workload replica (a pod holding one GPU today), with the hourly series the CloudWatch collector
 * would deliver for its GPU: utilization mean/max (percent) and framebuffer mean/max (MiB), no gaps.
 *
 * @param owner     its controller ({@code Deployment/svc-0007}); replicas of one owner share level and working set
 * @param cpuMillis CPU request
 * @param memoryMiB memory request
 */
public record Workload(String namespace, String pod, String owner, Kind kind, double[] utilAvg, double[] utilMax,
                       double[] memAvg, double[] memMax, int cpuMillis, long memoryMiB) {

    /** The three shapes of GPU work the mix is made of. */
    public enum Kind { INFERENCE, NOTEBOOK, TRAINING }

    public String id() {
        return namespace + "/" + pod;
    }

    /** Highest hourly framebuffer maximum: what the engine takes as the workload's peak memory. */
    public double peakMemMiB() {
        double m = 0;
        for (double v : memMax) m = Math.max(m, v);
        return m;
    }
}
