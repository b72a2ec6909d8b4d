package dev.slicewise.pack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups target GPUs into nodes of one instance type and picks which of today's nodes they stay on.
 *
 * <p>A node holds at most the instance type's GPU count, and the CPU and memory requests of the pods placed on it
 * must fit its usable share ({@value #USABLE_FRACTION} of vCPU and RAM: an assumption standing for the kubelet and
 * system reserve and the DaemonSets every node runs, roughly what EKS AMIs reserve on GPU instance sizes). Shared
 * (time-sliced or MIG) GPUs and whole GPUs are never mixed on one node: sharing is configured per node, and a pod
 * asking for 2 GPUs fails on a time-sliced node.
 */
public final class NodePacker {
    /** Share of an instance's vCPU and RAM assumed allocatable to pods (≈ 10 % system reserve). */
    public static final double USABLE_FRACTION = 0.90;

    /**
     * A unit placed on a node.
     *
     * @param shared    a shared GPU (goes on a sliced/partitioned node), else whole GPUs of an unshared node
     * @param gpus      physical GPUs it takes
     * @param homeNode  the node it must stay on (work Kubernetes cannot move), or null
     * @param fromNodes where its pods run today (to keep them in place where possible)
     */
    public record Item(String id, boolean shared, int gpus, double cpuMillis, double memoryMiB, String homeNode,
                       List<String> fromNodes) {
        public Item {
            fromNodes = List.copyOf(fromNodes);
        }
    }

    /** A target node: its items and the existing node it is assigned to. */
    public record NodeBin(String node, boolean shared, List<Item> items) {
        public NodeBin {
            items = List.copyOf(items);
        }

        public int gpus() {
            return items.stream().mapToInt(Item::gpus).sum();
        }
    }

    /** Capacity of one node of the instance type. */
    public record Capacity(int gpus, double cpuMillis, double memoryMiB) {
        public static Capacity of(int gpuCount, int vcpu, int memoryGiB) {
            return new Capacity(gpuCount, USABLE_FRACTION * vcpu * 1000.0, USABLE_FRACTION * memoryGiB * 1024.0);
        }
    }

    /**
     * @param candidates today's nodes the items come from, in preference order for staying (ties by name)
     */
    public List<NodeBin> pack(List<Item> items, Capacity cap, List<String> candidates) {
        List<Work> bins = new ArrayList<>();
        // work that cannot move opens its home node first
        List<Item> pinned = items.stream().filter(i -> i.homeNode() != null).sorted(Comparator.comparing(Item::id)).toList();
        Map<String, Work> homes = new LinkedHashMap<>();
        for (Item i : pinned) {
            homes.computeIfAbsent(i.homeNode(), n -> {
                Work w = new Work(false);
                w.pinnedTo = n;
                bins.add(w);
                return w;
            }).items.add(i);
        }
        Comparator<Item> big = Comparator.comparingInt((Item i) -> -i.gpus()).thenComparingDouble(i -> -i.cpuMillis())
                .thenComparingDouble(i -> -i.memoryMiB()).thenComparing(Item::id);
        for (Item i : items.stream().filter(i -> i.homeNode() == null && !i.shared()).sorted(big).toList()) place(i, bins, cap, false);
        for (Item i : items.stream().filter(i -> i.homeNode() == null && i.shared()).sorted(big).toList()) place(i, bins, cap, true);

        // keep as many pods in place as possible: each target node goes to the free existing node most of its
        // pods already run on (ties: the caller's preference order)
        Set<String> taken = new HashSet<>();
        for (Work w : bins) if (w.pinnedTo != null) taken.add(w.pinnedTo);
        List<Work> order = new ArrayList<>(bins.stream().filter(w -> w.pinnedTo == null).toList());
        for (Work w : order) {
            String best = null;
            long bestScore = -1;
            // how many of its pods run on each node today, counted once rather than once per candidate node
            Map<String, Long> podsOn = new HashMap<>();
            for (Item i : w.items) for (String from : i.fromNodes()) podsOn.merge(from, 1L, Long::sum);
            for (String n : candidates) {
                if (taken.contains(n)) continue;
                long score = podsOn.getOrDefault(n, 0L);
                if (score > bestScore) {
                    best = n;
                    bestScore = score;
                }
            }
            w.pinnedTo = best; // null only when there are more target nodes than today's (never: packing only shrinks)
            if (best != null) taken.add(best);
        }
        List<NodeBin> out = new ArrayList<>();
        for (Work w : bins) out.add(new NodeBin(w.pinnedTo, w.shared, w.items));
        out.sort(Comparator.comparing((NodeBin b) -> b.node() == null ? "~" : b.node()));
        return out;
    }

    private static void place(Item i, List<Work> bins, Capacity cap, boolean shared) {
        for (Work w : bins) {
            if (w.shared == shared && w.fits(i, cap)) {
                w.items.add(i);
                return;
            }
        }
        Work w = new Work(shared);
        w.items.add(i);
        bins.add(w);
    }

    private static final class Work {
        final boolean shared;
        final List<Item> items = new ArrayList<>();
        String pinnedTo;

        Work(boolean shared) {
            this.shared = shared;
        }

        boolean fits(Item i, Capacity cap) {
            int g = items.stream().mapToInt(Item::gpus).sum();
            double c = items.stream().mapToDouble(Item::cpuMillis).sum();
            double m = items.stream().mapToDouble(Item::memoryMiB).sum();
            return g + i.gpus() <= cap.gpus() && c + i.cpuMillis() <= cap.cpuMillis() + 1e-9
                    && m + i.memoryMiB() <= cap.memoryMiB() + 1e-9;
        }
    }
}
