package dev.slicewise.bench.packing;

import dev.slicewise.bench.fleet.Workload;
import dev.slicewise.pack.Tenant;
import dev.slicewise.telemetry.Stats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Generated workloads as the engine's packing tenants, built the way its tenant extraction builds them. */
public final class Tenants {
    private Tenants() {}

    /**
     * One tenant per workload: hourly utilization, its p95, compute demand = that p95 (Container Insights publishes no
     * SM_ACTIVE, so the engine falls back on GPU_UTIL), peak memory = highest hourly framebuffer maximum, requests.
     */
    public static List<Tenant> of(List<Workload> workloads) {
        List<Tenant> out = new ArrayList<>(workloads.size());
        for (Workload w : workloads) {
            double p95 = Stats.percentile(w.utilAvg(), 95);
            out.add(new Tenant(w.id(), w.owner(), w.utilAvg(), p95, p95, w.peakMemMiB(), w.cpuMillis(), w.memoryMiB(),
                    "today-" + w.id()));
        }
        return out;
    }

    /**
     * As the recommender does before MIG packing: pods of one owner share a pod template, so each gets its owner's
     * largest memory, compute and p95 (they must all fit the profile their requests will name).
     */
    public static List<Tenant> harmonizedByOwner(List<Tenant> tenants) {
        Map<String, List<Tenant>> byOwner = tenants.stream()
                .collect(Collectors.groupingBy(t -> t.owner() == null ? t.id() : t.owner(), TreeMap::new, Collectors.toList()));
        List<Tenant> out = new ArrayList<>();
        for (List<Tenant> group : byOwner.values()) {
            double mem = group.stream().mapToDouble(Tenant::peakMemMiB).max().orElse(0);
            double compute = group.stream().mapToDouble(Tenant::computePct).max().orElse(0);
            double p95 = group.stream().mapToDouble(Tenant::p95Util).max().orElse(0);
            for (Tenant t : group) {
                out.add(new Tenant(t.id(), t.owner(), t.util(), p95, compute, mem, t.cpuMillis(), t.memoryMiB(), t.fromNode()));
            }
        }
        out.sort(Comparator.comparing(Tenant::id));
        return out;
    }
}
