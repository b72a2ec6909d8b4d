package dev.slicewise.catalog.mig;

import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MIG profile names a node actually uses, mapped onto the catalog's profiles.
 *
 * <p>Profile names are derived from memory sizes and change between drivers and boards: A100-80GB reports
 * {@code 3g.39gb} instead of {@code 3g.40gb} on 535/545 drivers (mig-parted#31), GB200's {@code 1g.24gb} became
 * {@code 1g.23gb} (mig-parted#227). A mig-parted config or a pod's {@code nvidia.com/mig-*} request must use the
 * node's name, so {@link #resolve} reads GPU Feature Discovery's labels and matches each reported profile to a
 * catalog profile of the same class: same compute slices, same {@code +me}-ness, and memory within
 * {@value #MEMORY_TOLERANCE_PCT} % (memory from the {@code .memory} label in MiB, else from the name's "NNgb").
 * Profiles the node does not report keep the catalog name.
 *
 * <p>Labels read (nvidia-k8s.md 1.7): mixed strategy {@code nvidia.com/mig-<profile>.count|.memory|.slices.gi|...}
 * ({@code +me} appears as {@code .me}); single strategy {@code nvidia.com/gpu.product=<model>-MIG-<profile>[-SHARED]}
 * with {@code nvidia.com/gpu.memory} and {@code nvidia.com/gpu.slices.gi} describing that one profile.
 */
public final class MigProfileNames {
    static final int MEMORY_TOLERANCE_PCT = 15;

    private static final String MIXED_PREFIX = "nvidia.com/mig-";
    /** Attribute suffixes GFD writes per mixed-strategy profile, longest first so ".slices.gi" wins over ".gi". */
    private static final List<String> ATTRIBUTES = List.of(".sharing-strategy", ".engines.decoder", ".engines.encoder",
            ".engines.copy", ".engines.jpeg", ".engines.ofa", ".multiprocessors", ".slices.gi", ".slices.ci", ".replicas",
            ".product", ".memory", ".count");
    private static final Pattern NAME = Pattern.compile("(\\d+)g\\.(\\d+)gb(\\+me)?");

    private final Map<MigProfile, String> names;
    private final Map<MigProfile, Boolean> fromNode;

    private MigProfileNames(Map<MigProfile, String> names, Map<MigProfile, Boolean> fromNode) {
        this.names = Collections.unmodifiableMap(names);
        this.fromNode = Collections.unmodifiableMap(fromNode);
    }

    /** The catalog's own names (no node to ask). */
    public static MigProfileNames catalog(GpuModel gpu) {
        Map<MigProfile, String> names = new LinkedHashMap<>();
        Map<MigProfile, Boolean> fromNode = new LinkedHashMap<>();
        for (MigProfile p : gpu.migProfiles()) {
            names.put(p, p.name());
            fromNode.put(p, false);
        }
        return new MigProfileNames(names, fromNode);
    }

    /** Maps every catalog profile of {@code gpu} to the name the node with {@code labels} reports for it. */
    public static MigProfileNames resolve(GpuModel gpu, Map<String, String> labels) {
        List<Reported> reported = reported(labels);
        Map<MigProfile, String> names = new LinkedHashMap<>();
        Map<MigProfile, Boolean> fromNode = new LinkedHashMap<>();
        Map<MigProfile, Reported> match = new LinkedHashMap<>();
        // exact names first, so a fuzzy match never steals a profile the node spells like the catalog
        for (MigProfile p : gpu.migProfiles())
            reported.stream().filter(r -> r.name.equals(p.name())).findFirst().ifPresent(r -> match.put(p, r));
        for (MigProfile p : gpu.migProfiles()) {
            if (match.containsKey(p)) continue;
            reported.stream().filter(r -> !match.containsValue(r) && r.sameClass(p))
                    .filter(r -> r.memoryDistance(p) <= MEMORY_TOLERANCE_PCT / 100.0)
                    .min((a, b) -> Double.compare(a.memoryDistance(p), b.memoryDistance(p)))
                    .ifPresent(r -> match.put(p, r));
        }
        for (MigProfile p : gpu.migProfiles()) {
            names.put(p, match.containsKey(p) ? match.get(p).name : p.name());
            fromNode.put(p, match.containsKey(p));
        }
        return new MigProfileNames(names, fromNode);
    }

    /** The name to write for {@code profile} (the node's when it reports one, else the catalog's). */
    public String name(MigProfile profile) {
        String n = names.get(profile);
        if (n == null) throw new IllegalArgumentException(profile.name() + " is not a profile of this GPU model");
        return n;
    }

    /** Whether the node's labels report this profile (false: the catalog name is a fallback). */
    public boolean reportedByNode(MigProfile profile) {
        return fromNode.getOrDefault(profile, false);
    }

    /** Catalog name to the name to use, for every catalog profile. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        names.forEach((p, n) -> m.put(p.name(), n));
        return m;
    }

    /** The profile name with the node's spelling, as mig-parted and the device plugin's resource names want it. */
    public Map<String, Integer> rename(MigLayout layout) {
        Map<String, Integer> m = new LinkedHashMap<>();
        layout.counts().forEach((p, n) -> m.merge(name(p), n, Integer::sum));
        return m;
    }

    /** One profile a node reports, with what its labels say about it (null: not labelled). */
    private record Reported(String name, Integer computeSlices, Long memoryMiB) {
        boolean sameClass(MigProfile p) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) return false;
            int g = computeSlices != null ? computeSlices : Integer.parseInt(m.group(1));
            return g == p.computeSlices() && (m.group(3) != null) == p.mediaExtension();
        }

        /** Relative memory difference; by label when present, else from the names' "NNgb". */
        double memoryDistance(MigProfile p) {
            if (memoryMiB != null) return Math.abs(memoryMiB - p.memoryMiB()) / (double) p.memoryMiB();
            Matcher mine = NAME.matcher(name);
            Matcher theirs = NAME.matcher(p.name());
            if (!mine.matches() || !theirs.matches()) return Double.MAX_VALUE;
            double a = Double.parseDouble(mine.group(2));
            double b = Double.parseDouble(theirs.group(2));
            return Math.abs(a - b) / b;
        }
    }

    private static List<Reported> reported(Map<String, String> labels) {
        Map<String, Map<String, String>> byProfile = new LinkedHashMap<>();
        labels.keySet().stream().sorted().forEach(key -> {
            if (!key.startsWith(MIXED_PREFIX)) return;
            String rest = key.substring(MIXED_PREFIX.length());
            for (String attr : ATTRIBUTES) {
                if (rest.endsWith(attr) && rest.length() > attr.length()) {
                    String resource = rest.substring(0, rest.length() - attr.length());
                    // the resource name writes "+me" as ".me" (k8s-device-plugin rm.go)
                    String profile = resource.endsWith(".me") ? resource.substring(0, resource.length() - 3) + "+me" : resource;
                    byProfile.computeIfAbsent(profile, k -> new LinkedHashMap<>()).put(attr, labels.get(key));
                    return;
                }
            }
        });
        List<Reported> out = new ArrayList<>();
        byProfile.forEach((profile, attrs) -> {
            if (NAME.matcher(profile).matches())
                out.add(new Reported(profile, integer(attrs.get(".slices.gi")), longValue(attrs.get(".memory"))));
        });

        String product = labels.get("nvidia.com/gpu.product");
        if (product != null) {
            int at = product.indexOf("-MIG-");
            if (at >= 0) {
                String profile = product.substring(at + "-MIG-".length());
                if (profile.endsWith("-SHARED")) profile = profile.substring(0, profile.length() - "-SHARED".length());
                String p = profile;
                if (NAME.matcher(p).matches() && out.stream().noneMatch(r -> r.name.equals(p)))
                    out.add(new Reported(p, integer(labels.get("nvidia.com/gpu.slices.gi")),
                            longValue(labels.get("nvidia.com/gpu.memory"))));
            }
        }
        return out;
    }

    private static Integer integer(String v) {
        try {
            return v == null ? null : Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String v) {
        try {
            return v == null ? null : Long.valueOf(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
