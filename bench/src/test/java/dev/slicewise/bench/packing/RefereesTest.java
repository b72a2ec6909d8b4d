package dev.slicewise.bench.packing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.catalog.GpuModel;
import dev.slicewise.pack.MigBinPacker;
import dev.slicewise.pack.PackingPolicy;
import dev.slicewise.pack.Tenant;
import dev.slicewise.pack.TimeSlicingPacker;
import dev.slicewise.pack.TimeSlicingPacking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The referees on instances whose optimum is known by hand. */
class RefereesTest {
    static final TimeSlicingPacker.Limits T4 = TimeSlicingPacker.Limits.gpuOnly(16384); // 14,745.6 MiB usable

    static Tenant tenant(String id, double[] util, double mem) {
        double p95 = dev.slicewise.telemetry.Stats.percentile(util, 95);
        return new Tenant(id, id, util, p95, p95, mem, 0, 0, "n");
    }

    static double[] flat(double v) {
        double[] a = new double[48];
        Arrays.fill(a, v);
        return a;
    }

    /** One tenant per GPU: the worst packing, as the referee's starting point (it must find the optimum itself). */
    static TimeSlicingPacking oneEach(List<Tenant> ts) {
        List<TimeSlicingPacking.GpuBin> bins = ts.stream()
                .map(t -> new TimeSlicingPacking.GpuBin(List.of(t), 1, t.p95Util(), t.peakMemMiB(), 48, 0, 0, 0)).toList();
        return new TimeSlicingPacking(bins, false, List.of());
    }

    @Test
    void timeSlicingOptimumOfTheSeedsExampleAtTheDefaultTarget() {
        // four tenants at 25 %: two per GPU (50 %), three would be 75 % > 70 %: 2 GPUs
        List<Tenant> ts = IntStream.range(0, 4).mapToObj(i -> tenant("s" + i, flat(25), 2000)).toList();
        TimeSlicingReferee.Verdict v = TimeSlicingReferee.solve(ts, T4, PackingPolicy.DEFAULT, oneEach(ts), 1, 10, 1);
        assertThat(v.proven()).isTrue();
        assertThat(v.best()).isEqualTo(2);
    }

    @Test
    void timeSlicingOptimumUsesHoursThatDoNotCoincide() {
        // two day tenants (60 % in hours 0–11 of each day) and two night tenants (60 % in hours 12–23): a day and a night
        // tenant share a GPU at 60 % every hour; two day tenants would reach 120 % half the time. Optimum 2.
        List<Tenant> ts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ts.add(tenant("day" + i, IntStream.range(0, 48).mapToDouble(h -> h % 24 < 12 ? 60 : 0).toArray(), 1000));
            ts.add(tenant("night" + i, IntStream.range(0, 48).mapToDouble(h -> h % 24 < 12 ? 0 : 60).toArray(), 1000));
        }
        TimeSlicingReferee.Verdict v = TimeSlicingReferee.solve(ts, T4, PackingPolicy.DEFAULT, oneEach(ts), 1, 10, 1);
        assertThat(v.best()).isEqualTo(2);
        assertThat(v.proven()).isTrue();
    }

    @Test
    void timeSlicingOptimumOfAMemoryInstanceFirstFitDecreasingMisses() {
        // in tenths of the usable memory: 4 × 5, 4 × 4, 8 × 3 = 60 tenths: optimum 6 = {5,5} × 2 + {4,3,3} × 4
        double unit = 14745.6 / 10;
        List<Tenant> ts = new ArrayList<>();
        for (int i = 0; i < 4; i++) ts.add(tenant("five" + i, flat(1), 5 * unit));
        for (int i = 0; i < 4; i++) ts.add(tenant("four" + i, flat(1), 4 * unit));
        for (int i = 0; i < 8; i++) ts.add(tenant("three" + i, flat(1), 3 * unit));
        TimeSlicingReferee.Verdict v = TimeSlicingReferee.solve(ts, T4, PackingPolicy.DEFAULT, oneEach(ts), 1, 10, 1);
        assertThat(v.best()).isEqualTo(6);
        assertThat(v.proven()).isTrue();
        assertThat(TimeSlicingBounds.of(ts, T4, PackingPolicy.DEFAULT).memory()).isEqualTo(6);
    }

    @Test
    void migOptimumOfTableRowNine() {
        // H100: two 30 GiB tenants (3g.40gb) and four 15 GiB tenants at 15 % (2g.20gb: 16.5 GiB fits 1g.20gb's memory
        // but 19.8 SMs exceed its 18.2). First fit pairs the 3g slices and needs 3 GPUs; the optimum is 2 × (3g + 2 × 2g)
        GpuModel h100 = BundledCatalog.get().gpuModel("H100-80GB").orElseThrow();
        List<Tenant> ts = new ArrayList<>();
        for (int i = 0; i < 2; i++) ts.add(new Tenant("big" + i, "big" + i, flat(5), 5, 5, 30 * 1024, 0, 0, "n"));
        for (int i = 0; i < 4; i++) ts.add(new Tenant("mid" + i, "mid" + i, flat(15), 15, 15, 15 * 1024, 0, 0, "n"));

        MigReferee.Verdict v = MigReferee.solve(h100, ts, PackingPolicy.DEFAULT, 10, 1);

        assertThat(v.gpus()).isEqualTo(2);
        assertThat(v.proven()).isTrue();
        assertThat(v.memory()).isEqualTo(2);  // 2 × 4 + 4 × 2 = 16 memory slices of 8
        assertThat(v.compute()).isEqualTo(2); // 2 × 3 + 4 × 2 = 14 compute slices of 7
        assertThat(new MigBinPacker().pack(h100, ts, PackingPolicy.DEFAULT).totalGpus()).isEqualTo(2);
        assertThat(Baselines.migFirstFit(h100, ts, PackingPolicy.DEFAULT)).isEqualTo(3);
    }
}
