package dev.slicewise.demo;

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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A deterministic demo fleet: one EKS cluster ({@value #CLUSTER}, {@value #REGION}) with five Karpenter NodePools whose
 * GPU series are built from the real H100 probe telemetry (see {@code docs/demo-fleet.md} for the method and numbers).
 *
 * <p>How a tenant's hourly series is made: every hour gets a load factor L (a diurnal curve in New York time, lower at
 * weekends, with noise; 1 for training). Then 60 one-minute datapoints (what the CloudWatch agent scrapes from
 * dcgm-exporter in an hour) are drawn from the probe trace's real 100 ms samples, each scaled by {@code s × L} where
 * {@code s = tenant level / trace mean}. The hourly Average is their mean, the Maximum their largest, SampleCount 60.
 * Memory is the drawn samples' {@code fb_used_mib} scaled to the tenant's working set. Nothing is tuned towards an
 * expected recommendation: the numbers are the tenants' stated levels and the probe's shapes.
 *
 * <p>Same seed, lookback and clock give the same snapshot, bit for bit.
 */
public final class DemoFleet {
    public static final String CLUSTER = "demo-eks";
    public static final String REGION = "us-east-1";
    public static final long DEFAULT_SEED = 20261122L;
    public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(14);

    /** CloudWatch agent scrapes dcgm-exporter once a minute. */
    static final int DATAPOINTS_PER_HOUR = 60;
    /** Share of hours an agent misses (restarts, throttling); gaps stay gaps. */
    static final double GAP_RATE = 0.004;
    /** The demo's users are on the US east coast. */
    static final ZoneId LOCAL = ZoneId.of("America/New_York");

    private static final String DRIVER = "570.172.08";

    private final long seed;
    private final Duration lookback;
    private final Map<String, ProbeTrace> traces = new HashMap<>();

    public DemoFleet(long seed, Duration lookback) {
        if (lookback.compareTo(Duration.ofHours(1)) < 0 || lookback.toSeconds() % 3600 != 0) {
            throw new IllegalArgumentException("the demo's lookback must be a whole number of hours, at least 1: " + lookback);
        }
        this.seed = seed;
        this.lookback = lookback;
    }

    /** The default demo: 14 days of hourly series ending at the last whole hour of {@code clock}. */
    public static FleetSnapshot snapshot(Clock clock) {
        return new DemoFleet(DEFAULT_SEED, DEFAULT_LOOKBACK).build(clock);
    }

    public FleetSnapshot build(Clock clock) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant end = now.truncatedTo(ChronoUnit.HOURS);
        Window window = new Window(end.minus(lookback), end, Duration.ofHours(1));

        List<GpuNode> nodes = new ArrayList<>();
        List<GpuWorkload> workloads = new ArrayList<>();
        SplittableRandom names = new SplittableRandom(seed);
        Map<String, Integer> ordinals = new HashMap<>();
        for (NodePlan plan : plans()) {
            String name = nodeName(names, plan.zone());
            Instant createdAt = end.minus(plan.age());
            Instant dataFrom = plan.dataFor() == null ? createdAt : end.minus(plan.dataFor());
            boolean[] gaps = gaps(name, window, dataFrom);
            List<GpuDevice> gpus = new ArrayList<>();
            int next = 0;
            for (Svc svc : plan.pods()) {
                List<String> devices = new ArrayList<>();
                for (int g = 0; g < svc.gpus(); g++, next++) {
                    String device = "nvidia" + next;
                    devices.add(device);
                    gpus.add(new GpuDevice(device, uuid(name, device), metrics(svc, name, device, window, gaps)));
                }
                int ordinal = ordinals.merge(svc.name(), 1, Integer::sum) - 1;
                workloads.add(new GpuWorkload(svc.namespace(), podName(svc, ordinal, names), svc.ownerKind() + "/" + svc.name(),
                        name, devices, "nvidia.com/gpu", svc.gpus(), svc.cpuMillis(), svc.memoryMiB(), null));
            }
            if (next != plan.box().gpus()) throw new IllegalStateException(name + ": " + next + " GPUs assigned of " + plan.box().gpus());
            nodes.add(new GpuNode(name, plan.pool().name(), plan.box().type(), plan.capacity(), createdAt,
                    labels(name, plan), plan.box().gpus(), gpus));
        }
        DevicePluginSetup plugin = new DevicePluginSetup(DevicePluginSetup.Mode.GPU_OPERATOR, "gpu-operator", null, null,
                Map.of(), "single");
        ClusterSnapshot cluster = new ClusterSnapshot(CLUSTER, REGION, pools(), nodes, workloads, plugin,
                List.of("demo fleet: a made-up cluster whose GPU series are built from real H100 probe telemetry "
                        + "(data/h100-sharing-probe, measured 2026-11-22); see docs/demo-fleet.md"));
        return new FleetSnapshot(FleetSnapshot.SCHEMA_VERSION, now, window, List.of(cluster));
    }

    // ------------------------------------------------------------------------------------------ the fleet itself

    /** EC2 facts of the instance types used (Karpenter instance-type reference; GFD memory as NVML reports it). */
    record Box(String type, int gpus, int ec2GpuMiB, int vcpu, int memoryGiB, String gpuName, String product,
               long gfdMemoryMiB, String gpuFamily, int ccMajor, int ccMinor, boolean mig) {
        String family() {
            return type.substring(0, type.indexOf('.'));
        }

        String size() {
            return type.substring(type.indexOf('.') + 1);
        }
    }

    static final Box G4DN_2XL = new Box("g4dn.2xlarge", 1, 16384, 8, 32, "t4", "Tesla-T4", 15360, "turing", 7, 5, false);
    static final Box G5_XL = new Box("g5.xlarge", 1, 22888, 4, 16, "a10g", "NVIDIA-A10G", 23028, "ampere", 8, 6, false);
    static final Box G5_2XL = new Box("g5.2xlarge", 1, 22888, 8, 32, "a10g", "NVIDIA-A10G", 23028, "ampere", 8, 6, false);
    static final Box G6_XL = new Box("g6.xlarge", 1, 22888, 4, 16, "l4", "NVIDIA-L4", 23034, "ada-lovelace", 8, 9, false);
    static final Box P5_48XL = new Box("p5.48xlarge", 8, 81920, 192, 2048, "h100", "NVIDIA-H100-80GB-HBM3", 81559, "hopper", 9, 0, true);
    static final Box P4D_24XL = new Box("p4d.24xlarge", 8, 40960, 96, 1152, "a100", "NVIDIA-A100-SXM4-40GB", 40960, "ampere", 8, 0, true);

    enum Load { DIURNAL, FLAT }

    /**
     * A workload (all replicas alike).
     *
     * @param trace  probe trace whose samples give the shape
     * @param level  mean utilization at full load on its own GPU, percent; null = exactly as measured on the H100
     * @param memMiB framebuffer working set, MiB (the trace's fb_used_mib scaled to it)
     */
    record Svc(String namespace, String ownerKind, String name, int gpus, String trace, Double level, double memMiB, Load load,
               int cpuMillis, long memoryMiB) {}

    record NodePlan(NodePoolInfo pool, Box box, String capacity, String zone, Duration age, Duration dataFor, List<Svc> pods) {}

    private static final String T1 = "inference/smi_T1.csv";
    private static final String T2 = "inference/smi_T2.csv";
    private static final String T4 = "inference/smi_T4.csv";
    private static final String A1 = "kernel/smi_A1.csv";
    private static final String A7 = "kernel/smi_A7.csv";

    static final NodePoolInfo INFERENCE_G4DN = pool("inference-g4dn", "online-inference", "ml-serving", "8", "64", "256Gi", List.of("g4dn.2xlarge"), "on-demand");
    static final NodePoolInfo VISION_G5 = pool("vision-g5", "vision", "vision", "12", "96", "384Gi", List.of("g5.xlarge", "g5.2xlarge"), "on-demand");
    static final NodePoolInfo LLM_P5 = pool("llm-p5", "llm-inference", "llm-platform", "16", "384", "4096Gi", List.of("p5.48xlarge"), "on-demand");
    static final NodePoolInfo TRAINING_P4D = pool("training-p4d", "training", "research", "16", "192", "2304Gi", List.of("p4d.24xlarge"), "on-demand");
    static final NodePoolInfo BATCH_SPOT_G6 = pool("batch-spot-g6", "batch", "content", "6", "48", "192Gi", List.of("g6.xlarge", "g6.2xlarge"), "spot");

    static List<NodePoolInfo> pools() {
        return List.of(INFERENCE_G4DN, VISION_G5, LLM_P5, TRAINING_P4D, BATCH_SPOT_G6);
    }

    /** A Karpenter NodePool whose limits allow a little growth over today's nodes. */
    private static NodePoolInfo pool(String name, String workloadClass, String team, String gpuLimit, String cpuLimit,
                                     String memoryLimit, List<String> types, String capacity) {
        return new NodePoolInfo(name, NodePoolInfo.PoolKind.KARPENTER, Map.of("workload-class", workloadClass, "team", team),
                Map.of("nvidia.com/gpu", gpuLimit, "cpu", cpuLimit, "memory", memoryLimit), types, List.of(capacity));
    }

    private List<NodePlan> plans() {
        Duration old1 = lookback.plusDays(23), old2 = lookback.plusDays(41), old3 = lookback.plusDays(9);

        // The seeds' example: small inference services, one per T4, ~25 % p95 and ~2 GiB each.
        Svc embedder = svc("ml-serving", "text-embedder", T1, 24.0, 2150, 1500, 6144);
        Svc sentiment = svc("ml-serving", "sentiment-api", T1, 22.0, 1850, 1500, 6144);
        Svc intent = svc("ml-serving", "intent-classifier", T1, 25.0, 2300, 1500, 6144);

        // A10G has no MIG: low-utilization vision services, a steady enhancer, and a forgotten notebook.
        Svc tagger = svc("vision", "image-tagger", T1, 15.0, 3600, 1000, 4096);
        Svc enhancer = svc("vision", "thumbnail-enhancer", A1, 12.0, 2900, 1000, 4096);
        Svc ocr = svc("vision", "ocr-service", T2, 18.0, 5200, 2000, 8192);
        Svc notebook = svc("research", "jupyter-gpu-anna", T1, 0.3, 6100, 2000, 8192);
        Svc detector = svc("vision", "object-detector", T1, 17.0, 4300, 2000, 8192);

        // One small service per H100 (the probe's T1, unscaled), plus bigger tenants that need 1g.20gb/2g/3g slices.
        Svc embedSmall = svc("llm-serving", "embed-small", T1, null, 1903, 4000, 32768);
        Svc rerank = svc("llm-serving", "rerank-base", T1, 9.0, 2600, 4000, 32768);
        Svc toxicity = svc("llm-serving", "toxicity-filter", T1, 6.0, 1400, 4000, 32768);
        Svc ner = svc("llm-serving", "ner-tagger", T1, 7.0, 3100, 4000, 32768);
        Svc asr = svc("llm-serving", "asr-whisper-small", T1, 11.0, 4600, 4000, 32768);
        Svc chat = svc("llm-serving", "chat-7b", T2, 14.0, 15900, 8000, 65536);
        Svc summarizer = svc("llm-serving", "summarizer-13b", T4, 24.0, 29700, 8000, 65536);

        // Distributed training: busy around the clock, memory nearly full. Must be left alone.
        Svc pretrain = new Svc("research", "PyTorchJob", "ranker-pretrain", 8, A7, null, 36500, Load.FLAT, 88000, 983040);

        // Spot batch workers; the third node's dcgm-exporter only started 40 hours ago (a toleration was missing).
        Svc caption = svc("content", "caption-worker", T1, 19.0, 3000, 1000, 4096);

        List<NodePlan> p = new ArrayList<>();
        p.add(new NodePlan(INFERENCE_G4DN, G4DN_2XL, "on-demand", "us-east-1a", old1, null, List.of(embedder)));
        p.add(new NodePlan(INFERENCE_G4DN, G4DN_2XL, "on-demand", "us-east-1b", old2, null, List.of(embedder)));
        p.add(new NodePlan(INFERENCE_G4DN, G4DN_2XL, "on-demand", "us-east-1c", old3, null, List.of(sentiment)));
        p.add(new NodePlan(INFERENCE_G4DN, G4DN_2XL, "on-demand", "us-east-1a", old2, null, List.of(intent)));

        p.add(new NodePlan(VISION_G5, G5_XL, "on-demand", "us-east-1a", old1, null, List.of(tagger)));
        p.add(new NodePlan(VISION_G5, G5_XL, "on-demand", "us-east-1b", old3, null, List.of(tagger)));
        p.add(new NodePlan(VISION_G5, G5_XL, "on-demand", "us-east-1c", old2, null, List.of(enhancer)));
        p.add(new NodePlan(VISION_G5, G5_2XL, "on-demand", "us-east-1a", old1, null, List.of(ocr)));
        p.add(new NodePlan(VISION_G5, G5_2XL, "on-demand", "us-east-1b", old2, null, List.of(notebook)));
        p.add(new NodePlan(VISION_G5, G5_2XL, "on-demand", "us-east-1c", Duration.ofHours(30), null, List.of(detector)));

        p.add(new NodePlan(LLM_P5, P5_48XL, "on-demand", "us-east-1a", old1, null,
                List.of(embedSmall, embedSmall, embedSmall, embedSmall, rerank, rerank, rerank, toxicity)));
        p.add(new NodePlan(LLM_P5, P5_48XL, "on-demand", "us-east-1a", old3, null,
                List.of(toxicity, toxicity, ner, ner, asr, asr, chat, summarizer)));

        p.add(new NodePlan(TRAINING_P4D, P4D_24XL, "on-demand", "us-east-1b", old1, null, List.of(pretrain)));
        p.add(new NodePlan(TRAINING_P4D, P4D_24XL, "on-demand", "us-east-1b", old1, null, List.of(pretrain)));

        p.add(new NodePlan(BATCH_SPOT_G6, G6_XL, "spot", "us-east-1a", old3, null, List.of(caption)));
        p.add(new NodePlan(BATCH_SPOT_G6, G6_XL, "spot", "us-east-1c", old1, null, List.of(caption)));
        p.add(new NodePlan(BATCH_SPOT_G6, G6_XL, "spot", "us-east-1b", old2, Duration.ofHours(40), List.of(caption)));
        return p;
    }

    private static Svc svc(String ns, String name, String trace, Double level, double memMiB, int cpuMillis, long memoryMiB) {
        return new Svc(ns, "Deployment", name, 1, trace, level, memMiB, Load.DIURNAL, cpuMillis, memoryMiB);
    }

    // ------------------------------------------------------------------------------------------------ series

    private GpuMetrics metrics(Svc svc, String node, String device, Window window, boolean[] gaps) {
        ProbeTrace trace = traces.computeIfAbsent(svc.trace(), ProbeTrace::load);
        double scale = svc.level() == null ? 1.0 : svc.level() / trace.meanUtil();
        double memScale = svc.memMiB() / trace.maxFbMiB();
        SplittableRandom rng = new SplittableRandom(seed ^ stableHash(node + "/" + device));
        double phaseHours = rng.nextDouble(-1.5, 1.5);
        int n = window.points();
        double[] uAvg = new double[n], uMax = new double[n], mAvg = new double[n], mMax = new double[n];
        long[] samples = new long[n];
        for (int i = 0; i < n; i++) {
            Instant t = window.start().plus(window.step().multipliedBy(i));
            double load = load(svc.load(), t, phaseHours, rng);
            if (gaps[i]) {
                uAvg[i] = uMax[i] = mAvg[i] = mMax[i] = Double.NaN;
                continue;
            }
            double uSum = 0, uHi = 0, mSum = 0, mHi = 0;
            for (int k = 0; k < DATAPOINTS_PER_HOUR; k++) {
                int idx = rng.nextInt(trace.size());
                double u = Math.min(100, trace.util()[idx] * scale * load);
                double m = trace.fbMiB()[idx] * memScale;
                uSum += u;
                uHi = Math.max(uHi, u);
                mSum += m;
                mHi = Math.max(mHi, m);
            }
            uAvg[i] = round2(uSum / DATAPOINTS_PER_HOUR);
            uMax[i] = round2(uHi);
            mAvg[i] = Math.round(mSum / DATAPOINTS_PER_HOUR);
            mMax[i] = Math.round(mHi);
            samples[i] = DATAPOINTS_PER_HOUR;
        }
        Duration step = window.step();
        return new GpuMetrics(new UsageSeries(window.start(), step, uAvg, uMax, samples),
                new UsageSeries(window.start(), step, mAvg, mMax, samples.clone()));
    }

    /**
     * Load relative to the probe's 60 requests/s: a daily curve peaking at 15:00 New York time (1.0) with a trough at
     * 03:00 (0.2), 55 % of that at weekends, times log-normal noise (sigma 0.10). Training runs flat out.
     */
    static double load(Load kind, Instant t, double phaseHours, SplittableRandom rng) {
        if (kind == Load.FLAT) return Math.exp(0.02 * rng.nextGaussian());
        ZonedDateTime local = t.atZone(LOCAL);
        double hour = local.getHour() + phaseHours;
        double base = 0.6 - 0.4 * Math.cos(2 * Math.PI * (hour - 15) / 24);
        DayOfWeek d = local.getDayOfWeek();
        if (d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY) base *= 0.55;
        return base * Math.exp(0.10 * rng.nextGaussian());
    }

    /** Hours without data on a node: before its data starts, and the agent's occasional misses. */
    private boolean[] gaps(String node, Window window, Instant dataFrom) {
        SplittableRandom rng = new SplittableRandom(seed ^ stableHash(node + "/gaps"));
        boolean[] gaps = new boolean[window.points()];
        for (int i = 0; i < gaps.length; i++) {
            Instant stepEnd = window.start().plus(window.step().multipliedBy(i + 1));
            gaps[i] = !stepEnd.isAfter(dataFrom) || rng.nextDouble() < GAP_RATE;
        }
        return gaps;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    // ------------------------------------------------------------------------------------------ names, labels

    private static final String KUBE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"; // what Kubernetes uses for generated names

    private static String nodeName(SplittableRandom rng, String zone) {
        int subnet = switch (zone) {
            case "us-east-1a" -> 32;
            case "us-east-1b" -> 64;
            default -> 96;
        };
        return "ip-10-0-" + (subnet + rng.nextInt(32)) + "-" + (10 + rng.nextInt(240)) + ".ec2.internal";
    }

    private static String podName(Svc svc, int ordinal, SplittableRandom rng) {
        if (!svc.ownerKind().equals("Deployment")) return svc.name() + "-worker-" + ordinal;
        SplittableRandom template = new SplittableRandom(stableHash(svc.name())); // one pod-template-hash per Deployment
        return svc.name() + "-" + kubeChars(template, 10) + "-" + kubeChars(rng, 5);
    }

    private static String kubeChars(SplittableRandom rng, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(KUBE_ALPHABET.charAt(rng.nextInt(KUBE_ALPHABET.length())));
        return sb.toString();
    }

    private static String uuid(String node, String device) {
        return "GPU-" + UUID.nameUUIDFromBytes((node + "/" + device).getBytes(StandardCharsets.UTF_8));
    }

    /** Labels as a Karpenter-provisioned EKS node with the GPU Operator (GFD + MIG manager) shows them. */
    private static Map<String, String> labels(String name, NodePlan plan) {
        Box b = plan.box();
        Map<String, String> l = new TreeMap<>(plan.pool().templateLabels());
        l.put("kubernetes.io/arch", "amd64");
        l.put("kubernetes.io/os", "linux");
        l.put("kubernetes.io/hostname", name);
        l.put("node.kubernetes.io/instance-type", b.type());
        l.put("topology.kubernetes.io/region", REGION);
        l.put("topology.kubernetes.io/zone", plan.zone());
        l.put("karpenter.sh/nodepool", plan.pool().name());
        l.put("karpenter.sh/capacity-type", plan.capacity());
        l.put("karpenter.sh/registered", "true");
        l.put("karpenter.sh/initialized", "true");
        l.put("karpenter.k8s.aws/ec2nodeclass", "gpu");
        l.put("karpenter.k8s.aws/instance-family", b.family());
        l.put("karpenter.k8s.aws/instance-size", b.size());
        l.put("karpenter.k8s.aws/instance-cpu", Integer.toString(b.vcpu()));
        l.put("karpenter.k8s.aws/instance-memory", Integer.toString(b.memoryGiB() * 1024));
        l.put("karpenter.k8s.aws/instance-gpu-name", b.gpuName());
        l.put("karpenter.k8s.aws/instance-gpu-manufacturer", "nvidia");
        l.put("karpenter.k8s.aws/instance-gpu-count", Integer.toString(b.gpus()));
        l.put("karpenter.k8s.aws/instance-gpu-memory", Integer.toString(b.ec2GpuMiB()));
        // GPU Feature Discovery (device plugin v0.20.0), no sharing configured yet
        l.put("nvidia.com/gpu.present", "true");
        l.put("nvidia.com/gpu.product", b.product());
        l.put("nvidia.com/gpu.count", Integer.toString(b.gpus()));
        l.put("nvidia.com/gpu.memory", Long.toString(b.gfdMemoryMiB()));
        l.put("nvidia.com/gpu.replicas", "1");
        l.put("nvidia.com/gpu.sharing-strategy", "none");
        l.put("nvidia.com/gpu.family", b.gpuFamily());
        l.put("nvidia.com/gpu.compute.major", Integer.toString(b.ccMajor()));
        l.put("nvidia.com/gpu.compute.minor", Integer.toString(b.ccMinor()));
        l.put("nvidia.com/gpu.machine", b.type());
        l.put("nvidia.com/gpu.mode", "compute");
        l.put("nvidia.com/cuda.driver-version.full", DRIVER);
        l.put("nvidia.com/cuda.driver-version.major", DRIVER.split("\\.")[0]);
        l.put("nvidia.com/cuda.driver-version.minor", DRIVER.split("\\.")[1]);
        l.put("nvidia.com/cuda.driver-version.revision", DRIVER.split("\\.")[2]);
        l.put("nvidia.com/cuda.runtime-version.full", "12.8");
        l.put("nvidia.com/cuda.runtime-version.major", "12");
        l.put("nvidia.com/cuda.runtime-version.minor", "8");
        l.put("nvidia.com/mig.capable", Boolean.toString(b.mig()));
        l.put("nvidia.com/mps.capable", "false");
        l.put("nvidia.com/gpu.deploy.device-plugin", "true");
        l.put("nvidia.com/gpu.deploy.gpu-feature-discovery", "true");
        l.put("nvidia.com/gpu.deploy.dcgm-exporter", "true");
        if (b.mig()) {
            // ClusterPolicy mig.strategy single; MIG manager has applied the default config (MIG off)
            l.put("nvidia.com/mig.strategy", "single");
            l.put("nvidia.com/mig.config", "all-disabled");
            l.put("nvidia.com/mig.config.state", "success");
            l.put("nvidia.com/gpu.deploy.mig-manager", "true");
        }
        return new LinkedHashMap<>(l);
    }

    /** A 64-bit string hash spelled out here, so seeds derived from names are the same on every JVM and release. */
    private static long stableHash(String s) {
        long h = 1125899906842597L;
        for (int i = 0; i < s.length(); i++) h = 31 * h + s.charAt(i);
        return h;
    }
}
