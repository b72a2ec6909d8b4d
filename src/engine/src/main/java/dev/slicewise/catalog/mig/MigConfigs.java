package dev.slicewise.catalog.mig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slicewise.catalog.GpuModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * mig-parted configs for a recommendation: the GPU Operator's stock config name that already yields a layout, or a
 * custom config that does.
 *
 * <p>Stock config names are GPU-relative (nvidia-k8s.md 2.4): {@code all-1g.10gb} gives 7 x 1g.10gb on H100-80GB
 * but 4 x the two-slice 1g.10gb on A100-40GB, and {@code all-balanced} has one entry per PCI device id. So a name is
 * only reported for a model when, for each of the model's PCI ids, exactly one entry of that config applies (its
 * device-filter admits the id), it covers all GPUs, enables MIG and asks for exactly the layout.
 */
public final class MigConfigs {
    /** The bundled copy of the GPU Operator's default mig-parted ConfigMap. */
    public static final String STOCK_RESOURCE = "dev/slicewise/catalog/mig/default-mig-parted-config.yaml";

    private static final class Holder {
        static final MigPartedConfig STOCK = loadStock();
    }

    private MigConfigs() {}

    /** The stock config (the ConfigMap's {@code config.yaml}), parsed once. */
    public static MigPartedConfig stock() {
        return Holder.STOCK;
    }

    /**
     * The stock config name that gives every GPU of {@code gpu}'s model exactly {@code layout}, spelled as the node
     * names its profiles; empty when a custom config is needed (e.g. the node spells a profile differently from the
     * stock file, or the layout is not one of NVIDIA's presets).
     */
    public static Optional<String> stockConfigFor(GpuModel gpu, MigLayout layout, MigProfileNames names) {
        return configFor(stock(), gpu, layout, names);
    }

    /** Like {@link #stockConfigFor} over any parsed config (e.g. a cluster's own mig-parted ConfigMap). */
    public static Optional<String> configFor(MigPartedConfig config, GpuModel gpu, MigLayout layout, MigProfileNames names) {
        if (!gpu.migCapable() || layout.size() == 0) return Optional.empty();
        Map<String, Integer> wanted = names.rename(layout);
        for (Map.Entry<String, List<MigPartedConfig.Entry>> c : config.migConfigs().entrySet()) {
            if (yields(c.getValue(), gpu, wanted)) return Optional.of(c.getKey());
        }
        return Optional.empty();
    }

    private static boolean yields(List<MigPartedConfig.Entry> entries, GpuModel gpu, Map<String, Integer> wanted) {
        List<String> ids = gpu.pciDeviceIds();
        if (ids.isEmpty()) {
            // without a device id only filter-free entries are known to apply, and then only if every entry is one
            if (entries.stream().anyMatch(e -> !e.deviceFilter().isEmpty())) return false;
            return entries.size() == 1 && gives(entries.get(0), wanted);
        }
        for (String id : ids) {
            List<MigPartedConfig.Entry> applying = entries.stream().filter(e -> e.matches(id)).toList();
            if (applying.size() != 1 || !gives(applying.get(0), wanted)) return false;
        }
        return true;
    }

    private static boolean gives(MigPartedConfig.Entry e, Map<String, Integer> wanted) {
        if (!e.allDevices() || !e.migEnabled()) return false;
        Map<String, Integer> nonZero = new TreeMap<>();
        e.migDevices().forEach((k, v) -> {
            if (v > 0) nonZero.put(k, v);
        });
        return nonZero.equals(new TreeMap<>(wanted));
    }

    /**
     * A custom config named {@code configName} giving every GPU of {@code gpu}'s model {@code layout}: one entry,
     * {@code device-filter} = the model's PCI ids (so the name is harmless on other GPU types), {@code devices: all},
     * profiles spelled as the node reports them.
     *
     * @throws IllegalArgumentException when the layout does not fit one GPU ({@link MigPlacer}'s reason), or the
     *                                  model has no MIG or no known PCI id
     */
    public static MigPartedConfig custom(GpuModel gpu, String configName, MigLayout layout, MigProfileNames names) {
        return custom(gpu, configName, List.of(layout), names, true);
    }

    /**
     * A custom config for GPUs with different layouts on one node: {@code byIndex.get(i)} is the layout of GPU
     * {@code i}. GPUs with the same layout share an entry with {@code devices: [indices]} (always explicit indices:
     * GPUs beyond the list are left untouched). An empty layout leaves MIG enabled without instances.
     */
    public static MigPartedConfig custom(GpuModel gpu, String configName, List<MigLayout> byIndex, MigProfileNames names) {
        return custom(gpu, configName, byIndex, names, false);
    }

    private static MigPartedConfig custom(GpuModel gpu, String configName, List<MigLayout> byIndex, MigProfileNames names,
                                          boolean all) {
        if (!gpu.migCapable()) throw new IllegalArgumentException(gpu.key() + " has no MIG");
        if (gpu.pciDeviceIds().isEmpty())
            throw new IllegalArgumentException("no PCI device id known for " + gpu.key() + ": cannot write a device-filter");
        if (configName == null || !configName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}"))
            throw new IllegalArgumentException("config name must be a label value (letters, digits, . _ -): " + configName);
        if (byIndex.isEmpty()) throw new IllegalArgumentException("no GPU layouts given");
        for (int i = 0; i < byIndex.size(); i++) {
            Placement p = MigPlacer.place(gpu, byIndex.get(i).counts());
            if (p instanceof Placement.DoesNotFit(String reason))
                throw new IllegalArgumentException((all ? "" : "GPU " + i + ": ") + byIndex.get(i) + " does not fit one "
                        + gpu.key() + ": " + reason);
        }
        Map<MigLayout, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < byIndex.size(); i++) groups.computeIfAbsent(byIndex.get(i), k -> new ArrayList<>()).add(i);
        List<MigPartedConfig.Entry> entries = new ArrayList<>();
        for (Map.Entry<MigLayout, List<Integer>> g : groups.entrySet()) {
            entries.add(new MigPartedConfig.Entry(gpu.pciDeviceIds(), all ? null : g.getValue(), true,
                    names.rename(g.getKey())));
        }
        return new MigPartedConfig("v1", Map.of(configName, entries));
    }

    private static MigPartedConfig loadStock() {
        try (InputStream in = MigConfigs.class.getClassLoader().getResourceAsStream(STOCK_RESOURCE)) {
            if (in == null) throw new IllegalStateException(STOCK_RESOURCE + " not found on the classpath");
            JsonNode configMap = new YAMLMapper().readTree(in);
            JsonNode text = configMap.path("data").path("config.yaml");
            if (!text.isTextual()) throw new IllegalStateException(STOCK_RESOURCE + ": no data.\"config.yaml\" in the ConfigMap");
            return MigPartedConfig.parse(text.asText());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + STOCK_RESOURCE, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(STOCK_RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
