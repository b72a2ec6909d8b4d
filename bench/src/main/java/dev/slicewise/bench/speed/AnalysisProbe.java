package dev.slicewise.bench.speed;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.slicewise.bench.fleet.ScaleFleet;
import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.DefaultAnalyzer;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.recommend.Recommendation;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Runs in a JVM of its own (started by {@link AnalysisBench}, so each size gets a clean heap and the same flags): builds
 * the {@link ScaleFleet} snapshot, measures what it retains, then times {@code DefaultAnalyzer.analyze} after warm-up
 * runs and records, per run, the bytes the analysing thread allocated and the largest heap still in use after any
 * garbage collection during the run. Prints one {@code key=value} line per fact on stdout.
 *
 * <p>Arguments: nodes, warm-up runs, measured runs, mode ({@code measure}, or {@code limit}: run twice and report
 * whether it completed — the parent starts that JVM with a heap cap).
 */
public final class AnalysisProbe {
    /** (end of collection in ms since JVM start, heap in use after it), for every collection. */
    private static final List<long[]> COLLECTIONS = java.util.Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws Exception {
        int nodes = Integer.parseInt(args[0]), warmups = Integer.parseInt(args[1]), runs = Integer.parseInt(args[2]);
        String mode = args.length > 3 ? args[3] : "measure";
        listenToGc();
        long before = usedAfterGc();
        long t0 = System.nanoTime();
        FleetSnapshot snapshot = ScaleFleet.build(nodes, BundledCatalog.get().instanceType(ScaleFleet.INSTANCE_TYPE).orElseThrow(), 7);
        long buildNanos = System.nanoTime() - t0;
        DefaultAnalyzer analyzer = DefaultAnalyzer.bundled();
        Clock clock = Clock.fixed(snapshot.collectedAt(), ZoneOffset.UTC);
        long input = usedAfterGc() - before;
        out("build_ms", buildNanos / 1e6);
        out("input_bytes", input);
        out("gpus", snapshot.clusters().stream().mapToLong(c -> c.nodes().stream().mapToLong(n -> n.gpus().size()).sum()).sum());

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        AnalysisReport report = null;
        for (int i = 0; i < warmups; i++) report = analyzer.analyze(snapshot, AnalysisPolicy.DEFAULT, clock);
        List<String> times = new ArrayList<>(), allocs = new ArrayList<>(), peaks = new ArrayList<>(), gcs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long base = usedAfterGc();
            long u0 = uptime();
            long a0 = threads.getThreadAllocatedBytes(tid);
            long s = System.nanoTime();
            report = analyzer.analyze(snapshot, AnalysisPolicy.DEFAULT, clock);
            long e = System.nanoTime();
            long a1 = threads.getThreadAllocatedBytes(tid);
            long u1 = uptime();
            Thread.sleep(200); // notifications arrive on a service thread
            long peak = base;
            int collections = 0;
            synchronized (COLLECTIONS) {
                for (long[] c : COLLECTIONS) {
                    if (c[0] >= u0 && c[0] <= u1) {
                        peak = Math.max(peak, c[1]);
                        collections++;
                    }
                }
            }
            gcs.add(Integer.toString(collections));
            times.add(String.format(Locale.ROOT, "%.3f", (e - s) / 1e6));
            allocs.add(Long.toString(a1 - a0));
            peaks.add(Long.toString(peak - base));
        }
        out("run_ms", String.join(",", times));
        out("alloc_bytes", String.join(",", allocs));
        out("peak_live_above_input_bytes", String.join(",", peaks));
        out("collections", String.join(",", gcs));
        if (report != null) {
            int before0 = 0, after = 0;
            for (Recommendation r : report.recommendations()) {
                before0 += r.before().gpus();
                after += r.after().gpus();
            }
            out("recommendations", report.recommendations().size());
            out("gpus_before", before0);
            out("gpus_after", after);
        }
        out("completed", mode);
    }

    private static void out(String key, Object value) {
        System.out.println(key + "=" + value);
    }

    private static long uptime() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** Heap in use right after a full collection. */
    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Records the heap in use after every collection that ends while a run is being measured. */
    private static void listenToGc() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof NotificationEmitter emitter)) continue;
            emitter.addNotificationListener((n, h) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                COLLECTIONS.add(new long[] {info.getGcInfo().getEndTime(), used});
            }, null, null);
        }
    }
}
