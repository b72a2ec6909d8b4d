package dev.slicewise.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the fleet-snapshot JSON format ({@code schemas/fleet-snapshot.schema.json}, documented in
 * {@code docs/formats.md}).
 *
 * <p>The mapping is written out by hand rather than bound to the records: the file is a published format that must
 * not change when a record gains a component, and reading must keep going past a bad item (a data-binding reader
 * stops at the first one). Writing is deterministic: map keys are sorted, so the same snapshot gives the same bytes.
 */
public final class SnapshotJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            // A NaN sample is a per-item problem to report, not a reason to reject the whole file.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Two values for one key would make the file ambiguous: reject it with its position.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SnapshotJson() {}

    /** The snapshot as pretty-printed JSON (series values on one line each). */
    public static String write(FleetSnapshot snapshot) {
        StringWriter out = new StringWriter();
        try {
            write(snapshot, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    public static void write(FleetSnapshot snapshot, Writer out) throws IOException {
        // the caller owns the Writer (it may be stdout): Jackson must not close it
        MAPPER.writer(prettyPrinter()).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, toTree(snapshot));
        out.write('\n');
        out.flush();
    }

    public static void write(FleetSnapshot snapshot, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(snapshot, w);
        }
    }

    /**
     * Reads a snapshot. Never throws for problems inside the document: those come back as {@link SnapshotRead#problems()}
     * while the rest is read.
     *
     * @throws JsonFormatException when the text is not JSON (with line and column) or not a fleet snapshot at all
     */
    public static SnapshotRead read(Reader in) throws JsonFormatException, IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new JsonFormatException("malformed JSON: " + e.getOriginalMessage(),
                    loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(), e);
        }
        return new SnapshotReader().read(root);
    }

    public static SnapshotRead read(String json) throws JsonFormatException {
        try {
            return read(new java.io.StringReader(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    public static SnapshotRead read(Path file) throws JsonFormatException, IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r);
        }
    }

    // ---------------------------------------------------------------------------------------------- writing

    static DefaultPrettyPrinter prettyPrinter() {
        // Objects indented, arrays of numbers kept on one line: a 14-day hourly series is one line, not 336.
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        pp.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        pp.indentArraysWith(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
        return pp;
    }

    static ObjectNode toTree(FleetSnapshot s) {
        ObjectNode root = obj();
        root.put("schemaVersion", s.schemaVersion());
        root.put("collectedAt", s.collectedAt().toString());
        root.set("window", window(s.window()));
        ArrayNode clusters = root.putArray("clusters");
        s.clusters().forEach(c -> clusters.add(cluster(c)));
        return root;
    }

    static ObjectNode window(Window w) {
        ObjectNode o = obj();
        o.put("start", w.start().toString());
        o.put("end", w.end().toString());
        o.put("stepSeconds", w.step().toSeconds());
        return o;
    }

    private static ObjectNode cluster(ClusterSnapshot c) {
        ObjectNode o = obj();
        o.put("name", c.name());
        o.put("region", c.region());
        ArrayNode pools = o.putArray("nodePools");
        c.nodePools().forEach(p -> pools.add(nodePool(p)));
        ArrayNode nodes = o.putArray("nodes");
        c.nodes().forEach(n -> nodes.add(node(n)));
        ArrayNode workloads = o.putArray("workloads");
        c.workloads().forEach(w -> workloads.add(workload(w)));
        o.set("devicePlugin", c.devicePlugin() == null ? null : devicePlugin(c.devicePlugin()));
        strings(o.putArray("notes"), c.notes());
        return o;
    }

    private static ObjectNode nodePool(NodePoolInfo p) {
        ObjectNode o = obj();
        o.put("name", p.name());
        o.put("kind", p.kind().name());
        o.set("templateLabels", map(p.templateLabels()));
        o.set("limits", map(p.limits()));
        strings(o.putArray("instanceTypes"), p.instanceTypes());
        strings(o.putArray("capacityTypes"), p.capacityTypes());
        return o;
    }

    private static ObjectNode node(GpuNode n) {
        ObjectNode o = obj();
        o.put("name", n.name());
        o.put("nodePool", n.nodePool());
        o.put("instanceType", n.instanceType());
        o.put("capacityType", n.capacityType());
        o.put("createdAt", n.createdAt().toString());
        o.set("labels", map(n.labels()));
        o.put("allocatableGpus", n.allocatableGpus());
        ArrayNode gpus = o.putArray("gpus");
        for (GpuDevice g : n.gpus()) {
            ObjectNode go = gpus.addObject();
            go.put("device", g.device());
            go.put("uuid", g.uuid());
            go.set("metrics", g.metrics() == null ? null : metrics(g.metrics()));
        }
        return o;
    }

    private static ObjectNode workload(GpuWorkload w) {
        ObjectNode o = obj();
        o.put("namespace", w.namespace());
        o.put("pod", w.pod());
        o.put("owner", w.owner());
        o.put("node", w.node());
        strings(o.putArray("gpuDevices"), w.gpuDevices());
        o.put("gpuResource", w.gpuResource());
        o.put("gpuCount", w.gpuCount());
        o.put("cpuMillis", w.cpuMillis());
        o.put("memoryMiB", w.memoryMiB());
        o.set("metrics", w.metrics() == null ? null : metrics(w.metrics()));
        return o;
    }

    private static ObjectNode devicePlugin(DevicePluginSetup d) {
        ObjectNode o = obj();
        o.put("mode", d.mode().name());
        o.put("namespace", d.namespace());
        o.put("configMap", d.configMap());
        o.put("defaultConfig", d.defaultConfig());
        o.set("configs", map(d.configs()));
        o.put("migStrategy", d.migStrategy());
        return o;
    }

    private static ObjectNode metrics(GpuMetrics m) {
        ObjectNode o = obj();
        o.set("util", series(m.util()));
        o.set("memUsedMiB", series(m.memUsedMiB()));
        o.set("smActive", m.smActive() == null ? null : series(m.smActive()));
        o.set("grEngineActive", m.grEngineActive() == null ? null : series(m.grEngineActive()));
        return o;
    }

    static ObjectNode series(UsageSeries s) {
        ObjectNode o = obj();
        o.put("start", s.start().toString());
        o.put("stepSeconds", s.step().toSeconds());
        numbers(o.putArray("avg"), s.avg());
        numbers(o.putArray("max"), s.max());
        if (s.samples() != null) {
            ArrayNode a = o.putArray("samples");
            for (long n : s.samples()) a.add(n);
        }
        return o;
    }

    /** JSON has no NaN: a gap is written as null. */
    private static void numbers(ArrayNode a, double[] values) {
        for (double v : values) {
            if (Double.isNaN(v)) a.addNull();
            else a.add(v);
        }
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static ObjectNode map(Map<String, String> m) {
        ObjectNode o = obj();
        new TreeMap<>(m).forEach(o::put);
        return o;
    }

    private static ObjectNode obj() {
        return JsonNodeFactory.instance.objectNode();
    }
}
