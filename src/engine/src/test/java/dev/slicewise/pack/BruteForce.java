package dev.slicewise.pack;

import dev.slicewise.catalog.GpuModel;
import dev.slicewise.catalog.MigProfile;
import dev.slicewise.catalog.mig.MigLayout;
import dev.slicewise.catalog.mig.MigLayouts;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference optimum for tests, independent of the packer's block-tree search: the fewest GPUs covering a demand
 * vector, by memoised recursion over the maximal layouts the placer accepts (any valid GPU is a sub-layout of one).
 * f(n) = 0 for n = 0, else 1 + min over maximal layouts c of f(max(n - c, 0)). Exponential: small inputs only.
 */
final class BruteForce {
    private BruteForce() {}

    static int minGpus(GpuModel gpu, Map<MigProfile, Integer> demand) {
        List<MigProfile> profiles = MigLayouts.largestFirst(demand.keySet());
        List<MigLayout> maximal = MigLayouts.maximal(gpu, profiles);
        int[][] configs = maximal.stream().map(l -> profiles.stream().mapToInt(l::count).toArray()).toArray(int[][]::new);
        int[] n = profiles.stream().mapToInt(demand::get).toArray();
        return f(n, configs, new HashMap<>());
    }

    private static int f(int[] n, int[][] configs, Map<String, Integer> memo) {
        if (Arrays.stream(n).allMatch(x -> x == 0)) return 0;
        String key = Arrays.toString(n);
        Integer known = memo.get(key);
        if (known != null) return known;
        // some GPU holds an instance of the first profile still needed: branch only on layouts that contain one
        int first = 0;
        while (n[first] == 0) first++;
        int best = Integer.MAX_VALUE;
        for (int[] c : configs) {
            if (c[first] == 0) continue;
            int[] rest = new int[n.length];
            for (int i = 0; i < n.length; i++) rest[i] = Math.max(0, n[i] - c[i]);
            best = Math.min(best, 1 + f(rest, configs, memo));
        }
        memo.put(key, best);
        return best;
    }
}
