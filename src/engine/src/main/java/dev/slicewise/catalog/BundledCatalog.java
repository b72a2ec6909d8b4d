package dev.slicewise.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog shipped in the engine jar: {@code instance-types.csv} (EC2 GPU instance types) and
 * {@code gpu-models.json} (GPU models, MIG geometry and profiles), read from the classpath once and cross-checked.
 *
 * <p>Use {@link #get()}. Every inconsistency is a {@link CatalogFormatException} naming file and line, raised at
 * load time, so a bad edit of the data fails the build's tests rather than a recommendation.
 */
public final class BundledCatalog implements Catalog {
    public static final String INSTANCE_TYPES = "dev/slicewise/catalog/instance-types.csv";
    public static final String GPU_MODELS = "dev/slicewise/catalog/gpu-models.json";

    /**
     * GPUs that have no MIG, whatever a data file says. NVIDIA's MIG user guide ("Supported GPUs") lists only
     * GA100 (A100, A30), GH100 (H100, H200), GB100/Blackwell Ultra (B200, B300) and GB202/GB203 (RTX PRO Blackwell);
     * some guides wrongly claim MIG on g5 (A10G), so the loader refuses MIG profiles for these keys outright.
     */
    static final Set<String> NEVER_MIG = Set.of("T4", "T4G", "A10G", "L4", "L40S", "V100-16GB", "V100-32GB");

    /** Architecture markers of NVIDIA's MIG-capable dies (same source as {@link #NEVER_MIG}). */
    private static final List<String> MIG_DIES = List.of("GA100", "GH100", "GB100", "Blackwell Ultra", "GB202", "GB203");

    private static final String CSV_HEADER =
            "instance_type,gpu_model,gpu_count,gpu_memory_mib,vcpu,memory_gib,arch,mig_max_instances,od_usd_per_hour_us_east_1";
    private static final Pattern PROFILE_NAME = Pattern.compile("(\\d+)g\\.(\\d+)gb(\\+me)?");
    private static final Pattern PCI_ID = Pattern.compile("0x[0-9A-F]{8}");
    private static final Set<String> BASES = Set.of("measured", "published", "derived", "estimated");

    private static final class Holder {
        static final BundledCatalog INSTANCE = fromClasspath(INSTANCE_TYPES, GPU_MODELS);
    }

    private final Map<String, InstanceType> instanceTypes;
    private final Map<String, GpuModel> gpuModels;
    private final Map<String, GpuModelInfo> info;

    private BundledCatalog(Map<String, InstanceType> instanceTypes, Map<String, GpuModel> gpuModels,
                           Map<String, GpuModelInfo> info) {
        this.instanceTypes = Collections.unmodifiableMap(instanceTypes);
        this.gpuModels = Collections.unmodifiableMap(gpuModels);
        this.info = Collections.unmodifiableMap(info);
    }

    /** The catalog bundled with the engine, loaded on first use and shared. */
    public static BundledCatalog get() {
        return Holder.INSTANCE;
    }

    /** Loads a catalog from two classpath resources (tests use this with fixture files). */
    public static BundledCatalog fromClasspath(String instanceTypesResource, String gpuModelsResource) {
        Models models;
        try (InputStream in = open(gpuModelsResource)) {
            models = readModels(gpuModelsResource, in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + gpuModelsResource, e);
        }
        Map<String, InstanceType> types;
        try (InputStream in = open(instanceTypesResource)) {
            types = readInstanceTypes(instanceTypesResource, in, models.models);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + instanceTypesResource, e);
        }
        return new BundledCatalog(types, models.models, models.info);
    }

    @Override
    public Optional<InstanceType> instanceType(String name) {
        return Optional.ofNullable(name == null ? null : instanceTypes.get(name));
    }

    @Override
    public Optional<GpuModel> gpuModel(String key) {
        return Optional.ofNullable(key == null ? null : gpuModels.get(key));
    }

    /** In file order. */
    @Override
    public Collection<InstanceType> instanceTypes() {
        return instanceTypes.values();
    }

    /** In file order. */
    @Override
    public Collection<GpuModel> gpuModels() {
        return gpuModels.values();
    }

    /** Provenance of a GPU model: display name, sources, and the assumptions a recommendation must disclose. */
    public Optional<GpuModelInfo> info(String gpuModelKey) {
        return Optional.ofNullable(gpuModelKey == null ? null : info.get(gpuModelKey));
    }

    // ---------------------------------------------------------------------------------------------- gpu-models.json

    private record Models(Map<String, GpuModel> models, Map<String, GpuModelInfo> info) {}

    private static Models readModels(String file, InputStream in) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, GpuModel> models = new LinkedHashMap<>();
        Map<String, GpuModelInfo> infos = new LinkedHashMap<>();
        try (JsonParser p = mapper.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new CatalogFormatException(file, line(p), "expected a JSON object");
            boolean sawModels = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("models")) {
                    p.skipChildren();
                    continue;
                }
                sawModels = true;
                if (p.currentToken() != JsonToken.START_ARRAY) throw new CatalogFormatException(file, line(p), "\"models\" must be an array");
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    int line = line(p);
                    JsonNode node = mapper.readTree(p);
                    Entry e = parseModel(file, line, node);
                    if (models.containsKey(e.model.key())) throw new CatalogFormatException(file, line, "duplicate model key " + e.model.key());
                    models.put(e.model.key(), e.model);
                    infos.put(e.model.key(), e.info);
                }
            }
            if (!sawModels) throw new CatalogFormatException(file, 0, "no \"models\" array");
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new CatalogFormatException(file, line, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        return new Models(models, infos);
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    private record Entry(GpuModel model, GpuModelInfo info) {}

    private static Entry parseModel(String file, int line, JsonNode n) {
        String key = text(file, line, n, "key", "?");
        String where = "model " + key;
        Fields f = new Fields(file, line, where, n);
        String displayName = f.text("displayName");
        String architecture = f.text("architecture");
        List<String> products = new ArrayList<>();
        List<String> unconfirmedProducts = new ArrayList<>();
        for (JsonNode pn : f.array("productNames")) {
            String name = text(file, line, pn, "name", where);
            products.add(name);
            if (!pn.path("confirmed").asBoolean(false)) unconfirmedProducts.add(name);
        }
        if (products.isEmpty()) throw f.error("needs at least one GFD product name");
        long memoryMiB = f.positiveLong("memoryMiB");
        int smCount = (int) f.positiveLong("smCount");
        int memorySlices = f.nonNegativeInt("memorySlices");
        int computeSlices = f.nonNegativeInt("computeSlices");
        List<String> pciIds = new ArrayList<>();
        for (JsonNode id : f.array("pciDeviceIds")) {
            String value = id.asText("");
            String normalised = value.length() > 2 ? "0x" + value.substring(2).toUpperCase(Locale.ROOT) : value;
            if (!value.startsWith("0x") || !PCI_ID.matcher(normalised).matches())
                throw f.error("PCI id \"" + value + "\" is not 0x + 8 hex digits (device then vendor, e.g. 0x233010DE)");
            pciIds.add(normalised);
        }
        List<String> unconfirmed = new ArrayList<>();
        for (JsonNode u : f.array("unconfirmed")) unconfirmed.add(u.asText());
        String source = f.text("source");
        LocalDate checked;
        try {
            checked = LocalDate.parse(f.text("checked"));
        } catch (DateTimeParseException e) {
            throw f.error("\"checked\" must be an ISO date (yyyy-mm-dd)");
        }

        List<MigProfile> profiles = new ArrayList<>();
        Map<String, String> basis = new LinkedHashMap<>();
        for (JsonNode pn : f.array("migProfiles")) {
            MigProfile profile = parseProfile(file, line, where, pn, memoryMiB, smCount, memorySlices, computeSlices);
            if (basis.containsKey(profile.name())) throw f.error("duplicate MIG profile " + profile.name());
            profiles.add(profile);
            basis.put(profile.name(), text(file, line, pn, "basis", where + " profile " + profile.name()));
            if (!BASES.contains(basis.get(profile.name())))
                throw f.error("profile " + profile.name() + ": basis must be one of " + BASES);
        }
        if (NEVER_MIG.contains(key) && !profiles.isEmpty())
            throw f.error(key + " lists MIG profiles, but it has no MIG: NVIDIA's MIG user guide lists only A100, A30, "
                    + "H100, H200, B200/B300 and RTX PRO Blackwell parts (guides claiming MIG on g5/A10G are wrong)");
        if (!profiles.isEmpty() && MIG_DIES.stream().noneMatch(architecture::contains))
            throw f.error("lists MIG profiles but architecture \"" + architecture + "\" is none of NVIDIA's MIG dies " + MIG_DIES);
        if (profiles.isEmpty() && (memorySlices != 0 || computeSlices != 0))
            throw f.error("has MIG geometry " + memorySlices + "/" + computeSlices + " but no MIG profiles (use 0/0 without MIG)");
        if (!profiles.isEmpty()) {
            if (memorySlices == 0 || computeSlices == 0) throw f.error("has MIG profiles but no MIG geometry");
            for (MigProfile p : profiles) {
                if (!p.mediaExtension()) continue;
                String baseName = p.name().substring(0, p.name().length() - "+me".length());
                MigProfile base = profiles.stream().filter(b -> b.name().equals(baseName)).findFirst()
                        .orElseThrow(() -> f.error(p.name() + " has no base profile " + baseName));
                if (base.memorySlices() != p.memorySlices() || base.computeSlices() != p.computeSlices()
                        || !base.allowedStarts().equals(p.allowedStarts()))
                    throw f.error(p.name() + " must occupy the same slices and starts as " + baseName);
            }
            boolean assumed = basis.values().stream().anyMatch(b -> b.equals("derived") || b.equals("estimated"));
            if (assumed && unconfirmed.isEmpty())
                throw f.error("has derived/estimated MIG values but lists nothing under \"unconfirmed\"");
        }
        GpuModel model = new GpuModel(key, products, memoryMiB, smCount, memorySlices, computeSlices, pciIds, profiles);
        GpuModelInfo modelInfo = new GpuModelInfo(key, displayName, architecture, unconfirmedProducts, basis, unconfirmed,
                source, checked);
        return new Entry(model, modelInfo);
    }

    private static MigProfile parseProfile(String file, int line, String model, JsonNode n, long gpuMemMiB, int gpuSms,
                                           int gpuMemSlices, int gpuComputeSlices) {
        String name = text(file, line, n, "name", model);
        Fields f = new Fields(file, line, model + " profile " + name, n);
        Matcher m = PROFILE_NAME.matcher(name);
        if (!m.matches()) throw f.error("profile name must look like 1g.10gb or 1g.10gb+me");
        int computeSlices = f.nonNegativeInt("computeSlices");
        int memorySlices = f.nonNegativeInt("memorySlices");
        if (Integer.parseInt(m.group(1)) != computeSlices)
            throw f.error("name says " + m.group(1) + " compute slices, computeSlices says " + computeSlices);
        boolean me = f.bool("mediaExtension");
        if (me != (m.group(3) != null)) throw f.error("mediaExtension must be true exactly for +me profiles");
        if (computeSlices < 1 || computeSlices > gpuComputeSlices)
            throw f.error("computeSlices must be 1.." + gpuComputeSlices);
        if (memorySlices < 1 || memorySlices > gpuMemSlices)
            throw f.error("memorySlices must be 1.." + gpuMemSlices);
        double gib = f.positiveDouble("memoryGiB");
        // nvidia-smi prints GiB with two decimals; flooring to whole MiB never overstates an instance.
        long memoryMiB = (long) Math.floor(gib * 1024);
        if (memoryMiB > gpuMemMiB) throw f.error("memory " + gib + " GiB exceeds the GPU's " + gpuMemMiB + " MiB");
        int sms = (int) f.positiveLong("smCount");
        if (sms > gpuSms) throw f.error("smCount " + sms + " exceeds the GPU's " + gpuSms);
        int max = (int) f.positiveLong("maxInstances");
        List<Integer> starts = new ArrayList<>();
        for (JsonNode s : f.array("allowedStarts")) {
            if (!s.canConvertToInt()) throw f.error("allowedStarts must be integers");
            int start = s.asInt();
            if (start < 0 || start + memorySlices > gpuMemSlices)
                throw f.error("start " + start + " + " + memorySlices + " slices runs past the GPU's " + gpuMemSlices + " memory slices");
            if (starts.contains(start)) throw f.error("start " + start + " listed twice");
            starts.add(start);
        }
        if (starts.isEmpty()) throw f.error("needs at least one allowed start");
        Collections.sort(starts);
        return new MigProfile(name, computeSlices, memorySlices, memoryMiB, sms, max, starts, me);
    }

    private static String text(String file, int line, JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank())
            throw new CatalogFormatException(file, line, where + ": missing or empty \"" + field + "\"");
        return v.asText();
    }

    /** Typed, validated access to one JSON object's fields, failing with file, line and what it belongs to. */
    private record Fields(String file, int line, String where, JsonNode node) {
        CatalogFormatException error(String message) {
            return new CatalogFormatException(file, line, where + ": " + message);
        }

        String text(String field) {
            return BundledCatalog.text(file, line, node, field, where);
        }

        JsonNode array(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isArray()) throw error("missing array \"" + field + "\"");
            return v;
        }

        long positiveLong(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() <= 0)
                throw error("\"" + field + "\" must be a positive integer");
            return v.asLong();
        }

        int nonNegativeInt(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0)
                throw error("\"" + field + "\" must be a non-negative integer");
            return v.asInt();
        }

        double positiveDouble(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isNumber() || !(v.asDouble() > 0)) throw error("\"" + field + "\" must be a positive number");
            return v.asDouble();
        }

        boolean bool(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isBoolean()) throw error("\"" + field + "\" must be true or false");
            return v.asBoolean();
        }
    }

    // ---------------------------------------------------------------------------------------- instance-types.csv

    private static Map<String, InstanceType> readInstanceTypes(String file, InputStream in, Map<String, GpuModel> models)
            throws IOException {
        Map<String, InstanceType> types = new LinkedHashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String raw;
        int lineNo = 0;
        boolean header = false;
        while ((raw = reader.readLine()) != null) {
            lineNo++;
            String row = raw.strip();
            if (row.isEmpty() || row.startsWith("#")) continue;
            if (!header) {
                if (!row.equals(CSV_HEADER)) throw new CatalogFormatException(file, lineNo, "header must be " + CSV_HEADER);
                header = true;
                continue;
            }
            InstanceType t = parseRow(file, lineNo, row, models);
            if (types.putIfAbsent(t.name(), t) != null)
                throw new CatalogFormatException(file, lineNo, "instance type " + t.name() + " listed twice");
        }
        if (!header) throw new CatalogFormatException(file, 0, "no header row");
        return types;
    }

    private static InstanceType parseRow(String file, int line, String row, Map<String, GpuModel> models) {
        String[] c = row.split(",", -1);
        if (c.length != 9) throw new CatalogFormatException(file, line, "expected 9 columns, found " + c.length + ": " + row);
        String name = c[0].strip();
        if (name.isEmpty()) throw new CatalogFormatException(file, line, "empty instance_type");
        String where = name + ": ";
        GpuModel model = models.get(c[1].strip());
        if (model == null)
            throw new CatalogFormatException(file, line, where + "unknown gpu_model \"" + c[1].strip() + "\" (not in gpu-models.json)");
        int gpuCount = intColumn(file, line, where, "gpu_count", c[2]);
        int gpuMem = intColumn(file, line, where, "gpu_memory_mib", c[3]);
        int vcpu = intColumn(file, line, where, "vcpu", c[4]);
        int memGiB = intColumn(file, line, where, "memory_gib", c[5]);
        String arch = c[6].strip();
        if (!arch.equals("amd64") && !arch.equals("arm64"))
            throw new CatalogFormatException(file, line, where + "arch must be amd64 or arm64, not \"" + arch + "\"");
        int migMax = intColumn(file, line, where, "mig_max_instances", c[7]);
        Double price = null;
        if (!c[8].isBlank()) {
            try {
                price = Double.parseDouble(c[8].strip());
            } catch (NumberFormatException e) {
                throw new CatalogFormatException(file, line, where + "od_usd_per_hour_us_east_1 \"" + c[8].strip() + "\" is not a number");
            }
            if (!(price > 0)) throw new CatalogFormatException(file, line, where + "price must be positive");
        }
        if (gpuMem <= 0 || vcpu <= 0 || memGiB <= 0)
            throw new CatalogFormatException(file, line, where + "gpu_memory_mib, vcpu and memory_gib must be positive");
        int modelMax = model.migProfiles().stream().mapToInt(MigProfile::maxInstances).max().orElse(0);
        if (gpuCount == 0 && migMax != 0)
            throw new CatalogFormatException(file, line, where + "a fractional GPU (gpu_count 0) cannot be partitioned with MIG");
        if (gpuCount > 0) {
            if (migMax != modelMax)
                throw new CatalogFormatException(file, line, where + "mig_max_instances " + migMax + " disagrees with "
                        + model.key() + (modelMax == 0 ? ", which has no MIG" : " (up to " + modelMax + " MIG instances)"));
            if (gpuMem != model.memoryMiB())
                throw new CatalogFormatException(file, line, where + "gpu_memory_mib " + gpuMem + " disagrees with "
                        + model.key() + " (" + model.memoryMiB() + " MiB)");
        } else if (gpuMem >= model.memoryMiB()) {
            throw new CatalogFormatException(file, line, where + "a fractional GPU must have less memory than a whole " + model.key());
        }
        return new InstanceType(name, model.key(), gpuCount, gpuMem, vcpu, memGiB, arch, migMax, price);
    }

    private static int intColumn(String file, int line, String where, String column, String value) {
        try {
            int v = Integer.parseInt(value.strip());
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new CatalogFormatException(file, line, where + column + " \"" + value.strip() + "\" is not a non-negative integer");
        }
    }

    private static InputStream open(String resource) {
        InputStream in = BundledCatalog.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) throw new CatalogFormatException(resource, 0, "not found on the classpath");
        return in;
    }

    /** Distinct gpu_model keys the instance types use (for cross-checks in tests). */
    Set<String> usedModelKeys() {
        Set<String> keys = new HashSet<>();
        instanceTypes.values().forEach(t -> keys.add(t.gpuModel()));
        return keys;
    }
}
