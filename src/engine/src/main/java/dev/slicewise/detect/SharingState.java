package dev.slicewise.detect;

import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a node's GPUs are shared today, read from the labels GPU Feature Discovery, the GPU Operator and the device
 * plugin leave on it. It decides which series can be trusted: per-pod GPU metrics cannot be attributed once a GPU
 * is time-sliced (dcgm-exporter limitation), and GPU_UTIL is not reported per MIG instance, so a MIG-partitioned
 * GPU is judged by GR_ENGINE_ACTIVE.
 *
 * @param timeSliced     the node advertises replicas of its GPUs (time-slicing or MPS)
 * @param migPartitioned the node's GPUs run MIG instances
 * @param why            the evidence, e.g. "label nvidia.com/gpu.replicas=4"; empty when unshared
 */
public record SharingState(boolean timeSliced, boolean migPartitioned, List<String> why) {
    public static final SharingState UNSHARED = new SharingState(false, false, List.of());

    public static final String DEVICE_PLUGIN_CONFIG = "nvidia.com/device-plugin.config";
    public static final String GPU_REPLICAS = "nvidia.com/gpu.replicas";
    public static final String SHARING_STRATEGY = "nvidia.com/gpu.sharing-strategy";
    public static final String GPU_PRODUCT = "nvidia.com/gpu.product";
    public static final String MIG_CONFIG = "nvidia.com/mig.config";

    public SharingState {
        why = List.copyOf(why);
    }

    public boolean shared() {
        return timeSliced || migPartitioned;
    }

    /** Reads the node's labels, the configs the device plugin has, and what its pods request. */
    public static SharingState of(GpuNode node, DevicePluginSetup setup, List<GpuWorkload> podsOnNode) {
        List<String> why = new ArrayList<>();
        boolean ts = false;
        boolean mig = false;
        Map<String, String> labels = node.labels();

        String replicas = labels.get(GPU_REPLICAS);
        if (replicas != null) {
            try {
                if (Integer.parseInt(replicas.trim()) > 1) {
                    ts = true;
                    why.add("label " + GPU_REPLICAS + "=" + replicas);
                }
            } catch (NumberFormatException e) {
                // an unparsable label is not evidence either way
            }
        }
        String strategy = labels.get(SHARING_STRATEGY);
        if (strategy != null && !strategy.isBlank() && !strategy.equals("none")) {
            ts = true;
            why.add("label " + SHARING_STRATEGY + "=" + strategy);
        }
        String config = labels.get(DEVICE_PLUGIN_CONFIG);
        if (config != null && setup != null) {
            String yaml = setup.configs().get(config);
            if (yaml != null && (yaml.contains("timeSlicing") || yaml.contains("mps:"))) {
                ts = true;
                why.add("label " + DEVICE_PLUGIN_CONFIG + "=" + config + " selects a sharing config");
            }
        }
        if (!node.gpus().isEmpty() && node.allocatableGpus() > node.gpus().size()) {
            ts = true;
            why.add("allocatable nvidia.com/gpu " + node.allocatableGpus() + " > " + node.gpus().size() + " physical GPUs");
        }
        String product = labels.get(GPU_PRODUCT);
        if (product != null && product.endsWith("-SHARED")) {
            ts = true;
            why.add("label " + GPU_PRODUCT + "=" + product);
        }
        if (product != null && product.contains("-MIG-")) {
            mig = true;
            why.add("label " + GPU_PRODUCT + "=" + product);
        }
        String migConfig = labels.get(MIG_CONFIG);
        if (migConfig != null && !migConfig.isBlank() && !migConfig.equals("all-disabled")) {
            mig = true;
            why.add("label " + MIG_CONFIG + "=" + migConfig);
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey().startsWith("nvidia.com/mig-") && e.getKey().endsWith(".count") && positive(e.getValue())) {
                mig = true;
                why.add("label " + e.getKey() + "=" + e.getValue());
                break;
            }
        }
        for (GpuWorkload w : podsOnNode) {
            String r = w.gpuResource();
            if (r == null) continue;
            if (r.startsWith("nvidia.com/mig-")) {
                mig = true;
                why.add("pod " + w.id() + " requests " + r);
                break;
            }
            if (r.endsWith(".shared")) {
                ts = true;
                why.add("pod " + w.id() + " requests " + r);
                break;
            }
        }
        return new SharingState(ts, mig, why.stream().distinct().sorted().toList());
    }

    private static boolean positive(String v) {
        try {
            return Integer.parseInt(v.trim()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** "time-sliced (label …)" / "MIG-partitioned (…)" for reasons; empty when unshared. */
    public String describe() {
        if (!shared()) return "";
        String kind = migPartitioned && timeSliced ? "MIG-partitioned and time-sliced" : migPartitioned ? "MIG-partitioned" : "time-sliced";
        return kind + " (" + String.join(", ", why) + ")";
    }
}
