package dev.slicewise.bench.fleet;

import dev.slicewise.bench.fleet.Workload.Kind;
import dev.slicewise.catalog.InstanceType;
import dev.slicewise.fleet.Window;
import dev.slicewise.telemetry.Stats;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded, reproducible workload pools of any size for one GPU instance type: the packing benchmark's input.
 *
 * <p>The mix by owner: 60 % online inference Deployments (1–4 replicas each), 25 % interactive notebooks, 15 %
 * fine-tuning/training jobs — by pod about 74 / 16 / 10 %. Every number
 * that shapes a workload is drawn from a stated range and every hour is a piece of the real H100 probe telemetry
 * ({@link ProbeShapes}) scaled to it; nothing is tuned towards a packing result.
 * <ul>
 *   <li><b>Inference</b> (probe T1 shape): mean utilization at full load log-uniform in 2–30 % (the probe's BERT-large
 *       server at 60 requests/s is 8 %); a daily curve peaking at 15:00 local time with a trough at 03:00 at 20 % of
 *       the peak, 55 % at weekends, ±10 % noise per hour; users in US-East (60 % of services), US-West (15 %), Europe
 *       (15 %), Asia-Pacific (10 %); working set one of 1.9 GiB (the probe's), 3.7, 7.4, 15, 29 or 41 GiB (weights
 *       30/20/20/15/10/5 %, ±10 %); 1–4 replicas per Deployment (same level, working set and time zone).</li>
 *   <li><b>Notebooks</b> (probe A1 duty-cycle shape): one user each, sessions on weekdays between 09:00 and 18:00 local
 *       (a session starts in a free hour with probability 0.3 and goes on with 0.7), 5–40 % while active, an idle
 *       kernel (0.3 %) otherwise; the kernel keeps its 2–24 GiB working set all the time.</li>
 *   <li><b>Training</b> (probe A7 steady shape): flat at 10–40 % (input-bound fine-tuning: the ones that are
 *       underused), ±3 % noise, 12–46 GiB.</li>
 * </ul>
 * CPU and memory requests are a share of the instance's per-GPU slice of vCPU and RAM (inference and notebooks
 * 5–20 %, training 25–50 %). Every workload passes the engine's default detection rule on its own (p95 utilization
 * below 50 %, peak memory below 60 % of the GPU): only such workloads are ever re-packed; a draw that does not is
 * drawn again. Series are 14 days hourly without gaps (gaps are a collection matter, measured elsewhere).
 */
public final class WorkloadMix {
    public static final Instant END = Instant.parse("2026-11-23T00:00:00Z");
    public static final Window WINDOW = new Window(END.minus(Duration.ofDays(14)), END, Duration.ofHours(1));

    private static final double[] MODEL_GIB = {1.86, 3.7, 7.4, 15, 29, 41};
    private static final double[] MODEL_WEIGHT = {0.30, 0.20, 0.20, 0.15, 0.10, 0.05};
    /** UTC offsets of the users' regions in the window (November: no daylight saving time) and their shares. */
    private static final int[] ZONE_OFFSET = {-5, -8, 1, 9};
    private static final double[] ZONE_WEIGHT = {0.60, 0.15, 0.15, 0.10};

    private final InstanceType type;
    private final int hours = WINDOW.points();

    public WorkloadMix(InstanceType type) {
        this.type = type;
    }

    /** {@code n} workload replicas, ids in generation order ({@code team-k/<kind>-<owner#>-<replica>}). */
    public List<Workload> generate(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Workload> out = new ArrayList<>(n);
        int owner = 0;
        while (out.size() < n) {
            owner++;
            double k = rng.nextDouble();
            Kind kind = k < 0.60 ? Kind.INFERENCE : k < 0.85 ? Kind.NOTEBOOK : Kind.TRAINING;
            int replicas = kind == Kind.INFERENCE ? Math.min(4, 1 + geometric(rng, 0.5)) : 1;
            replicas = Math.min(replicas, n - out.size());
            out.addAll(owner(rng.split(), kind, owner, replicas));
        }
        return out;
    }

