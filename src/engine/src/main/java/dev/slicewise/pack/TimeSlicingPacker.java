package dev.slicewise.pack;

import dev.slicewise.telemetry.Stats;
import dev.slicewise.telemetry.SummedSeries;
import dev.slicewise.telemetry.Units;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Packs tenants onto the fewest time-sliced GPUs of one model.
 *
 * <p>A set of tenants may share a GPU when (a) the p95 of the <em>hour-by-hour sum</em> of their utilization series
 * is at most {@code targetUtilPct} — the sum, not the sum of their p95s, so two tenants busy at different hours may
 * share while two whose peaks coincide are not stacked; (b) the sum of their peak framebuffer use is at most
 * {@code (1 − memHeadroomFraction) ×} the GPU's memory — time-slicing has no memory isolation, an overrun is an OOM
 * for everyone; (c) they are at most {@code maxReplicas} pods; and (d) their CPU and memory requests fit one node.
 * A tenant alone is always allowed (that is today's situation).
 *
 * <p>Method: sort by the binding demand (the largest of p95/target, peak memory/usable memory, pods/maxReplicas),
 * then id; first-fit decreasing; then an improvement pass that tries to empty the least-filled GPU into the others.
 * For up to {@value #EXACT_LIMIT} tenants a branch-and-bound search then looks for a packing with fewer GPUs, within
 * a fixed number of steps (so the result is deterministic), which makes small cases optimal. Beyond that, two other
 * first-fit orders compete and bin elimination (ejection chains, load-spreading exchanges) works on the best, then a
 * pool search (tenants of the lightest GPU put back by best-gain exchanges, with a short tabu list) polishes it, each
 * within a fixed budget of checks: on mixed pools this took the result from 6–16 % to about 1–2 % above the lower
 * bound, and the pool search a few GPUs more at 1,000–5,000 workloads (benchmark 1, BENCHMARKS.md).
 */
public final class TimeSlicingPacker {
    public static final int EXACT_LIMIT = 14;
    static final long SEARCH_BUDGET = 400_000;
    /** Fit checks the improvement pass may spend (each is O(hours)); keeps very large pools bounded and deterministic. */
    static final long IMPROVE_BUDGET = 5_000_000;
    /** Fit checks the bin-elimination search may spend (each at most O(hours), most fail in a few comparisons). */
    static final long ELIMINATE_BUDGET = 20_000_000;
    /** How many of the least-filled GPUs a pass tries to empty, and how many of the least-loaded a pass of exchanges
     *  works on: the likeliest to give, and what keeps a pass about linear in the number of GPUs. */
    static final int VICTIMS_PER_PASS = 8;
    static final int EXCHANGE_WITH = 16;
    /** How strongly the pool search's weights favour the dimension the pool presses on most (see {@code weights}). */
    static final double WEIGHT_POWER = 2;
    /** The pool search: how many of the lightest GPUs it tries to dissolve before it gives up (on benchmark 1 only the
     *  lightest ever gave, and failures are what costs), the moves without a lighter pool it allows, the most moves per
     *  GPU, how many moves a moved tenant stays put, and the checks (cheap ones count 1, an hour-by-hour one 8) it may
     *  spend in all. */
    static final int POOL_VICTIMS = 1;
    static final int POOL_PATIENCE = 10;
    static final int POOL_MAX_MOVES = 400;
    static final int POOL_TABU = 5;
    static final long POOL_BUDGET = 10_000_000;
    private static final double EPS = 1e-9;

    /**
     * What one target GPU may hold besides utilization.
     *
     * @param gpuMemoryMiB   framebuffer of one GPU
     * @param cpuMillisCap   CPU requests one GPU's tenants may add up to (the node's usable CPU; +∞ for no check)
     * @param memoryMiBCap   memory requests one GPU's tenants may add up to (the node's usable RAM; +∞ for no check)
     */
    public record Limits(long gpuMemoryMiB, double cpuMillisCap, double memoryMiBCap) {
        public static Limits gpuOnly(long gpuMemoryMiB) {
            return new Limits(gpuMemoryMiB, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
    }

    public TimeSlicingPacking pack(List<Tenant> tenants, Map<String, Integer> slots, Limits limits, PackingPolicy policy) {
        return new Run(tenants, slots, limits, policy).run();
    }

    /** Usable framebuffer of one time-sliced GPU under the policy's headroom. */
    public static double usableMemMiB(long gpuMemoryMiB, PackingPolicy policy) {
        return (1 - policy.memHeadroomFraction()) * gpuMemoryMiB;
    }

    /**
     * Why these tenants cannot all share one GPU, in one sentence (empty when they can), e.g. "four tenants at 25 %
     * saturate one GPU at the 70 % target (p95 of their summed series 100 %)".
     */
    public static String whyNotOneGpu(List<Tenant> tenants, Map<String, Integer> slots, Limits limits, PackingPolicy policy) {
        if (tenants.size() < 2) return "";
        List<String> why = new ArrayList<>();
        SummedSeries sum = Stats.sum(tenants.stream().map(Tenant::util).toList());
        double p95 = sum.percentile(95);
        if (!(p95 <= policy.targetUtilPct() + EPS)) {
            double lo = tenants.stream().mapToDouble(Tenant::p95Util).min().orElse(0);
            double hi = tenants.stream().mapToDouble(Tenant::p95Util).max().orElse(0);
            String who = Math.abs(hi - lo) < 0.5
                    ? Units.count(tenants.size()) + " tenants at " + Units.pct(hi)
                    : Units.count(tenants.size()) + " tenants (p95 " + Units.pct(lo).replace(" %", "") + "–" + Units.pct(hi) + ")";
            why.add(who + " saturate one GPU at the " + Units.pct(policy.targetUtilPct()) + " target (p95 of their summed series "
                    + (Double.isNaN(p95) ? "undefined: their hours with data never overlap" : Units.pct(p95)) + ")");
        }
        double mem = tenants.stream().mapToDouble(Tenant::peakMemMiB).sum();
        double usable = usableMemMiB(limits.gpuMemoryMiB(), policy);
        if (mem > usable + EPS) {
            why.add("their peak memory adds up to " + Units.gib(mem) + ", more than the " + Units.gib(usable) + " usable on one "
                    + Units.gib(limits.gpuMemoryMiB()) + " GPU with " + Units.share(policy.memHeadroomFraction())
                    + " headroom (time-slicing has no memory isolation)");
        }
        int pods = tenants.stream().mapToInt(t -> slots.getOrDefault(t.id(), 1)).sum();
        if (pods > policy.maxReplicas()) {
            why.add(pods + " pods exceed the " + policy.maxReplicas() + " replicas allowed per GPU");
        }
        double cpu = tenants.stream().mapToDouble(Tenant::cpuMillis).sum();
        if (cpu > limits.cpuMillisCap() + EPS) {
            why.add("their CPU requests (" + Units.vcpu(cpu) + ") exceed the " + Units.vcpu(limits.cpuMillisCap()) + " usable on one node");
        }
        double ram = tenants.stream().mapToDouble(Tenant::memoryMiB).sum();
        if (ram > limits.memoryMiBCap() + EPS) {
            why.add("their memory requests (" + Units.gib(ram) + ") exceed the " + Units.gib(limits.memoryMiBCap()) + " usable on one node");
        }
        return String.join("; ", why);
    }

    /** One packing run: the tenants in search order and the bins' running sums. */
    private static final class Run {
        final Tenant[] t;
        final int[] slot;
        final Limits limits;
        final PackingPolicy policy;
        final double memLimit;
        final int hours;
        final List<String> notes = new ArrayList<>();
        /** each tenant's binding demand (the sort key), the measure of progress when the search swaps tenants */
        final double[] size;
        /** whether tenant i's series has an hour without data (most have none, and then a fit check needs no gap test) */
        final boolean[] gappy;
        /** tenant i's peak memory, CPU and memory requests, side by side: fit checks read them millions of times */
        final double[] peakMem, cpuReq, ramReq;
        /** the smallest of each over all tenants: what a GPU must still have room for to take any tenant */
        final double minSlot, minPeakMem, minCpuReq, minRamReq;
        /**
         * The hours, busiest first (by the tenants' summed use): a fit check may visit the hours in any order — it
         * fails once more than ⌊0.05·n⌋ hours are above the target, whichever they are — and most checks fail, so
         * looking at the likeliest hours first ends them after a few dozen hours instead of most of the window.
         */
        final int[] hourOrder;
        /** each tenant's weight in the pool search: its share of the GPU in the dimensions the pool presses on */
        final double[] w;
        long steps;

        Run(List<Tenant> tenants, Map<String, Integer> slots, Limits limits, PackingPolicy policy) {
            this.limits = limits;
            this.policy = policy;
            this.memLimit = usableMemMiB(limits.gpuMemoryMiB(), policy);
            Comparator<Tenant> byDemand = Comparator.comparingDouble((Tenant x) -> -demand(x, slots)).thenComparing(Tenant::id);
            this.t = tenants.stream().sorted(byDemand).toArray(Tenant[]::new);
            this.slot = Arrays.stream(t).mapToInt(x -> slots.getOrDefault(x.id(), 1)).toArray();
            this.hours = t.length == 0 ? 0 : t[0].util().length;
            this.size = Arrays.stream(t).mapToDouble(x -> demand(x, slots)).toArray();
            for (Tenant x : t) {
                if (x.util().length != hours) throw new IllegalArgumentException("tenant " + x.id() + " series is not aligned");
            }
            this.gappy = new boolean[t.length];
            this.peakMem = Arrays.stream(t).mapToDouble(Tenant::peakMemMiB).toArray();
            this.cpuReq = Arrays.stream(t).mapToDouble(Tenant::cpuMillis).toArray();
            this.ramReq = Arrays.stream(t).mapToDouble(Tenant::memoryMiB).toArray();
            this.minSlot = smallest(Arrays.stream(slot).asDoubleStream().toArray());
            this.minPeakMem = smallest(peakMem);
            this.minCpuReq = smallest(cpuReq);
            this.minRamReq = smallest(ramReq);
            double[] load = new double[hours];
            for (int i = 0; i < t.length; i++) {
                double[] u = t[i].util();
                for (int h = 0; h < hours; h++) {
                    if (Double.isNaN(u[h])) gappy[i] = true;
                    else load[h] += u[h];
                }
            }
            this.hourOrder = busiestFirst(load);
            this.w = weights();
        }

        double demand(Tenant x, Map<String, Integer> slots) {
            return Math.max(Math.max(nz(x.p95Util()) / policy.targetUtilPct(), x.peakMemMiB() / usableMemMiB(limits.gpuMemoryMiB(), policy)),
                    (double) slots.getOrDefault(x.id(), 1) / policy.maxReplicas());
        }

        TimeSlicingPacking run() {
            if (t.length == 0) return new TimeSlicingPacking(List.of(), true, List.of());
            for (int i = 0; i < t.length; i++) {
                if (!aloneWithinLimits(i)) {
                    notes.add("tenant " + t[i].id() + " alone exceeds a sharing limit (p95 " + Units.pct(t[i].p95Util())
                            + ", peak memory " + Units.gib(t[i].peakMemMiB()) + "): it keeps a GPU to itself");
                }
            }
            List<Bin> bins = firstFitDecreasing();
            improve(bins);
            int lower = lowerBound();
            boolean optimal = bins.size() <= lower;
            if (!optimal && t.length > EXACT_LIMIT) {
                // first fit decreasing puts the big tenants together and leaves the small ones to fill GPUs by pod count;
                // on mixed pools, big and small taken in turn, or the tenants as they come, often mix better
                for (int[] order : List.of(bigAndSmallInTurn(), byId())) {
                    List<Bin> other = firstFit(order);
                    improve(other);
                    if (other.size() < bins.size()) bins = other;
                }
                eliminate(bins, lower);
                poolSearch(bins, lower, new long[]{POOL_BUDGET});
                optimal = bins.size() <= lower;
            }
            if (!optimal && t.length <= EXACT_LIMIT) {
                int[] best = search(bins.size());
                if (best != null) bins = fromAssignment(best);
                optimal = steps < SEARCH_BUDGET;
                if (!optimal) notes.add("exhaustive search stopped after " + SEARCH_BUDGET + " steps: packing may not be optimal");
            }
            List<TimeSlicingPacking.GpuBin> out = new ArrayList<>();
            for (Bin b : bins) out.add(b.toGpuBin());
            out.sort(Comparator.comparingDouble((TimeSlicingPacking.GpuBin g) -> -nz(g.p95SummedUtilPct()))
                    .thenComparing(g -> g.tenants().get(0).id()));
            return new TimeSlicingPacking(out, optimal, notes);
        }

        /**
         * What {@code Bin.withinLimits} says of a GPU holding tenant i alone, without building one: nearest-rank p95 ≤
         * target ⇔ at most n − ⌈0.95·n⌉ of its n present hours above it (no present hour: NaN p95, within limits).
         */
        boolean aloneWithinLimits(int i) {
            Tenant x = t[i];
            if (x.peakMemMiB() > memLimit + EPS || slot[i] > policy.maxReplicas() || x.cpuMillis() > limits.cpuMillisCap() + EPS
                    || x.memoryMiB() > limits.memoryMiBCap() + EPS) return false;
            int n = 0, over = 0;
            for (double v : x.util()) {
                if (Double.isNaN(v)) continue;
                n++;
                if (v > policy.targetUtilPct() + EPS) over++;
            }
            return over <= n - (int) Math.ceil(0.95 * n - 1e-9);
        }

        List<Bin> firstFitDecreasing() {
            int[] order = new int[t.length];
            for (int i = 0; i < t.length; i++) order[i] = i;
            return firstFit(order);
        }

        /** By peak memory, largest and smallest in turn: largest, smallest, second largest, second smallest, … */
        int[] bigAndSmallInTurn() {
            Integer[] byMem = new Integer[t.length];
            for (int i = 0; i < t.length; i++) byMem[i] = i;
            Arrays.sort(byMem, Comparator.comparingDouble((Integer i) -> -t[i].peakMemMiB()).thenComparingInt(i -> i));
            int[] out = new int[t.length];
            for (int k = 0, lo = 0, hi = t.length - 1; lo <= hi; k++) out[k] = k % 2 == 0 ? byMem[lo++] : byMem[hi--];
            return out;
        }

        /** The tenants in id order (as they come, for a pool listed by name). */
        int[] byId() {
            Integer[] idx = new Integer[t.length];
            for (int i = 0; i < t.length; i++) idx[i] = i;
            Arrays.sort(idx, Comparator.comparing(i -> t[i].id()));
            return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
        }

        /** First fit in the given order of tenant indexes. */
        List<Bin> firstFit(int[] order) {
            List<Bin> bins = new ArrayList<>();
            // the bins some tenant may still join, in the same order: here bins only fill up, so one that even the
            // smallest tenant would overfill is passed over for good (an answer no fit check could change)
            List<Bin> open = new ArrayList<>();
            for (int i : order) {
                Bin target = null;
                for (Bin b : open) {
                    if (b.fits(i)) {
                        target = b;
                        break;
                    }
                }
                if (target == null) {
                    target = new Bin(hours);
                    bins.add(target);
                    open.add(target);
                }
                target.add(i);
                if (target.full()) open.remove(target);
            }
            return bins;
        }

        /** Tries to empty the least-filled GPU into the others, repeatedly. */
        void improve(List<Bin> bins) {
            long checks = 0;
            boolean changed = true;
            while (changed && bins.size() > 1 && checks < IMPROVE_BUDGET) {
                changed = false;
                List<Bin> order = new ArrayList<>(bins);
                order.sort(Comparator.comparingInt((Bin b) -> b.slots).thenComparingInt(b -> -b.first()));
                for (Bin victim : order) {
                    List<Bin> others = new ArrayList<>(bins);
                    others.remove(victim);
                    List<int[]> moves = new ArrayList<>();
                    boolean ok = true;
                    for (int i : victim.memberArray()) {
                        Bin dest = null;
                        for (Bin o : others) {
                            checks++;
                            if (o.fits(i)) {
                                dest = o;
                                break;
                            }
                        }
                        if (dest == null) {
                            ok = false;
                            break;
                        }
                        dest.add(i);
                        moves.add(new int[]{i, others.indexOf(dest)});
                    }
                    if (ok) {
                        bins.remove(victim);
                        changed = true;
                        break;
                    }
                    for (int[] mv : moves) others.get(mv[1]).remove(mv[0]);
                }
            }
        }

        /**
         * Bin elimination (for pools beyond the exhaustive search): take the least-filled GPU and re-place its tenants
         * in the others — directly where one fits (the fullest GPU it fits, to keep room elsewhere), else by swapping it
         * for a smaller tenant of some GPU, which moves on to a third GPU or, failing that, is placed in turn (an
         * ejection chain: every ejected tenant is smaller than the one that took its place, so chains end). A GPU
         * that cannot be emptied is left as it was (every move is undone) and the next-least-filled is tried; each
         * success starts over. Deterministic, and bounded by {@link #ELIMINATE_BUDGET} fit checks. This is what closes
         * most of the distance between first-fit-decreasing and the optimum on mixed pools (benchmark 1,
         * BENCHMARKS.md: memory, pods and the p95 of summed hours all binding at once).
         */
        void eliminate(List<Bin> bins, int lower) {
            long[] budget = {ELIMINATE_BUDGET};
            boolean progress = true;
            while (progress && bins.size() > lower && budget[0] > 0) {
                progress = false;
                List<Bin> order = new ArrayList<>(bins);
                order.sort(Comparator.comparingDouble(Bin::fill).thenComparingInt(b -> -b.first()));
                for (Bin victim : order.subList(0, Math.min(order.size(), VICTIMS_PER_PASS))) {
                    if (budget[0] <= 0) break;
                    if (empty(victim, bins, budget)) {
                        bins.remove(victim);
                        progress = true;
                        break;
                    }
                }
                if (!progress) progress = exchange(bins, budget);
            }
        }

        /**
         * One pass of improving exchanges, when no GPU can be emptied: a smaller tenant of a fuller GPU trades places
         * with a larger tenant of an emptier one whenever both stay within every limit. Loads (the sum of the tenants'
         * binding demands) move apart — their sum of squares grows with every exchange, so passes end — which is what
         * lets the next elimination empty a GPU (e.g. {3,3,3} {4,4} become {4,3,3} {4,3}, and a lone {3,3} then fits).
         */
        boolean exchange(List<Bin> bins, long[] budget) {
            List<Bin> order = new ArrayList<>(bins);
            order.sort(Comparator.comparingDouble((Bin b) -> -load(b)).thenComparingInt(Bin::first));
            // each GPU's load, summed once and again only after a swap changes it (the same sum, in member order)
            double[] loads = new double[order.size()];
            for (int k = 0; k < loads.length; k++) loads[k] = load(order.get(k));
            boolean any = false;
            // the emptier side is one of the few least-loaded GPUs (the next candidates for emptying): that keeps a pass
            // linear in the number of GPUs
            int from = Math.max(1, order.size() - EXCHANGE_WITH);
            for (int y = order.size() - 1; y >= from; y--) {
                for (int x = 0; x < y; x++) {
                    Bin fuller = order.get(x), emptier = order.get(y);
                    if (loads[x] < loads[y]) continue;
                    // no copies of the member lists: a swap ends both loops, so they are never walked after a change
                    swapping:
                    for (int ai = 0; ai < fuller.count; ai++) {
                        int a = fuller.members[ai];
                        for (int bi = 0; bi < emptier.count; bi++) {
                            int b = emptier.members[bi];
                            if (!(size[b] > size[a])) continue;
                            if ((budget[0] -= 2) <= 0) return any;
                            if (fuller.fitsSwap(a, b) && emptier.fitsSwap(b, a)) {
                                fuller.remove(a);
                                fuller.add(b);
                                emptier.remove(b);
                                emptier.add(a);
                                loads[x] = load(fuller);
                                loads[y] = load(emptier);
                                any = true;
                                break swapping;
                            }
                        }
                    }
                }
            }
            return any;
        }

        double load(Bin b) {
            double l = 0;
            for (int k = 0; k < b.count; k++) l += size[b.members[k]];
            return l;
        }

        /** Re-places every tenant of {@code victim} in the other GPUs, or undoes everything and says false. */
        boolean empty(Bin victim, List<Bin> bins, long[] budget) {
            List<Bin> others = new ArrayList<>(bins);
            others.remove(victim);
            // fullest first: the first GPU that takes a tenant is then (about) the fullest that does
            others.sort(Comparator.comparingDouble((Bin b) -> -b.fill()).thenComparingInt(Bin::first));
            List<Runnable> undo = new ArrayList<>();
            java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
            Arrays.stream(victim.memberArray()).boxed().sorted(Comparator.comparingDouble((Integer i) -> -size[i]).thenComparingInt(i -> i))
                    .forEach(queue::add);
            int ejections = 0;
            while (!queue.isEmpty()) {
                int i = queue.poll();
                // 1. directly, into the fullest GPU that takes it
                Bin best = null;
                for (Bin b : others) {
                    if (budget[0]-- <= 0) return rollback(undo);
                    if (b.fits(i)) {
                        best = b;
                        break;
                    }
                }
                if (best != null) {
                    Bin dest = best;
                    dest.add(i);
                    undo.add(() -> dest.remove(i));
                    continue;
                }
                // 2. in place of a smaller tenant j of GPU b; j goes to a third GPU, else it is placed in turn
                Bin swapBin = null;
                int swapOut = -1;
                boolean done = false;
                for (Bin b : others) {
                    if (done) break;
                    // b's members change only right before this loop ends (done), so it walks them in place
                    for (int jk = 0; jk < b.count; jk++) {
                        int j = b.members[jk];
                        if (!(size[j] < size[i]) || (swapBin != null && size[j] >= size[swapOut])) continue;
                        if (budget[0]-- <= 0) return rollback(undo);
                        if (!b.fitsSwap(j, i)) continue;
                        Bin third = null;
                        for (Bin c : others) {
                            if (c == b) continue;
                            if (budget[0]-- <= 0) return rollback(undo);
                            if (c.fits(j)) {
                                third = c;
                                break;
                            }
                        }
                        if (third != null) {
                            Bin from = b, to = third;
                            from.remove(j);
                            from.add(i);
                            to.add(j);
                            undo.add(() -> {
                                to.remove(j);
                                from.remove(i);
                                from.add(j);
                            });
                            done = true;
                            break;
                        }
                        swapBin = b;
                        swapOut = j;
                    }
                }
                if (done) continue;
                if (swapBin == null || ++ejections > 2 * policy.maxReplicas()) return rollback(undo);
                Bin from = swapBin;
                int j = swapOut;
                from.remove(j);
                from.add(i);
                undo.add(() -> {
                    from.remove(i);
                    from.add(j);
                });
                queue.addFirst(j);
            }
            return true;
        }

        private static boolean rollback(List<Runnable> undo) {
            for (int k = undo.size() - 1; k >= 0; k--) undo.get(k).run();
            return false;
        }

        /**
         * Weights for the pool search: per tenant, its shares of one GPU's usable memory, replicas, utilization in the
         * pool's busiest hours (against the target), and the node's CPU and RAM, each scaled by how hard the whole pool presses on that dimension (its total over the total of the
         * most pressed one, squared), so the binding dimension dominates and the others break ties.
         */
        double[] weights() {
            int n = t.length;
            double[][] share = new double[5][n];
            // utilization: the tenant's mean over the pool's busiest 5 % of hours (where GPUs fill up) over the target;
            // hourOrder lists the hours busiest first
            int top = Math.max(1, hours / 20);
            for (int i = 0; i < n; i++) {
                double sum = 0;
                int c = 0;
                for (int k = 0; k < top; k++) {
                    double v = t[i].util()[hourOrder[k]];
                    if (!Double.isNaN(v)) {
                        sum += v;
                        c++;
                    }
                }
                share[4][i] = c == 0 ? 0 : sum / c / policy.targetUtilPct();
            }
            for (int i = 0; i < n; i++) {
                share[0][i] = t[i].peakMemMiB() / memLimit;
                share[1][i] = (double) slot[i] / policy.maxReplicas();
                share[2][i] = Double.isFinite(limits.cpuMillisCap()) && limits.cpuMillisCap() > 0 ? t[i].cpuMillis() / limits.cpuMillisCap() : 0;
                share[3][i] = Double.isFinite(limits.memoryMiBCap()) && limits.memoryMiBCap() > 0 ? t[i].memoryMiB() / limits.memoryMiBCap() : 0;
            }
            double[] total = new double[5];
            double most = 0;
            for (int d = 0; d < 5; d++) {
                for (int i = 0; i < n; i++) total[d] += share[d][i];
                most = Math.max(most, total[d]);
            }
            double[] out = new double[n];
            for (int d = 0; d < 5; d++) {
                double k = most > 0 ? Math.pow(total[d] / most, WEIGHT_POWER) : 0;
                for (int i = 0; i < n; i++) out[i] += k * share[d][i];
            }
            return out;
        }

        /**
         * Pool search (after Buljubašić and Vasquez's consistent neighbourhood search for bin packing): take the least
         * loaded GPU's tenants out into a pool and put them back into the other GPUs, directly where one fits (the
         * tightest such GPU), else in exchange for one or two lighter tenants of a GPU, which go to the pool instead;
         * the pool's weight drops until it is empty (a GPU fewer) or stops dropping for {@link #POOL_PATIENCE} moves (then
         * every move is undone). Moves that do not lighten the pool are allowed (the best one available) so the search
         * can leave a dead end; a tenant just put into a GPU may not leave it again, and one just taken out may not
         * return, for a few moves (tabu), so it does not undo itself. Deterministic; bounded by a budget of checks.
         */
        boolean poolSearch(List<Bin> bins, int lower, long[] budget) {
            boolean any = false;
            while (bins.size() > lower && budget[0] > 0) {
                List<Bin> order = new ArrayList<>(bins);
                order.sort(Comparator.comparingDouble((Bin b) -> b.wl).thenComparingInt(b -> -b.first()));
                boolean done = false;
                for (Bin victim : order.subList(0, Math.min(order.size(), POOL_VICTIMS))) {
                    if (budget[0] <= 0) break;
                    if (dissolve(bins, victim, budget)) {
                        bins.remove(victim);
                        done = true;
                        break;
                    }
                }
                if (!done) break;
                any = true;
            }
            return any;
        }

        /** One GPU's tenants re-placed in the others by the pool search, or every move undone and false. */
        boolean dissolve(List<Bin> bins, Bin victim, long[] budget) {
            List<Bin> others = new ArrayList<>(bins);
            others.remove(victim);
            int nb = others.size();
            for (int b = 0; b < nb; b++) others.get(b).id = b;
            List<Integer> pool = new ArrayList<>();
            for (int i : victim.memberArray()) pool.add(i);
            // undo log: tenant, from (bin or -1), to (bin or -1)
            List<int[]> log = new ArrayList<>();
            int[] barredBin = new int[t.length], barredUntil = new int[t.length], stayUntil = new int[t.length];
            Arrays.fill(barredBin, -1);
            double poolW = 0;
            for (int i : pool) poolW += w[i];
            double bestW = poolW;
            int sinceBest = 0;
            for (int it = 1; ; it++) {
                if (pool.isEmpty()) return true;
                if (sinceBest > POOL_PATIENCE || it > POOL_MAX_MOVES || budget[0] <= 0) {
                    for (int k = log.size() - 1; k >= 0; k--) {
                        int[] op = log.get(k);
                        if (op[2] >= 0) others.get(op[2]).remove(op[0]);
                        if (op[1] >= 0) others.get(op[1]).add(op[0]);
                    }
                    return false;
                }
                // the best move: highest gain (weight into GPUs minus weight out), checked lazily so only moves that would
                // beat the best found so far pay for the hour-by-hour check
                Move chosen = direct(pool, others, it, barredBin, barredUntil, budget);
                double bestGain = chosen != null ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                if (chosen == null) for (int p : pool) {
                    for (Bin b : others) {
                        if (barredBin[p] == b.id && barredUntil[p] >= it) continue;
                        int m = b.count;
                        budget[0] -= 1 + m * (m + 1) / 2;
                        for (int x = 0; x < m; x++) {
                            int o1 = b.members[x];
                            if (stayUntil[o1] >= it) continue;
                            double g1 = w[p] - w[o1];
                            if (g1 > bestGain && b.cheapFits(o1, -1, p) && check(b, o1, -1, p, budget)) {
                                bestGain = g1;
                                chosen = new Move(p, b, o1, -1, g1);
                            }
                            for (int y = x + 1; y < m; y++) {
                                int o2 = b.members[y];
                                if (stayUntil[o2] >= it) continue;
                                double g2 = g1 - w[o2];
                                if (g2 > bestGain && b.cheapFits(o1, o2, p) && check(b, o1, o2, p, budget)) {
                                    bestGain = g2;
                                    chosen = new Move(p, b, o1, o2, g2);
                                }
                            }
                        }
                    }
                }
                if (chosen == null) {
                    sinceBest = Integer.MAX_VALUE;
                    continue;
                }
                Bin b = chosen.bin;
                for (int o : new int[]{chosen.out1, chosen.out2}) {
                    if (o < 0) continue;
                    b.remove(o);
                    log.add(new int[]{o, b.id, -1});
                    pool.add(o);
                    barredBin[o] = b.id;
                    barredUntil[o] = it + POOL_TABU;
                    poolW += w[o];
                }
                b.add(chosen.in);
                log.add(new int[]{chosen.in, -1, b.id});
                pool.remove(Integer.valueOf(chosen.in));
                stayUntil[chosen.in] = it + POOL_TABU;
                poolW -= w[chosen.in];
                if (poolW < bestW - EPS) {
                    bestW = poolW;
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
            }
        }

        record Move(int in, Bin bin, int out1, int out2, double gain) {}

        /** The heaviest pool tenant that fits some GPU as it is, into the fullest such GPU (best fit); null if none. */
        Move direct(List<Integer> pool, List<Bin> others, int it, int[] barredBin, int[] barredUntil, long[] budget) {
            List<Integer> heaviest = new ArrayList<>(pool);
            heaviest.sort(Comparator.comparingDouble((Integer i) -> -w[i]).thenComparingInt(i -> i));
            List<Bin> fit = new ArrayList<>();
            for (int p : heaviest) {
                fit.clear();
                budget[0] -= others.size();
                for (Bin b : others) {
                    if (barredBin[p] == b.id && barredUntil[p] >= it) continue;
                    if (b.cheapFits(-1, -1, p)) fit.add(b);
                }
                fit.sort(Comparator.comparingDouble((Bin b) -> -b.wl).thenComparingInt(b -> b.id));
                for (Bin b : fit) {
                    if (check(b, -1, -1, p, budget)) return new Move(p, b, -1, -1, w[p]);
                }
            }
            return null;
        }

        boolean check(Bin b, int o1, int o2, int in, long[] budget) {
            budget[0] -= 8;
            return b.fitsReplace(o1, o2, in);
        }

        int lowerBound() {
            double pods = 0, mem = 0, cpu = 0, ram = 0;
            for (int i = 0; i < t.length; i++) {
                pods += slot[i];
                mem += Math.min(t[i].peakMemMiB(), memLimit);
                cpu += Math.min(t[i].cpuMillis(), limits.cpuMillisCap());
                ram += Math.min(t[i].memoryMiB(), limits.memoryMiBCap());
            }
            int lb = 1;
            lb = Math.max(lb, (int) Math.ceil(pods / policy.maxReplicas() - EPS));
            if (memLimit > 0) lb = Math.max(lb, (int) Math.ceil(mem / memLimit - EPS));
            if (Double.isFinite(limits.cpuMillisCap()) && limits.cpuMillisCap() > 0) lb = Math.max(lb, (int) Math.ceil(cpu / limits.cpuMillisCap() - EPS));
            if (Double.isFinite(limits.memoryMiBCap()) && limits.memoryMiBCap() > 0) lb = Math.max(lb, (int) Math.ceil(ram / limits.memoryMiBCap() - EPS));
            return lb;
        }

        int[] bestAssignment;
        int bestCount;

        /** Branch and bound for a packing with fewer than {@code upper} GPUs; null when none was found. */
        int[] search(int upper) {
            bestCount = upper;
            bestAssignment = null;
            steps = 0;
            dfs(0, new ArrayList<>(), new int[t.length]);
            return bestAssignment;
        }

        void dfs(int i, List<Bin> bins, int[] assign) {
            if (steps++ >= SEARCH_BUDGET) return;
            if (bins.size() >= bestCount) return;
            if (i == t.length) {
                bestCount = bins.size();
                bestAssignment = assign.clone();
                return;
            }
            for (int b = 0; b < bins.size(); b++) {
                Bin bin = bins.get(b);
                if (!bin.fits(i)) continue;
                bin.add(i);
                assign[i] = b;
                dfs(i + 1, bins, assign);
                bin.remove(i);
                if (steps >= SEARCH_BUDGET) return;
            }
            if (bins.size() + 1 < bestCount) {
                Bin fresh = new Bin(hours);
                fresh.add(i);
                bins.add(fresh);
                assign[i] = bins.size() - 1;
                dfs(i + 1, bins, assign);
                bins.remove(bins.size() - 1);
            }
        }

        List<Bin> fromAssignment(int[] assign) {
            List<Bin> bins = new ArrayList<>();
            for (int i = 0; i < assign.length; i++) {
                while (bins.size() <= assign[i]) bins.add(new Bin(hours));
                bins.get(assign[i]).add(i);
            }
            return bins;
        }

        /** A target GPU being filled: running hour-by-hour sums so adding a tenant is checked in O(hours). */
        final class Bin {
            final double[] sum;
            final int[] missing;
            /** tenant indexes in the order they were added (a plain array: fit checks walk it millions of times) */
            int[] members = new int[4];
            int count;
            /** the bin's index in the pool search's list of the other GPUs */
            int id;
            /** weighted load: the sum of the members' weights (pool search) */
            double wl;
            /** hours where some member has no data ({@code missing[h] > 0}); none is the common case */
            int gapHours;
            int slots;
            double mem, cpu, ram;

            Bin(int hours) {
                sum = new double[hours];
                missing = new int[hours];
            }

            int first() {
                return members[0];
            }

            /** A copy of the members, to walk while they may change. */
            int[] memberArray() {
                return Arrays.copyOf(members, count);
            }

            boolean fits(int i) {
                if (count == 0) return true;
                return cheapFits(-1, -1, i) && utilFits(i);
            }

            /**
             * True when no tenant fits any more, whatever its series: even the smallest pod count, peak memory or
             * request would cross a limit (a sum with a larger value only rounds to the same or more).
             */
            boolean full() {
                return slots + minSlot > policy.maxReplicas() || mem + minPeakMem > memLimit + EPS
                        || cpu + minCpuReq > limits.cpuMillisCap() + EPS || ram + minRamReq > limits.memoryMiBCap() + EPS;
            }

            /** How full the GPU is in its most used dimension (peak memory, pods): the least-filled are emptied first. */
            double fill() {
                return Math.max(mem / memLimit, (double) slots / policy.maxReplicas());
            }

            /** Whether the GPU would still be within every limit with tenant {@code in} in place of its tenant {@code out}. */
            boolean fitsSwap(int out, int in) {
                if (count == 1) return true; // in alone
                if (slots - slot[out] + slot[in] > policy.maxReplicas()) return false;
                if (mem - peakMem[out] + peakMem[in] > memLimit + EPS) return false;
                if (cpu - cpuReq[out] + cpuReq[in] > limits.cpuMillisCap() + EPS) return false;
                if (ram - ramReq[out] + ramReq[in] > limits.memoryMiBCap() + EPS) return false;
                Tenant x = t[in], y = t[out];
                double target = policy.targetUtilPct() + EPS;
                int mostOver = sum.length - (int) Math.ceil(0.95 * sum.length - 1e-9), n = 0, over = 0;
                double[] yu = y.util(), xu = x.util();
                if (gapHours == 0 && !gappy[in] && !gappy[out]) {
                    // every hour is defined before and after the swap
                    for (int h : hourOrder) {
                        if (!(sum[h] - yu[h] + xu[h] <= target) && ++over > mostOver) return false;
                    }
                    n = sum.length;
                } else {
                    for (int h : hourOrder) {
                        boolean yMissing = Double.isNaN(yu[h]);
                        if (missing[h] - (yMissing ? 1 : 0) > 0 || Double.isNaN(xu[h])) continue;
                        n++;
                        if (!(sum[h] - (yMissing ? 0 : yu[h]) + xu[h] <= target) && ++over > mostOver) return false;
                    }
                }
                if (n == 0) return false;
                return n - over >= (int) Math.ceil(0.95 * n - 1e-9);
            }

            /** The O(1) limits (pods, memory, CPU, RAM) with tenants {@code o1}, {@code o2} (−1: none) out and {@code in} in. */
            boolean cheapFits(int o1, int o2, int in) {
                int left = count - (o1 >= 0 ? 1 : 0) - (o2 >= 0 ? 1 : 0);
                if (left == 0) return true;
                int s = slots + slot[in];
                double m = mem + peakMem[in], c = cpu + cpuReq[in], r = ram + ramReq[in];
                if (o1 >= 0) {
                    s -= slot[o1];
                    m -= peakMem[o1];
                    c -= cpuReq[o1];
                    r -= ramReq[o1];
                }
                if (o2 >= 0) {
                    s -= slot[o2];
                    m -= peakMem[o2];
                    c -= cpuReq[o2];
                    r -= ramReq[o2];
                }
                return !(s > policy.maxReplicas() || m > memLimit + EPS || c > limits.cpuMillisCap() + EPS || r > limits.memoryMiBCap() + EPS);
            }

            /** Whether every limit holds with {@code o1}, {@code o2} (−1: none) out and {@code in} in. */
            boolean fitsReplace(int o1, int o2, int in) {
                int left = count - (o1 >= 0 ? 1 : 0) - (o2 >= 0 ? 1 : 0);
                if (left == 0) return true;
                if (!cheapFits(o1, o2, in)) return false;
                double target = policy.targetUtilPct() + EPS;
                int mostOver = sum.length - (int) Math.ceil(0.95 * sum.length - 1e-9), n = 0, ok = 0, over = 0;
                double[] xu = t[in].util(), au = o1 >= 0 ? t[o1].util() : null, bu = o2 >= 0 ? t[o2].util() : null;
                for (int h : hourOrder) {
                    double v = sum[h] + xu[h];
                    int miss = missing[h];
                    if (au != null) {
                        if (Double.isNaN(au[h])) miss--;
                        else v -= au[h];
                    }
                    if (bu != null) {
                        if (Double.isNaN(bu[h])) miss--;
                        else v -= bu[h];
                    }
                    if (miss > 0 || Double.isNaN(xu[h])) continue;
                    n++;
                    if (v <= target) ok++;
                    else if (++over > mostOver) return false;
                }
                if (n == 0) return false;
                return ok >= (int) Math.ceil(0.95 * n - 1e-9);
            }

            /**
             * p95 (nearest rank) of the sum with tenant i ≤ target ⇔ at least ⌈0.95·n⌉ defined hours are ≤ target, i.e.
             * at most n − ⌈0.95·n⌉ are above it.
             */
            boolean utilFits(int i) {
                double[] extra = t[i].util();
                double target = policy.targetUtilPct() + EPS;
                // n hours allow n − ⌈0.95·n⌉ = ⌊0.05·n⌋ hours above the target, never more than all the hours allow: more
                // than that many already means no fit (an early exit that changes no answer; most checks fail)
                int mostOver = sum.length - (int) Math.ceil(0.95 * sum.length - 1e-9), n = 0, over = 0;
                if (gapHours == 0 && !gappy[i]) {
                    for (int h : hourOrder) {
                        if (!(sum[h] + extra[h] <= target) && ++over > mostOver) return false;
                    }
                    n = sum.length;
                } else {
                    for (int h : hourOrder) {
                        if (missing[h] > 0 || Double.isNaN(extra[h])) continue;
                        n++;
                        if (!(sum[h] + extra[h] <= target) && ++over > mostOver) return false;
                    }
                }
                if (n == 0) return false; // no hour where all have data: cannot show they fit
                return n - over >= (int) Math.ceil(0.95 * n - 1e-9);
            }

            void add(int i) {
                Tenant x = t[i];
                double[] u = x.util();
                for (int h = 0; h < sum.length; h++) {
                    if (Double.isNaN(u[h])) {
                        if (missing[h]++ == 0) gapHours++;
                    } else sum[h] += u[h];
                }
                if (count == members.length) members = Arrays.copyOf(members, 2 * count);
                members[count++] = i;
                wl += w[i];
                slots += slot[i];
                mem += x.peakMemMiB();
                cpu += x.cpuMillis();
                ram += x.memoryMiB();
            }

            void remove(int i) {
                Tenant x = t[i];
                double[] u = x.util();
                for (int h = 0; h < sum.length; h++) {
                    if (Double.isNaN(u[h])) {
                        if (--missing[h] == 0) gapHours--;
                    } else sum[h] -= u[h];
                }
                // the first occurrence, the others keeping their order (as List.remove did)
                for (int k = 0; k < count; k++) {
                    if (members[k] == i) {
                        System.arraycopy(members, k + 1, members, k, count - k - 1);
                        count--;
                        break;
                    }
                }
                wl -= w[i];
                slots -= slot[i];
                mem -= x.peakMemMiB();
                cpu -= x.cpuMillis();
                ram -= x.memoryMiB();
            }

            TimeSlicingPacking.GpuBin toGpuBin() {
                List<Tenant> ts = Arrays.stream(memberArray()).sorted().mapToObj(i -> t[i]).sorted(Comparator.comparing(Tenant::id)).toList();
                SummedSeries s = Stats.sum(ts.stream().map(Tenant::util).toList());
                return new TimeSlicingPacking.GpuBin(ts, slots, s.percentile(95), mem, s.presentHours(), s.partialHours(), cpu, ram);
            }
        }

        /** The smallest value (NaN when any is NaN or there is none, so a check against it never holds). */
        private static double smallest(double[] v) {
            double m = v.length == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
            for (double x : v) m = Math.min(m, x);
            return m;
        }

        /** Hour indexes by descending load, ties in time order. */
        private static int[] busiestFirst(double[] load) {
            Integer[] idx = new Integer[load.length];
            for (int h = 0; h < load.length; h++) idx[h] = h;
            Arrays.sort(idx, Comparator.comparingDouble((Integer h) -> -load[h]).thenComparingInt(h -> h));
            return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
        }
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
