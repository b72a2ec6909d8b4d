package dev.slicewise.pack;

import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import dev.slicewise.catalog.mig.MigLayout;
import dev.slicewise.catalog.mig.MigPlacer;
import dev.slicewise.catalog.mig.PlacedInstance;
import dev.slicewise.catalog.mig.Placement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Slicewise's {@link MigPacker}: gives each tenant the smallest MIG profile it fits, packs the instances onto as
 * few GPUs as possible with valid placements only, and picks the {@code single} or {@code mixed} strategy.
 *
 * <p><b>Profile choice.</b> A tenant fits profile {@code p} when
 * <ul>
 *   <li>memory: {@code peakMemMiB x (1 + memHeadroomFraction) <= p.memoryMiB()} (MIG isolates memory, so an
 *       overrun is an OOM inside the slice), and</li>
 *   <li>compute: {@code computePct / 100 x gpu.smCount() <= p.smCount() x migComputeTargetPct / 100}. computePct is
 *       SM_ACTIVE when published, else GPU_UTIL; GPU_UTIL is "any kernel running" time and so an upper bound on the
 *       SM share (the probe's N1 case: 88 % GPU_UTIL with ~10 % of SMs busy). Using it makes the choice conservative:
 *       a tenant may get a bigger slice than it needs, never a smaller one. SM counts come from the catalog
 *       (measured where possible; they are not proportional to slices: H100 1g.20gb has 26 SMs, 1g.10gb 16).</li>
 * </ul>
 * "Smallest" is fewest compute slices, then least memory; {@code +me} profiles are never chosen (same capacity
 * as their base profile, but only one per GPU), nor is the whole-GPU profile (7g): a tenant that needs it is
 * {@code unfit} and keeps a whole GPU with MIG disabled.
 *
 * <p><b>Packing.</b> {@link MigGpuSolver}: exact (minimum number of GPUs, proven) via a search over the GPU's
 * aligned-block structure whenever it finishes within its step budget, which covers any realistic pool (hundreds of
 * tenants); beyond it, first-fit-decreasing with full placement checks, reported as {@code optimal = false}.
 *
 * <p><b>Strategy.</b> {@code single} when one profile P that every packed tenant fits needs no more GPUs than the
 * mixed packing: every GPU then gets the same {@code all-P} layout (spare instances included) and pods keep
 * requesting {@code nvidia.com/gpu}. Among such profiles the one needing fewest GPUs wins, then the smallest.
 *
 * <p>Output is deterministic: tenants are handled in id order, GPUs fullest first, slots in start order.
 */
public final class MigBinPacker implements MigPacker {

    @Override
    public MigPacking pack(GpuModel gpu, List<Tenant> tenants, PackingPolicy policy) {
        if (!gpu.migCapable()) throw new IllegalArgumentException(gpu.key() + " has no MIG: nothing to pack into MIG instances");
        List<Tenant> sorted = new ArrayList<>(tenants);
        sorted.sort(Comparator.comparing(Tenant::id));
        Set<String> ids = new HashSet<>();
        for (Tenant t : sorted) {
            if (t.id() == null || t.id().isBlank()) throw new IllegalArgumentException("a tenant without id");
            if (!ids.add(t.id())) throw new IllegalArgumentException("tenant " + t.id() + " listed twice");
        }

        List<MigProfile> candidates = candidates(gpu);
        Map<String, MigProfile> chosen = new LinkedHashMap<>();
        Map<String, String> unfit = new TreeMap<>();
        for (Tenant t : sorted) {
            String why = unfitReason(gpu, t, policy, candidates);
            if (why != null) unfit.put(t.id(), why);
            else chosen.put(t.id(), smallestFit(gpu, t, policy, candidates));
        }
        if (chosen.isEmpty())
            return new MigPacking(List.of(), Map.of(), Collections.unmodifiableMap(unfit), "none", true);

        Map<MigProfile, Integer> demand = new LinkedHashMap<>();
        for (MigProfile p : chosen.values()) demand.merge(p, 1, Integer::sum);
        MigGpuSolver.Solution mixed = MigGpuSolver.solve(gpu, demand);

        MigProfile single = bestSingleProfile(gpu, sorted, chosen, policy, candidates);
        if (single != null) {
            int perGpu = MigGpuSolver.perGpu(gpu, single);
            int gpus = (chosen.size() + perGpu - 1) / perGpu;
            if (gpus <= mixed.gpus().size()) {
                List<MigLayout> layouts = new ArrayList<>();
                for (int i = 0; i < gpus; i++) layouts.add(MigLayout.of(single, perGpu));
                Map<String, MigProfile> profileOf = new LinkedHashMap<>();
                chosen.keySet().forEach(id -> profileOf.put(id, single));
                return result(gpu, layouts, profileOf, unfit, "single", mixed.optimal());
            }
        }
        return result(gpu, mixed.gpus(), chosen, unfit, "mixed", mixed.optimal());
    }

    /** Non-+me profiles smaller than the whole GPU, smallest first (fewest compute slices, then least memory). */
    static List<MigProfile> candidates(GpuModel gpu) {
        return gpu.migProfiles().stream()
                .filter(p -> !p.mediaExtension() && p.memorySlices() < gpu.memorySlices())
                .sorted(Comparator.comparingInt(MigProfile::computeSlices)
                        .thenComparingLong(MigProfile::memoryMiB)
                        .thenComparingInt(MigProfile::memorySlices)
                        .thenComparing(MigProfile::name))
                .toList();
    }

    static boolean fits(GpuModel gpu, Tenant t, PackingPolicy policy, MigProfile p) {
        return memoryFits(t, policy, p) && computeFits(gpu, t, policy, p);
    }

    private static boolean memoryFits(Tenant t, PackingPolicy policy, MigProfile p) {
        return t.peakMemMiB() * (1 + policy.memHeadroomFraction()) <= p.memoryMiB();
    }

    private static boolean computeFits(GpuModel gpu, Tenant t, PackingPolicy policy, MigProfile p) {
        return t.computePct() / 100 * gpu.smCount() <= p.smCount() * policy.migComputeTargetPct() / 100;
    }

    private static MigProfile smallestFit(GpuModel gpu, Tenant t, PackingPolicy policy, List<MigProfile> candidates) {
        return candidates.stream().filter(p -> fits(gpu, t, policy, p)).findFirst().orElseThrow();
    }

    /** Why no candidate holds {@code t} (one line), or null when one does. */
    static String unfitReason(GpuModel gpu, Tenant t, PackingPolicy policy, List<MigProfile> candidates) {
        if (!(t.peakMemMiB() >= 0))
            return "no framebuffer usage data (DCGM_FI_DEV_FB_USED), so no MIG slice can be sized: keeps a whole GPU";
        if (!(t.computePct() >= 0))
            return "no utilization data (SM_ACTIVE or GPU_UTIL), so no MIG slice can be sized: keeps a whole GPU";
        if (candidates.stream().anyMatch(p -> fits(gpu, t, policy, p))) return null;

        double needMiB = t.peakMemMiB() * (1 + policy.memHeadroomFraction());
        String need = "needs " + gib(needMiB) + " GiB (peak " + gib(t.peakMemMiB()) + " GiB + "
                + pct(policy.memHeadroomFraction() * 100) + " % headroom)";
        if (t.peakMemMiB() > gpu.memoryMiB())
            return need + ": its peak alone is more than a whole " + gpu.key() + " (" + gib(gpu.memoryMiB())
                    + " GiB), so it cannot run on one GPU of this model at all";
        if (needMiB > gpu.memoryMiB())
            return need + ", more than a whole " + gpu.key() + " (" + gib(gpu.memoryMiB())
                    + " GiB): keeps a whole GPU with MIG disabled, without the headroom";
        MigProfile biggestMem = candidates.stream()
                .max(Comparator.comparingLong(MigProfile::memoryMiB).thenComparingInt(MigProfile::computeSlices)).orElseThrow();
        if (candidates.stream().noneMatch(p -> memoryFits(t, policy, p)))
            return need + "; the largest MIG slice below the whole GPU, " + biggestMem.name() + ", has "
                    + gib(biggestMem.memoryMiB()) + " GiB: keeps a whole GPU with MIG disabled";
        MigProfile biggestSm = candidates.stream().filter(p -> memoryFits(t, policy, p))
                .max(Comparator.comparingInt(MigProfile::smCount).thenComparingLong(MigProfile::memoryMiB)).orElseThrow();
        double sms = t.computePct() / 100 * gpu.smCount();
        return "needs ~" + pct(sms) + " SMs (" + pct(t.computePct()) + " % of " + gpu.smCount() + "); the largest MIG slice "
                + "below the whole GPU with room for its memory, " + biggestSm.name() + ", offers "
                + pct(biggestSm.smCount() * policy.migComputeTargetPct() / 100) + " at the " + pct(policy.migComputeTargetPct())
                + " % compute target: keeps a whole GPU with MIG disabled";
    }

    /** The profile every packed tenant fits that needs the fewest uniform GPUs (then the smallest), or null. */
    private static MigProfile bestSingleProfile(GpuModel gpu, List<Tenant> tenants, Map<String, MigProfile> chosen,
                                                PackingPolicy policy, List<MigProfile> candidates) {
        MigProfile best = null;
        int bestGpus = Integer.MAX_VALUE;
        for (MigProfile p : candidates) {
            boolean all = tenants.stream().filter(t -> chosen.containsKey(t.id())).allMatch(t -> fits(gpu, t, policy, p));
            if (!all) continue;
            int perGpu = MigGpuSolver.perGpu(gpu, p);
            int gpus = (chosen.size() + perGpu - 1) / perGpu;
            if (gpus < bestGpus) {
                best = p;
                bestGpus = gpus;
            }
        }
        return best;
    }

    /** Places each GPU's instances and hands them to tenants in id order, GPU by GPU, slot by slot. */
    private static MigPacking result(GpuModel gpu, List<MigLayout> layouts, Map<String, MigProfile> profileOf,
                                     Map<String, String> unfit, String strategy, boolean optimal) {
        Map<MigProfile, Deque<String>> queues = new LinkedHashMap<>();
        profileOf.forEach((id, p) -> queues.computeIfAbsent(p, k -> new ArrayDeque<>()).add(id));
        List<MigPacking.GpuLayout> gpus = new ArrayList<>();
        // equal layouts get equal placements (a single-strategy packing is one layout repeated on every GPU)
        Map<MigLayout, Placement> placed = new HashMap<>();
        for (MigLayout layout : layouts) {
            Placement placement = placed.computeIfAbsent(layout, l -> MigPlacer.place(gpu, l.counts()));
            if (!(placement instanceof Placement.Fits(List<PlacedInstance> instances)))
                throw new IllegalStateException("packed an invalid layout " + layout + ": " + placement);
            List<MigPacking.Slot> slots = new ArrayList<>();
            for (PlacedInstance i : instances) {
                Deque<String> q = queues.get(i.profile());
                slots.add(new MigPacking.Slot(i.profile(), i.start(), q == null ? null : q.poll()));
            }
            gpus.add(new MigPacking.GpuLayout(slots));
        }
        if (queues.values().stream().anyMatch(q -> !q.isEmpty()))
            throw new IllegalStateException("packing left tenants without a slot: " + queues);
        return new MigPacking(List.copyOf(gpus), Collections.unmodifiableMap(new LinkedHashMap<>(profileOf)),
                Collections.unmodifiableMap(unfit), strategy, optimal);
    }

    private static String gib(double mib) {
        return String.format(Locale.ROOT, "%.1f", mib / 1024);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f", v).replaceAll("\\.0$", "");
    }
}