    private List<Workload> owner(SplittableRandom rng, Kind kind, int ordinal, int replicas) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            List<Workload> drawn = draw(rng, kind, ordinal, replicas);
            if (drawn.stream().allMatch(this::passesDetection)) return drawn;
        }
        throw new IllegalStateException("no " + kind + " workload passing the detection rule on " + type.name() + " in 1000 draws");
    }

    /** The engine's default rule: p95 of hourly utilization below 50 %, peak memory below 60 % of the GPU. */
    boolean passesDetection(Workload w) {
        return Stats.percentile(w.utilAvg(), 95) < 50 && w.peakMemMiB() < 0.60 * type.gpuMemoryMiB();
    }

    private List<Workload> draw(SplittableRandom rng, Kind kind, int ordinal, int replicas) {
        double perGpuVcpu = (double) type.vcpu() / type.gpuCount() * 0.9;
        double perGpuRamMiB = (double) type.memoryGiB() * 1024 / type.gpuCount() * 0.9;
        String team = "team-" + (char) ('a' + ordinal % 7);
        String name = kind.name().toLowerCase(Locale.ROOT) + "-" + String.format(Locale.ROOT, "%05d", ordinal);
        List<Workload> out = new ArrayList<>();
        switch (kind) {
            case INFERENCE -> {
                double level = Math.exp(Math.log(2) + rng.nextDouble() * (Math.log(30) - Math.log(2)));
                double gib = MODEL_GIB[pick(rng, MODEL_WEIGHT)] * (0.9 + 0.2 * rng.nextDouble());
                int offset = ZONE_OFFSET[pick(rng, ZONE_WEIGHT)];
                double cpuShare = 0.05 + 0.15 * rng.nextDouble(), ramShare = 0.05 + 0.15 * rng.nextDouble();
                for (int r = 0; r < replicas; r++) {
                    double jitter = rng.nextDouble(-1, 1);
                    double[] load = new double[hours];
                    for (int h = 0; h < hours; h++) load[h] = diurnal(h, offset, jitter) * Math.exp(0.10 * rng.nextGaussian());
                    out.add(series(rng, ProbeShapes.INFERENCE, team, name + "-" + r, "Deployment/" + name, kind, level, load, gib,
                            cpu(cpuShare * perGpuVcpu), ram(ramShare * perGpuRamMiB)));
                }
            }
            case NOTEBOOK -> {
                double level = 5 + 35 * rng.nextDouble();
                double gib = 2 + 22 * rng.nextDouble();
                int offset = ZONE_OFFSET[pick(rng, ZONE_WEIGHT)];
                double[] load = new double[hours];
                boolean active = false;
                for (int h = 0; h < hours; h++) {
                    ZonedDateTime local = WINDOW.start().plus(Duration.ofHours(h)).atZone(ZoneOffset.ofHours(offset));
                    boolean workday = local.getDayOfWeek() != DayOfWeek.SATURDAY && local.getDayOfWeek() != DayOfWeek.SUNDAY;
                    boolean office = workday && local.getHour() >= 9 && local.getHour() < 18;
                    active = office && rng.nextDouble() < (active ? 0.7 : 0.3);
                    load[h] = active ? Math.exp(0.3 * rng.nextGaussian()) : 0.3 / level;
                }
                out.add(series(rng, ProbeShapes.DUTY_CYCLE, team, name + "-0", "StatefulSet/" + name, kind, level, load, gib,
                        cpu(0.1 * perGpuVcpu), ram(0.1 * perGpuRamMiB)));
            }
            case TRAINING -> {
                double level = 10 + 30 * rng.nextDouble();
                double gib = 12 + 34 * rng.nextDouble();
                double share = 0.25 + 0.25 * rng.nextDouble();
                double[] load = new double[hours];
                for (int h = 0; h < hours; h++) load[h] = Math.exp(0.03 * rng.nextGaussian());
                out.add(series(rng, ProbeShapes.STEADY, team, name + "-0", "Job/" + name, kind, level, load, gib,
                        cpu(share * perGpuVcpu), ram(share * perGpuRamMiB)));
            }
        }
        return out;
    }

    /** Load relative to the peak: 1.0 at 15:00 local, 0.2 at 03:00, 55 % of that at weekends. */
    private static double diurnal(int h, int offset, double jitterHours) {
        ZonedDateTime local = WINDOW.start().plus(Duration.ofHours(h)).atZone(ZoneOffset.ofHours(offset));
        double hour = local.getHour() + jitterHours;
        double base = 0.6 - 0.4 * Math.cos(2 * Math.PI * (hour - 15) / 24);
        DayOfWeek d = local.getDayOfWeek();
        return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY ? base * 0.55 : base;
    }

    private Workload series(SplittableRandom rng, ProbeShapes.Shape shape, String ns, String pod, String owner, Kind kind,
                            double level, double[] load, double gib, int cpuMillis, long memoryMiB) {
        double[] uAvg = new double[hours], uMax = new double[hours], mAvg = new double[hours], mMax = new double[hours];
        double workingSetMiB = gib * 1024;
        for (int h = 0; h < hours; h++) {
            ProbeShapes.Piece p = shape.draw(rng);
            uAvg[h] = round2(Math.min(100, p.utilMean() * level * load[h]));
            uMax[h] = round2(Math.min(100, Math.max(uAvg[h], p.utilMax() * level * load[h])));
            mAvg[h] = Math.round(p.memMean() * workingSetMiB);
            mMax[h] = Math.round(p.memMax() * workingSetMiB);
        }
        return new Workload(ns, pod, owner, kind, uAvg, uMax, mAvg, mMax, cpuMillis, memoryMiB);
    }

    private static int cpu(double vcpu) {
        return (int) Math.max(100, Math.round(vcpu * 10) * 100);
    }

    private static long ram(double mib) {
        return Math.max(512, Math.round(mib / 256) * 256);
    }

    private static int geometric(SplittableRandom rng, double p) {
        int k = 0;
        while (rng.nextDouble() >= p) k++;
        return k;
    }

    private static int pick(SplittableRandom rng, double[] weights) {
        double x = rng.nextDouble(), acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (x < acc) return i;
        }
        return weights.length - 1;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
