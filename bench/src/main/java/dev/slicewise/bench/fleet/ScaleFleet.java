package dev.slicewise.bench.fleet;

import dev.slicewise.catalog.InstanceType;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.GpuDevice;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.fleet.NodePoolInfo;
import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A whole fleet snapshot of any number of 8-GPU nodes, shaped like a large EKS estate: clusters of up to
 * {@value #NODES_PER_CLUSTER} nodes, Karpenter NodePools of up to {@value #NODES_PER_POOL} p5.48xlarge nodes. In each
 * pool 80 % of the nodes hold one pod per GPU drawn from {@link WorkloadMix} (the underused nodes the engine re-packs)
 * and 20 % run an 8-GPU training job at ~85 % (busy, left alone). Series are 14
 * days hourly (avg, max, sample count for utilization and framebuffer, every GPU its own arrays, as the collector
 * delivers them). Same node count, same snapshot.
 */
public final class ScaleFleet {
    public static final int NODES_PER_POOL = 50;
    public static final int NODES_PER_CLUSTER = 500;
    public static final String INSTANCE_TYPE = "p5.48xlarge";

    private ScaleFleet() {}

    public static FleetSnapshot build(int nodes, InstanceType type, long seed) {
        Window w = WorkloadMix.WINDOW;
        List<ClusterSnapshot> clusters = new ArrayList<>();
        WorkloadMix mix = new WorkloadMix(type);
        SplittableRandom rng = new SplittableRandom(seed);
        int made = 0, clusterNo = 0;
        while (made < nodes) {
            int inCluster = Math.min(NODES_PER_CLUSTER, nodes - made);
            String cluster = String.format(Locale.ROOT, "eks-%02d", clusterNo++);
            List<NodePoolInfo> pools = new ArrayList<>();
            List<GpuNode> gpuNodes = new ArrayList<>();
            List<GpuWorkload> pods = new ArrayList<>();
            int poolNo = 0;
            for (int done = 0; done < inCluster; done += NODES_PER_POOL) {
                int inPool = Math.min(NODES_PER_POOL, inCluster - done);
                String pool = String.format(Locale.ROOT, "gpu-%02d", poolNo++);
                pools.add(new NodePoolInfo(pool, NodePoolInfo.PoolKind.KARPENTER, Map.of("workload-class", pool),
                        Map.of("nvidia.com/gpu", Integer.toString(inPool * type.gpuCount() + 16)), List.of(type.name()), List.of("on-demand")));
                int training = inPool / 5;
                int shared = inPool - training;
                List<Workload> tenants = mix.generate(rng.nextLong(), shared * type.gpuCount());
                for (int k = 0; k < inPool; k++) {
                    String node = String.format(Locale.ROOT, "ip-10-%d-%d-%d.ec2.internal", clusterNo, poolNo, k);
                    List<GpuDevice> devices = new ArrayList<>();
                    if (k < shared) {
                        for (int g = 0; g < type.gpuCount(); g++) {
                            Workload t = tenants.get(k * type.gpuCount() + g);
                            String dev = "nvidia" + g;
                            devices.add(new GpuDevice(dev, null, metrics(w, t.utilAvg(), t.utilMax(), t.memAvg(), t.memMax())));
                            // workload names repeat from pool to pool: the pool prefixes them
                            pods.add(new GpuWorkload(t.namespace(), pool + "-" + t.pod(), t.owner().replace("/", "/" + pool + "-"), node,
                                    List.of(dev), "nvidia.com/gpu", 1, t.cpuMillis(), t.memoryMiB(), null));
                        }
                    } else {
                        List<String> all = new ArrayList<>();
                        for (int g = 0; g < type.gpuCount(); g++) {
                            String dev = "nvidia" + g;
                            all.add(dev);
                            devices.add(new GpuDevice(dev, null, busy(w, rng)));
                        }
                        pods.add(new GpuWorkload("research", "pretrain-" + pool + "-worker-" + k, "PyTorchJob/pretrain-" + pool, node, all,
                                "nvidia.com/gpu", type.gpuCount(), 160_000, 1_500_000, null));
                    }
                    gpuNodes.add(new GpuNode(node, pool, type.name(), "on-demand", w.start().minus(Duration.ofDays(30)),
                            labels(node, pool, type), type.gpuCount(), devices));
                }
            }
            clusters.add(new ClusterSnapshot(cluster, "us-east-1", pools, gpuNodes, pods,
                    new DevicePluginSetup(DevicePluginSetup.Mode.GPU_OPERATOR, "gpu-operator", null, null, Map.of(), "single"),
                    List.of("benchmark fleet")));
            made += inCluster;
        }
        return new FleetSnapshot(FleetSnapshot.SCHEMA_VERSION, WorkloadMix.END, w, clusters);
    }

    private static GpuMetrics metrics(Window w, double[] uAvg, double[] uMax, double[] mAvg, double[] mMax) {
        long[] s1 = new long[uAvg.length], s2 = new long[uAvg.length];
        Arrays.fill(s1, 60);
        Arrays.fill(s2, 60);
        return new GpuMetrics(new UsageSeries(w.start(), w.step(), uAvg, uMax, s1), new UsageSeries(w.start(), w.step(), mAvg, mMax, s2));
    }

    /** A training rank: ~85 % all day, 60 GiB. */
    private static GpuMetrics busy(Window w, SplittableRandom rng) {
        int n = w.points();
        double[] uAvg = new double[n], uMax = new double[n], mAvg = new double[n], mMax = new double[n];
        for (int h = 0; h < n; h++) {
            uAvg[h] = Math.round(85 * Math.exp(0.03 * rng.nextGaussian()) * 100) / 100.0;
            uMax[h] = 100;
            mAvg[h] = 61_000;
            mMax[h] = 61_440;
        }
        return metrics(w, uAvg, uMax, mAvg, mMax);
    }

    private static Map<String, String> labels(String node, String pool, InstanceType type) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("kubernetes.io/hostname", node);
        l.put("node.kubernetes.io/instance-type", type.name());
        l.put("karpenter.sh/nodepool", pool);
        l.put("karpenter.sh/capacity-type", "on-demand");
        l.put("karpenter.k8s.aws/instance-gpu-count", Integer.toString(type.gpuCount()));
        l.put("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
        l.put("nvidia.com/gpu.count", Integer.toString(type.gpuCount()));
        l.put("nvidia.com/gpu.replicas", "1");
        l.put("nvidia.com/gpu.sharing-strategy", "none");
        l.put("nvidia.com/mig.capable", "true");
        l.put("nvidia.com/mig.strategy", "single");
        l.put("nvidia.com/mig.config", "all-disabled");
        return l;
    }
}
