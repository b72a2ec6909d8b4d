package dev.slicewise.catalog.mig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A mig-parted configuration file, {@code version: v1} (mig-parted api/spec/v1; nvidia-k8s.md 2.4): named configs,
 * each a list of entries that apply to the GPUs whose PCI id passes {@code device-filter} and whose index is in
 * {@code devices}.
 *
 * <p>{@link #parse} is as strict as mig-parted itself (unknown keys rejected, counts >= 0, mig-devices only with
 * mig-enabled); {@link #toYaml} writes what mig-parted reads, quoting the PCI ids so a YAML reader cannot take
 * {@code 0x233010DE} for a hexadecimal number.
 */
public record MigPartedConfig(String version, Map<String, List<Entry>> migConfigs) {
    public MigPartedConfig {
        if (!"v1".equals(version)) throw new IllegalArgumentException("mig-parted config version must be v1, not " + version);
        Map<String, List<Entry>> copy = new LinkedHashMap<>();
        migConfigs.forEach((name, entries) -> copy.put(name, List.copyOf(entries)));
        migConfigs = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * One entry of a named config.
     *
     * @param deviceFilter  PCI device+vendor ids ({@code 0x233010DE}); empty = every GPU
     * @param devices       GPU indices; null = {@code all}
     * @param migEnabled    MIG mode on
     * @param migDevices    profile name to instances per GPU (empty with MIG on = MIG enabled, no instances)
     */
    public record Entry(List<String> deviceFilter, List<Integer> devices, boolean migEnabled, Map<String, Integer> migDevices) {
        public Entry {
            deviceFilter = List.copyOf(deviceFilter);
            devices = devices == null ? null : List.copyOf(devices);
            migDevices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(migDevices));
            if (!migEnabled && !migDevices.isEmpty()) throw new IllegalArgumentException("mig-devices given with mig-enabled: false");
        }

        public boolean allDevices() {
            return devices == null;
        }

        /** Whether this entry configures a GPU with PCI id {@code pciId} (case-insensitive, as mig-parted compares). */
        public boolean matches(String pciId) {
            return deviceFilter.isEmpty() || deviceFilter.stream().anyMatch(f -> f.equalsIgnoreCase(pciId));
        }
    }

    private static final Set<String> TOP_KEYS = Set.of("version", "mig-configs");
    private static final Set<String> ENTRY_KEYS = Set.of("device-filter", "devices", "mig-enabled", "mig-devices");
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .build();

    /** Parses a mig-parted config, failing with the config and entry at fault. */
    public static MigPartedConfig parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("mig-parted config is not YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("mig-parted config must be a mapping");
        unknownKeys(root, TOP_KEYS, "top level");
        String version = root.path("version").asText(null);
        JsonNode configs = root.get("mig-configs");
        if (configs == null || !configs.isObject() || configs.isEmpty())
            throw new IllegalArgumentException("mig-parted config needs at least one entry under mig-configs");
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = configs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            if (!c.getValue().isArray() || c.getValue().isEmpty())
                throw new IllegalArgumentException("mig-configs." + c.getKey() + " must be a non-empty list");
            List<Entry> entries = new ArrayList<>();
            int i = 0;
            for (JsonNode e : c.getValue()) entries.add(entry(e, "mig-configs." + c.getKey() + "[" + i++ + "]"));
            out.put(c.getKey(), entries);
        }
        return new MigPartedConfig(version, out);
    }

    private static Entry entry(JsonNode e, String where) {
        if (!e.isObject()) throw new IllegalArgumentException(where + " must be a mapping");
        unknownKeys(e, ENTRY_KEYS, where);
        List<String> filter = new ArrayList<>();
        JsonNode f = e.get("device-filter");
        if (f != null) {
            if (f.isTextual()) filter.add(f.asText());
            else if (f.isArray()) f.forEach(x -> {
                if (!x.isTextual()) throw new IllegalArgumentException(where + ".device-filter must hold quoted PCI id strings");
                filter.add(x.asText());
            });
            else throw new IllegalArgumentException(where + ".device-filter must be a string or a list of strings");
        }
        JsonNode d = e.get("devices");
        List<Integer> devices;
        if (d == null) throw new IllegalArgumentException(where + ".devices is required (\"all\" or a list of GPU indices)");
        if (d.isTextual() && d.asText().equals("all")) devices = null;
        else if (d.isArray()) {
            devices = new ArrayList<>();
            for (JsonNode x : d) {
                if (!x.isInt() || x.asInt() < 0) throw new IllegalArgumentException(where + ".devices must be GPU indices >= 0");
                devices.add(x.asInt());
            }
        } else throw new IllegalArgumentException(where + ".devices must be \"all\" or a list of GPU indices");
        JsonNode enabled = e.get("mig-enabled");
        if (enabled == null || !enabled.isBoolean()) throw new IllegalArgumentException(where + ".mig-enabled (true/false) is required");
        Map<String, Integer> migDevices = new LinkedHashMap<>();
        JsonNode md = e.get("mig-devices");
        if (md != null && !md.isNull()) {
            if (!md.isObject()) throw new IllegalArgumentException(where + ".mig-devices must map profiles to counts");
            for (Iterator<Map.Entry<String, JsonNode>> it = md.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                if (!m.getValue().isInt() || m.getValue().asInt() < 0)
                    throw new IllegalArgumentException(where + ".mig-devices." + m.getKey() + " must be a count >= 0");
                migDevices.put(m.getKey(), m.getValue().asInt());
            }
        }
        if (!enabled.asBoolean() && !migDevices.isEmpty())
            throw new IllegalArgumentException(where + ": mig-devices must be absent when mig-enabled is false");
        if (!migDevices.isEmpty() && migDevices.values().stream().allMatch(n -> n == 0))
            throw new IllegalArgumentException(where + ": all counts for all MigProfiles are 0");
        return new Entry(filter, devices, enabled.asBoolean(), migDevices);
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String where) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) throw new IllegalArgumentException(where + ": unexpected field \"" + k + "\"");
        });
    }

    /** The config as mig-parted reads it (the value of the {@code config.yaml} key of its ConfigMap). */
    public String toYaml() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", version);
        Map<String, Object> configs = new LinkedHashMap<>();
        migConfigs.forEach((name, entries) -> {
            List<Object> list = new ArrayList<>();
            for (Entry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (!e.deviceFilter().isEmpty())
                    m.put("device-filter", e.deviceFilter().stream().map(id -> "0x" + id.substring(2).toUpperCase(Locale.ROOT)).toList());
                m.put("devices", e.allDevices() ? "all" : e.devices());
                m.put("mig-enabled", e.migEnabled());
                if (e.migEnabled()) m.put("mig-devices", e.migDevices());
                list.add(m);
            }
            configs.put(name, list);
        });
        root.put("mig-configs", configs);
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write mig-parted YAML", e);
        }
    }
}
