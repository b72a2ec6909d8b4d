package dev.slicewise.bench.packing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.pack.PackingPolicy;
import dev.slicewise.pack.Tenant;
import dev.slicewise.pack.TimeSlicingPacker;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TimeSlicingBoundsTest {
    static final TimeSlicingPacker.Limits T4 = TimeSlicingPacker.Limits.gpuOnly(16384); // 14,745.6 MiB usable

    static Tenant tenant(String id, double[] util, double mem) {
        return new Tenant(id, id, util, 0, 0, mem, 0, 0, "n");
    }

    /** 48 hours, {@code peak} in hours 12–15 of each day, {@code base} otherwise. */
    static double[] afternoon(double base, double peak) {
        return IntStream.range(0, 48).mapToDouble(h -> (h % 24) >= 12 && (h % 24) < 16 ? peak : base).toArray();
    }

    @Test
    void coincidingPeaksBindThroughThePeakHoursNotTheMean() {
        // 6 tenants at 5 % all day and 30 % for 4 afternoon hours (8 of 48 hours). k = 48 − ⌈45.6⌉ = 2 hours may be over
        // the target; in the 3 busiest hours every tenant is at 30 %: 6 × 30 / 70 = 2.57 → 3 GPUs. The mean alone
        // (≈ 9.2 % each, 55 % in all) would allow 1.
        List<Tenant> ts = new ArrayList<>();
        for (int i = 0; i < 6; i++) ts.add(tenant("t" + i, afternoon(5, 30), 100));
        TimeSlicingBounds b = TimeSlicingBounds.of(ts, T4, PackingPolicy.DEFAULT);
        assertThat(b.compute()).isEqualTo(3);
        assertThat(b.pods()).isEqualTo(1);
        assertThat(b.best()).isEqualTo(3);
    }

    @Test
    void itemsTooBigToShareRaiseTheMemoryBound() {
        // three tenants at 60 % of the usable memory: 1.8 GPUs by the sum, but no two fit together (Martello–Toth L2: 3)
        List<Tenant> ts = new ArrayList<>();
        for (int i = 0; i < 3; i++) ts.add(tenant("m" + i, afternoon(1, 1), 0.6 * 14745.6));
        assertThat(TimeSlicingBounds.of(ts, T4, PackingPolicy.DEFAULT).memory()).isEqualTo(3);
        // 0.6, 0.3, 0.3, 0.3, 0.5 (2.0 in all): L2 with α = 0.3 is 1 (the 0.6) + ⌈(1.4 − 0.4) / 1⌉ = 2. The optimum is 3
        // (two GPUs would have to be filled exactly, and no subset sums to 1.0): the bound is valid, not tight
        List<Tenant> mixed = new ArrayList<>();
        double[] sizes = {0.6, 0.3, 0.3, 0.3, 0.5};
        for (int i = 0; i < sizes.length; i++) mixed.add(tenant("x" + i, afternoon(1, 1), sizes[i] * 14745.6));
        assertThat(TimeSlicingBounds.of(mixed, T4, PackingPolicy.DEFAULT).memory()).isEqualTo(2);
    }

    @Test
    void podsBoundIsTenantsOverReplicas() {
        List<Tenant> ts = new ArrayList<>();
        for (int i = 0; i < 17; i++) ts.add(tenant("p" + i, afternoon(1, 1), 10));
        assertThat(TimeSlicingBounds.of(ts, T4, PackingPolicy.DEFAULT).pods()).isEqualTo(3); // ⌈17 / 8⌉
    }
}
