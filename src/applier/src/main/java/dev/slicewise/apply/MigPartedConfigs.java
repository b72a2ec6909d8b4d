package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and extends mig-parted configuration files ({@code version: v1}, key {@code config.yaml} of the MIG
 * manager's ConfigMap). Unlike the device plugin, mig-parted rejects unknown keys; this parser does the same, and
 * answers "what layout does config X give a GPU with PCI id Y" (config names are GPU-relative: {@code all-1g.10gb}
 * is 7 instances on an H100 but 4 on an A100-40GB). Source: NVIDIA/mig-parted {@code api/spec/v1}.
 */
public final class MigPartedConfigs {
    // every string stays quoted: unquoted, a device filter such as 0x233010DE reads back as a (YAML 1.1 hex) integer
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private static final Set<String> TOP = Set.of("version", "mig-configs");
    private static final Set<String> ENTRY = Set.of("device-filter", "devices", "mig-enabled", "mig-devices");

    private MigPartedConfigs() {}

    /** One entry of a named config: which GPUs it targets and what it makes of them. */
    public record Entry(List<String> deviceFilter, List<Integer> devices, boolean migEnabled, Map<String, Integer> migDevices) {
        /** Whether this entry configures GPU {@code index} whose PCI device+vendor id is one of {@code pciIds}. */
        boolean matches(int index, List<String> pciIds) {
            boolean deviceOk = devices == null || devices.contains(index);
            boolean filterOk = deviceFilter == null || pciIds.stream().anyMatch(id -> deviceFilter.stream().anyMatch(f -> f.equalsIgnoreCase(id)));
            return deviceOk && filterOk;
        }
    }

    /** A parsed file: config name → entries. */
    public record Document(Map<String, List<Entry>> configs) {
        public boolean has(String name) {
            return configs.containsKey(name);
        }

        /**
         * The layout config {@code name} gives GPU {@code index} of a model with {@code pciIds}: empty when no entry
         * targets it (mig-parted leaves such a GPU untouched); an empty map when MIG is disabled or enabled without
         * instances.
         */
        public Optional<Map<String, Integer>> layout(String name, int index, List<String> pciIds) {
            Map<String, Integer> layout = null;
            for (Entry e : configs.getOrDefault(name, List.of())) {
                if (!e.matches(index, pciIds)) continue;
                // mig-parted applies every matching entry in order; the last one decides
                layout = new LinkedHashMap<>();
                if (e.migEnabled()) e.migDevices().forEach(layout::put);
                layout.values().removeIf(c -> c == 0);
            }
            return Optional.ofNullable(layout);
        }

        /** Whether config {@code name} enables MIG mode on GPU {@code index}. */
        public boolean migEnabled(String name, int index, List<String> pciIds) {
            boolean enabled = false;
            for (Entry e : configs.getOrDefault(name, List.of())) if (e.matches(index, pciIds)) enabled = e.migEnabled();
            return enabled;
        }
    }

    /** Parses strictly; appends problems and returns null when there is any. */
    public static Document parse(String yaml, List<String> problems) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml == null ? "" : yaml);
        } catch (Exception e) {
            problems.add("mig-parted config is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
        if (root == null || !root.isObject()) {
            problems.add("mig-parted config must be a YAML mapping");
            return null;
        }
        int before = problems.size();
        root.fieldNames().forEachRemaining(k -> {
            if (!TOP.contains(k)) problems.add("mig-parted config: unexpected field '" + k + "'");
        });
        if (!"v1".equals(root.path("version").asText(null))) problems.add("mig-parted config: version must be v1");
        JsonNode configs = root.path("mig-configs");
        if (!configs.isObject() || configs.isEmpty()) {
            problems.add("mig-parted config: mig-configs must hold at least one config");
            return null;
        }
        Map<String, List<Entry>> parsed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = configs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> config = it.next();
            List<Entry> entries = entries(config.getKey(), config.getValue(), problems);
            if (entries != null) parsed.put(config.getKey(), entries);
        }
        return problems.size() > before ? null : new Document(parsed);
    }

    /** Parses the entries of one named config (a YAML list). */
    public static List<Entry> entries(String name, JsonNode list, List<String> problems) {
        if (!list.isArray() || list.isEmpty()) {
            problems.add("mig config '" + name + "' must be a non-empty list of entries");
            return null;
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : list) {
            String where = "mig config '" + name + "'";
            if (!e.isObject()) {
                problems.add(where + ": an entry is not a mapping");
                continue;
            }
            e.fieldNames().forEachRemaining(k -> {
                if (!ENTRY.contains(k)) problems.add(where + ": unexpected field '" + k + "'");
            });
            List<String> filter = null;
            JsonNode f = e.path("device-filter");
            if (f.isTextual()) filter = List.of(f.asText());
            else if (f.isArray()) {
                filter = new ArrayList<>();
                for (JsonNode id : f) filter.add(id.asText());
            }
            List<Integer> devices = null;
            JsonNode d = e.path("devices");
            if (d.isMissingNode()) problems.add(where + ": 'devices' is required ('all' or a list of GPU indices)");
            else if (d.isArray()) {
                devices = new ArrayList<>();
                for (JsonNode i : d) devices.add(i.asInt());
            } else if (!"all".equals(d.asText())) problems.add(where + ": devices must be 'all' or a list of indices");
            JsonNode enabled = e.path("mig-enabled");
            if (!enabled.isBoolean()) problems.add(where + ": 'mig-enabled' must be true or false");
            Map<String, Integer> migDevices = new LinkedHashMap<>();
            JsonNode md = e.path("mig-devices");
            if (md.isObject()) {
                md.fields().forEachRemaining(p -> {
                    if (!p.getValue().canConvertToInt() || p.getValue().asInt() < 0) {
                        problems.add(where + ": count of " + p.getKey() + " must be an integer >= 0");
                    }
                    migDevices.put(p.getKey(), p.getValue().asInt());
                });
            } else if (!md.isMissingNode() && !md.isNull()) problems.add(where + ": mig-devices must be a mapping");
            if (!enabled.asBoolean(false) && !migDevices.isEmpty()) problems.add(where + ": mig-devices must be empty when mig-enabled is false");
            if (enabled.asBoolean(false) && !migDevices.isEmpty() && migDevices.values().stream().allMatch(c -> c == 0)) {
                problems.add(where + ": all counts for all MigProfiles are 0");
            }
            entries.add(new Entry(filter, devices, enabled.asBoolean(false), migDevices));
        }
        return entries;
    }

    /**
     * The custom config a plan step carries, as one named config's entries. Accepts either a whole file holding
     * exactly that config, or the entry list alone.
     */
    public static JsonNode customEntries(String name, String migPartedYaml, List<String> problems) {
        JsonNode root;
        try {
            root = YAML.readTree(migPartedYaml);
        } catch (Exception e) {
            problems.add("custom mig config '" + name + "' is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
        if (root != null && root.isObject() && root.has("mig-configs")) {
            List<String> own = new ArrayList<>();
            if (parse(migPartedYaml, own) == null) {
                problems.addAll(own);
                return null;
            }
            JsonNode configs = root.get("mig-configs");
            if (configs.size() != 1 || !configs.has(name)) {
                problems.add("custom mig config file must hold exactly the config '" + name + "', it holds " + iterable(configs.fieldNames()));
                return null;
            }
            return configs.get(name);
        }
        if (root != null && root.isArray()) {
            return entries(name, root, problems) == null ? null : root;
        }
        problems.add("custom mig config '" + name + "' must be a mig-parted file or a list of entries");
        return null;
    }

    /** {@code configYaml} with config {@code name} set to {@code entries}; every other config keeps its content. */
    public static String withConfig(String configYaml, String name, JsonNode entries) {
        try {
            ObjectNode root = (ObjectNode) YAML.readTree(configYaml);
            ((ObjectNode) root.get("mig-configs")).set(name, entries);
            return YAML.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException("cannot extend mig-parted config: " + e.getMessage(), e);
        }
    }

    /** Canonical text of one config's entries, to compare two configs regardless of formatting. */
    public static String canonical(JsonNode entries) {
        return entries == null ? null : Fingerprints.canonicalJson(entries).toLowerCase(Locale.ROOT);
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
