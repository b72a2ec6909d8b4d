package dev.slicewise.pack;

import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import dev.slicewise.catalog.mig.MigLayout;
import dev.slicewise.catalog.mig.MigLayouts;
import dev.slicewise.catalog.mig.MigPlacer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The exact packing model behind {@link MigGpuSolver}: MIG placements as a tree of aligned memory blocks.
 *
 * <p>On every MIG GPU in the catalog, once the whole-GPU profile is set aside, each placement is an aligned block:
 * a profile of 2^k memory slices starts at a multiple of 2^k (nvidia-k8s.md 3.1: 3g/4g at 0 or 4, 2g at 0/2/4,
 * 1g.20gb at 0/2/4/6, 1g.10gb at 0..6). So a GPU is a binary tree of blocks (halves, quarters, single slices), an
 * instance occupies one block, and instances may not sit on a block and its ancestor. Blocks whose subtrees accept
 * the same profiles at the same relative places are interchangeable; on an 8-slice GPU the left half (accepts 4g)
 * differs from the right one (no 4g, no 2g at slice 6, no 1g at slice 7), so there are two half types, two quarter
 * types and two slot types.
 *
 * <p>Whether G GPUs can hold a demand vector is then decided level by level, largest blocks first, with the state
 * "how many free blocks of each type": at each level the instances of that size are spread over the free blocks
 * that accept them (all spreads are tried), and unused blocks split into their two children. States are memoised,
 * so the search is exhaustive yet polynomial (for 8-slice GPUs about n3 x n1g.20gb states for n3 3g instances).
 *
 * <p>The tree ignores the per-profile maxima, the compute total and the +me rule, so it is only used for a GPU
 * model when every single-GPU layout the tree allows is also accepted by {@link MigPlacer} and vice versa; this is
 * checked per model (see {@link #forModel}), never assumed.
 */
final class MigBlockTree {
    /** Block types of one level, and where the profiles of that level's size may go. */
    private record Level(int size, List<Type> types, List<Integer> profiles) {}

    /** A block type: the profiles it accepts as a whole, and its children's types (null at single slices). */
    private static final class Type {
        final int index;
        final boolean[] accepts;
        final Type left;
        final Type right;

        Type(int index, boolean[] accepts, Type left, Type right) {
            this.index = index;
            this.accepts = accepts;
            this.left = left;
            this.right = right;
        }
    }

    private final List<MigProfile> profiles;
    private final List<Level> levels = new ArrayList<>();
    private final List<Type> rootChildren = new ArrayList<>();
    private final int memorySlices;

    private MigBlockTree(List<MigProfile> profiles, int memorySlices) {
        this.profiles = profiles;
        this.memorySlices = memorySlices;
    }

    /**
     * The tree of {@code gpu} over {@code profiles} (none spanning the whole GPU), or empty when a placement is not
     * an aligned block or the tree disagrees with {@link MigPlacer} on any single-GPU layout.
     */
    static Optional<MigBlockTree> forModel(GpuModel gpu, List<MigProfile> profiles) {
        int m = gpu.memorySlices();
        if (m < 2 || Integer.bitCount(m) != 1) return Optional.empty();
        for (MigProfile p : profiles) {
            int size = p.memorySlices();
            if (Integer.bitCount(size) != 1 || size >= m) return Optional.empty();
            if (p.allowedStarts().stream().anyMatch(s -> s % size != 0)) return Optional.empty();
        }
        MigBlockTree tree = new MigBlockTree(List.copyOf(profiles), m);
        List<Map<String, Type>> interned = new ArrayList<>();
        for (int size = m / 2; size >= 1; size /= 2) {
            List<Integer> atSize = new ArrayList<>();
            for (int i = 0; i < profiles.size(); i++) if (profiles.get(i).memorySlices() == size) atSize.add(i);
            tree.levels.add(new Level(size, new ArrayList<>(), atSize));
            interned.add(new LinkedHashMap<>());
        }
        tree.rootChildren.add(tree.type(0, 0, interned));
        tree.rootChildren.add(tree.type(0, m / 2, interned));
        return tree.agreesWithPlacer(gpu) ? Optional.of(tree) : Optional.empty();
    }

    private Type type(int level, int start, List<Map<String, Type>> interned) {
        int size = levels.get(level).size;
        boolean[] accepts = new boolean[profiles.size()];
        StringBuilder sig = new StringBuilder();
        for (int i = 0; i < profiles.size(); i++) {
            MigProfile p = profiles.get(i);
            accepts[i] = p.memorySlices() == size && p.allowedStarts().contains(start);
            sig.append(accepts[i] ? '1' : '0');
        }
        Type left = null;
        Type right = null;
        if (size > 1) {
            left = type(level + 1, start, interned);
            right = type(level + 1, start + size / 2, interned);
            sig.append('(').append(left.index).append(',').append(right.index).append(')');
        }
        Map<String, Type> seen = interned.get(level);
        Type existing = seen.get(sig.toString());
        if (existing != null) return existing;
        Type t = new Type(levels.get(level).types.size(), accepts, left, right);
        levels.get(level).types.add(t);
        seen.put(sig.toString(), t);
        return t;
    }

    // ----------------------------------------------------------------------------------- agreement with the placer

    private boolean agreesWithPlacer(GpuModel gpu) {
        Set<List<Integer>> treeLayouts = new HashSet<>();
        for (int[] a : layouts(rootChildren.get(0))) {
            for (int[] b : layouts(rootChildren.get(1))) {
                int[] sum = new int[profiles.size()];
                for (int i = 0; i < sum.length; i++) sum[i] = a[i] + b[i];
                treeLayouts.add(Arrays.stream(sum).boxed().toList());
            }
        }
        Set<List<Integer>> placerLayouts = new HashSet<>();
        placerLayouts.add(Arrays.stream(new int[profiles.size()]).boxed().toList());
        for (MigLayout l : MigLayouts.valid(gpu, profiles)) {
            placerLayouts.add(profiles.stream().map(l::count).toList());
        }
        return treeLayouts.equals(placerLayouts);
    }

    /** Every count vector the subtree of {@code t} can hold (including none). */
    private List<int[]> layouts(Type t) {
        Set<List<Integer>> out = new HashSet<>();
        out.add(Arrays.stream(new int[profiles.size()]).boxed().toList());
        for (int i = 0; i < profiles.size(); i++) {
            if (!t.accepts[i]) continue;
            int[] one = new int[profiles.size()];
            one[i] = 1;
            out.add(Arrays.stream(one).boxed().toList());
        }
        if (t.left != null) {
            for (int[] a : layouts(t.left)) {
                for (int[] b : layouts(t.right)) {
                    int[] sum = new int[profiles.size()];
                    for (int i = 0; i < sum.length; i++) sum[i] = a[i] + b[i];
                    out.add(Arrays.stream(sum).boxed().toList());
                }
            }
        }
        return out.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    // ------------------------------------------------------------------------------------------------- feasibility

    /** Thrown when a search exceeds its step budget; the caller then falls back to its heuristic. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /**
     * The per-GPU layouts of a packing of {@code demand} (counts per profile, in the order given to
     * {@link #forModel}) onto {@code gpus} GPUs, or empty when none exists.
     *
     * @throws BudgetExceeded after {@code budget} search steps
     */
    Optional<List<int[]>> pack(int gpus, int[] demand, long budget) {
        Search s = new Search(demand, budget);
        int[] start = new int[levels.get(0).types.size()];
        for (Type t : rootChildren) start[t.index] += gpus;
        if (!s.feasible(0, start)) return Optional.empty();
        return Optional.of(s.reconstruct(gpus));
    }

    private final class Search {
        final int[] demand;
        final long budget;
        long steps;
        final List<Map<String, int[][]>> chosen = new ArrayList<>();   // level -> state -> allocation (null = infeasible)

        Search(int[] demand, long budget) {
            this.demand = demand;
            this.budget = budget;
            for (int i = 0; i < levels.size(); i++) chosen.add(new HashMap<>());
        }

        boolean feasible(int level, int[] counts) {
            if (level == levels.size()) return true;
            String key = Arrays.toString(counts);
            Map<String, int[][]> memo = chosen.get(level);
            if (memo.containsKey(key)) return memo.get(key) != null;
            if (++steps > budget) throw new BudgetExceeded();
            // slices still to place cannot exceed the slices of the free blocks
            Level l = levels.get(level);
            long free = 0;
            for (int c : counts) free += (long) c * l.size;
            long needed = 0;
            for (int i = 0; i < demand.length; i++) if (profiles.get(i).memorySlices() <= l.size) needed += (long) demand[i] * profiles.get(i).memorySlices();
            int[][] found = null;
            if (needed <= free) {
                int[][] alloc = new int[l.profiles.size()][l.types.size()];
                int[] remaining = counts.clone();
                int firstDemand = l.profiles.isEmpty() ? 0 : demand[l.profiles.get(0)];
                found = allocate(level, 0, 0, firstDemand, remaining, alloc) ? alloc : null;
            }
            memo.put(key, found);
            return found != null;
        }

        /** Spreads the instances of the level's {@code pi}-th profile over block types {@code ti..}, then recurses. */
        private boolean allocate(int level, int pi, int ti, int left, int[] remaining, int[][] alloc) {
            Level l = levels.get(level);
            if (pi == l.profiles.size()) return feasible(level + 1, children(level, remaining));
            int p = l.profiles.get(pi);
            if (left == 0) {
                int next = pi + 1 < l.profiles.size() ? demand[l.profiles.get(pi + 1)] : 0;
                return allocate(level, pi + 1, 0, next, remaining, alloc);
            }
            if (ti == l.types.size()) return false;
            Type t = l.types.get(ti);
            if (!t.accepts[p]) return allocate(level, pi, ti + 1, left, remaining, alloc);
            int max = Math.min(left, remaining[ti]);
            for (int x = max; x >= 0; x--) {
                if (++steps > budget) throw new BudgetExceeded();
                remaining[ti] -= x;
                alloc[pi][ti] = x;
                if (allocate(level, pi, ti + 1, left - x, remaining, alloc)) return true;   // alloc keeps the choice
                remaining[ti] += x;
                alloc[pi][ti] = 0;
            }
            return false;
        }

        private int[] children(int level, int[] remaining) {
            if (level + 1 == levels.size()) return new int[0];
            int[] next = new int[levels.get(level + 1).types.size()];
            List<Type> types = levels.get(level).types;
            for (int ti = 0; ti < types.size(); ti++) {
                next[types.get(ti).left.index] += remaining[ti];
                next[types.get(ti).right.index] += remaining[ti];
            }
            return next;
        }

        /** Replays the memoised choices on concrete blocks, filling the lowest-numbered GPUs first. */
        List<int[]> reconstruct(int gpus) {
            record Block(int gpu, int start, Type type) {}
            List<int[]> layouts = new ArrayList<>();
            for (int g = 0; g < gpus; g++) layouts.add(new int[profiles.size()]);
            List<Block> free = new ArrayList<>();
            for (int g = 0; g < gpus; g++) {
                free.add(new Block(g, 0, rootChildren.get(0)));
                free.add(new Block(g, memorySlices / 2, rootChildren.get(1)));
            }
            for (int level = 0; level < levels.size(); level++) {
                Level l = levels.get(level);
                int[] counts = new int[l.types.size()];
                for (Block b : free) counts[b.type.index]++;
                int[][] alloc = chosen.get(level).get(Arrays.toString(counts));
                List<Block> unused = new ArrayList<>();
                int[][] todo = new int[l.profiles.size()][];
                for (int pi = 0; pi < todo.length; pi++) todo[pi] = alloc[pi].clone();
                for (Block b : free) {
                    boolean used = false;
                    for (int pi = 0; pi < todo.length && !used; pi++) {
                        if (todo[pi][b.type.index] > 0) {
                            todo[pi][b.type.index]--;
                            layouts.get(b.gpu)[l.profiles.get(pi)]++;
                            used = true;
                        }
                    }
                    if (!used) unused.add(b);
                }
                List<Block> next = new ArrayList<>();
                if (level + 1 < levels.size()) {
                    for (Block b : unused) {
                        next.add(new Block(b.gpu, b.start, b.type.left));
                        next.add(new Block(b.gpu, b.start + l.size / 2, b.type.right));
                    }
                }
                free = next;
            }
            return layouts;
        }
    }
}
