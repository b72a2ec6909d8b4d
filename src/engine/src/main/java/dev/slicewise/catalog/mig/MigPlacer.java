package dev.slicewise.catalog.mig;

import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Decides whether a multiset of MIG instances fits on one GPU, with the slot model of NVML's placement tables
 * ({@code nvidia-smi mig -lgipp}; nvidia-k8s.md section 3.1).
 *
 * <p>The model: a GPU has {@code memorySlices} memory slices (8 on A100/H100/H200/B200-class parts, 4 on A30 and
 * RTX PRO 6000). An instance of profile {@code p} occupies {@code p.memorySlices()} consecutive slices starting at
 * one of {@code p.allowedStarts()}. A set of instances fits iff every instance gets an allowed start without overlap
 * and each profile stays within its per-GPU maximum, where a {@code +me} instance counts against the maximum of its
 * base profile (it takes a plain instance's place) and at most one {@code +me} instance exists per GPU. NVIDIA's
 * placements keep the compute slices within the GPU's total; it is checked anyway, first, for a clearer reason.
 *
 * <p>mig-parted does not check layouts before applying them: it tries orderings on the node and reports
 * {@code mig.config.state=failed} when none works. Every layout Slicewise recommends passes this check first.
 */
public final class MigPlacer {
    private MigPlacer() {}

    /** Whether the instances fit on one GPU of {@code gpu}. */
    public static boolean fits(GpuModel gpu, Map<MigProfile, Integer> counts) {
        return place(gpu, counts).fits();
    }

    /** Places a list of instances (a profile listed twice means two instances). */
    public static Placement place(GpuModel gpu, List<MigProfile> instances) {
        Map<MigProfile, Integer> counts = new LinkedHashMap<>();
        for (MigProfile p : instances) counts.merge(p, 1, Integer::sum);
        return place(gpu, counts);
    }

    /**
     * Places {@code counts} (profile to number of instances) on one GPU of {@code gpu}.
     *
     * @throws IllegalArgumentException when a profile does not belong to {@code gpu} or a count is negative
     */
    public static Placement place(GpuModel gpu, Map<MigProfile, Integer> counts) {
        if (!gpu.migCapable()) return new Placement.DoesNotFit(gpu.key() + " has no MIG");
        List<MigProfile> wanted = new ArrayList<>();
        for (Map.Entry<MigProfile, Integer> e : counts.entrySet()) {
            MigProfile p = e.getKey();
            if (!gpu.migProfiles().contains(p))
                throw new IllegalArgumentException(p.name() + " is not a MIG profile of " + gpu.key());
            if (e.getValue() < 0) throw new IllegalArgumentException("negative count for " + p.name());
            for (int i = 0; i < e.getValue(); i++) wanted.add(p);
        }
        if (wanted.isEmpty()) return new Placement.Fits(List.of());

        String why = countRules(gpu, wanted);
        if (why != null) return new Placement.DoesNotFit(why);

        // Largest first, then the most constrained (fewest starts): dead ends show up near the root of the search.
        wanted.sort(Comparator.comparingInt(MigProfile::memorySlices).reversed()
                .thenComparingInt(p -> p.allowedStarts().size())
                .thenComparing(MigProfile::name));
        int[] starts = new int[wanted.size()];
        if (!search(wanted, 0, 0L, starts)) {
            String placements = gpu.migProfiles().stream().filter(wanted::contains).distinct()
                    .map(p -> p.name() + " at " + p.allowedStarts())
                    .collect(Collectors.joining(", "));
            return new Placement.DoesNotFit("no arrangement of " + describe(wanted) + " fits the allowed start slices ("
                    + placements + ") without overlap");
        }
        List<PlacedInstance> placed = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) placed.add(new PlacedInstance(wanted.get(i), starts[i]));
        placed.sort(Comparator.comparingInt(PlacedInstance::start));
        return new Placement.Fits(placed);
    }

    /** Per-profile maxima, the +me rule, the whole-GPU profile, compute and memory totals; null when all hold. */
    private static String countRules(GpuModel gpu, List<MigProfile> wanted) {
        for (MigProfile p : wanted) {
            if (p.memorySlices() == gpu.memorySlices() && wanted.size() > 1)
                return p.name() + " takes the whole GPU (all " + gpu.memorySlices() + " memory slices): nothing else fits beside it";
        }
        long me = wanted.stream().filter(MigProfile::mediaExtension).count();
        if (me > 1) return me + " +me instances: at most one +me (media extension) instance per GPU";
        for (MigProfile p : gpu.migProfiles()) {
            long n = wanted.stream().filter(p::equals).count();
            if (p.mediaExtension()) {
                if (n > p.maxInstances()) return n + " x " + p.name() + ": at most " + p.maxInstances() + " per GPU";
                continue;
            }
            long asMe = wanted.stream().filter(w -> w.mediaExtension() && baseName(w).equals(p.name())).count();
            if (n + asMe > p.maxInstances()) {
                return asMe == 0
                        ? n + " x " + p.name() + ": at most " + p.maxInstances() + " per GPU"
                        : n + " x " + p.name() + " + " + asMe + " x " + p.name() + "+me: a +me instance takes the place of a "
                          + p.name() + ", and at most " + p.maxInstances() + " fit per GPU";
            }
        }
        int compute = wanted.stream().mapToInt(MigProfile::computeSlices).sum();
        if (compute > gpu.computeSlices())
            return describe(wanted) + " needs " + compute + " compute slices; " + gpu.key() + " has " + gpu.computeSlices();
        int memory = wanted.stream().mapToInt(MigProfile::memorySlices).sum();
        if (memory > gpu.memorySlices())
            return describe(wanted) + " needs " + memory + " memory slices; " + gpu.key() + " has " + gpu.memorySlices();
        return null;
    }

    private static boolean search(List<MigProfile> wanted, int i, long used, int[] starts) {
        if (i == wanted.size()) return true;
        MigProfile p = wanted.get(i);
        // Instances of one profile are interchangeable: give them increasing starts so each set is tried once.
        int min = i > 0 && wanted.get(i - 1).equals(p) ? starts[i - 1] + 1 : 0;
        long span = (1L << p.memorySlices()) - 1;
        for (int start : p.allowedStarts()) {
            if (start < min) continue;
            long mask = span << start;
            if ((used & mask) != 0) continue;
            starts[i] = start;
            if (search(wanted, i + 1, used | mask, starts)) return true;
        }
        return false;
    }

    static String baseName(MigProfile p) {
        return p.mediaExtension() ? p.name().substring(0, p.name().length() - "+me".length()) : p.name();
    }

    /** {@code 1 x 3g.40gb + 2 x 1g.10gb}, in the order first seen. */
    static String describe(List<MigProfile> instances) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (MigProfile p : instances) counts.merge(p.name(), 1, Integer::sum);
        return counts.entrySet().stream().map(e -> e.getValue() + " x " + e.getKey()).collect(Collectors.joining(" + "));
    }
}
