package dev.slicewise.risk;

import static dev.slicewise.risk.TimeSlicingLatencyModel.CONTEXT_COST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSlicingLatencyModelTest {

    private final TimeSlicingLatencyModel model = new TimeSlicingLatencyModel();

    private static List<double[]> tenants(double... busyHourPct) {
        List<double[]> out = new ArrayList<>();
        for (double v : busyHourPct) out.add(new double[] {v});
        return out;
    }

    private static List<double[]> identical(int n, double pct) {
        double[] v = new double[n];
        Arrays.fill(v, pct);
        return tenants(v);
    }

    @Test
    void aTenantAloneKeepsItsLatency() {
        LatencyEstimate e = model.estimate(List.<double[]>of(new double[] {30, 95, Double.NaN, 60}));
        assertThat(e.p50Factor()).isEqualTo(1.0);
        assertThat(e.p95Factor()).isEqualTo(1.0);
    }

    @Test
    void twoHalfBusyTenantsMatchTheClosedForm() {
        // u = 0.5 each: Q = s / (s + 1) and s = 1 + c Q, so s^2 - c s - 1 = 0, s = (c + sqrt(c^2 + 4)) / 2
        double s = (CONTEXT_COST + Math.sqrt(CONTEXT_COST * CONTEXT_COST + 4)) / 2;
        LatencyEstimate e = model.estimate(tenants(50, 50));
        assertThat(e.p50Factor()).isCloseTo(s, within(1e-9)).isCloseTo(1.8042, within(1e-4));
        // the p95 count of co-active tenants, 0.64 + 1.645 sqrt(0.64) = 1.96, is capped at the one other tenant
        assertThat(e.p95Factor()).isCloseTo(1 + CONTEXT_COST, within(1e-9));
        assertThat(e.model()).isEqualTo(TimeSlicingLatencyModel.MODEL);
        assertThat(e.calibrationError()).isEqualTo(TimeSlicingLatencyModel.CALIBRATION_ERROR);
    }

    @Test
    void alwaysBusyTenantsEachWaitForAllOthers() {
        // probe N4: four never-idle contexts; each request waits one (context-switch inflated) turn per other tenant
        LatencyEstimate e = model.estimate(identical(4, 100));
        assertThat(e.p50Factor()).isCloseTo(1 + 3 * CONTEXT_COST, within(1e-9));
        assertThat(e.p95Factor()).isCloseTo(1 + 3 * CONTEXT_COST, within(1e-9));
    }

    @Test
    void moreTenantsMeanSlowerRequests() {
        double previous50 = 1, previous95 = 1;
        for (int n = 2; n <= 12; n++) {
            LatencyEstimate e = model.estimate(identical(n, 20));
            assertThat(e.p50Factor()).as("p50 with %d tenants", n).isGreaterThan(previous50);
            assertThat(e.p95Factor()).as("p95 with %d tenants", n).isGreaterThanOrEqualTo(previous95).isGreaterThanOrEqualTo(e.p50Factor());
            previous50 = e.p50Factor();
            previous95 = e.p95Factor();
        }
    }

    @Test
    void aBusierNeighbourMeansSlowerRequests() {
        double previous = model.estimate(tenants(20, 0)).p50Factor();
        for (double other = 5; other <= 100; other += 5) {
            double f = model.estimate(tenants(20, other)).p50Factor();
            assertThat(f).as("p50 next to a tenant at %.0f %%", other).isGreaterThan(previous);
            previous = f;
        }
    }

    @Test
    void overloadRaisesTheFactorWithoutBlowingUp() {
        // four tenants: summed GPU-time 120 % .. 400 %
        double previous = 1;
        for (double each : new double[] {30, 45, 60, 80, 95, 100}) {
            LatencyEstimate e = model.estimate(identical(4, each));
            assertThat(e.p50Factor()).as("p50 at 4 x %.0f %%", each).isGreaterThan(previous).isFinite()
                    .isLessThanOrEqualTo(1 + 3 * CONTEXT_COST);
            assertThat(e.p95Factor()).isFinite().isGreaterThanOrEqualTo(e.p50Factor());
            previous = e.p50Factor();
        }
        // the device plugin allows up to 48 MPS replicas; time-slicing has no cap - stay finite and positive
        LatencyEstimate many = model.estimate(identical(64, 90));
        assertThat(many.p50Factor()).isFinite().isGreaterThan(1).isLessThanOrEqualTo(1 + 63 * CONTEXT_COST);
        assertThat(model.estimate(identical(64, 0)).p50Factor()).isEqualTo(1.0);
    }

    @Test
    void theTenantIdleInTheBusyHourIsTheMostAffected() {
        // the idle tenant's requests find the 50 % neighbour active half the time; the neighbour never waits
        assertThat(model.estimate(tenants(0, 50)).p50Factor()).isCloseTo(1 + CONTEXT_COST * 0.5, within(1e-9));
    }

    @Test
    void requestsThatSpendLittleTimeOnTheGpuSufferLess() {
        double s = model.estimate(tenants(50, 50)).p50Factor();
        LatencyEstimate cpuBound = TimeSlicingLatencyModel.withGpuShare(0.21).estimate(tenants(50, 50));
        assertThat(cpuBound.p50Factor()).isCloseTo(1 + 0.21 * (s - 1), within(1e-9)).isCloseTo(1.1689, within(1e-4));
        assertThat(cpuBound.model()).contains("GPU share of service time 0.21");
        assertThatThrownBy(() -> TimeSlicingLatencyModel.withGpuShare(0)).hasMessageContaining("GPU share");
    }

    @Test
    void judgesTheBusyHourNotTheAverage() {
        // 20 hours at 10 % + 10 %, except hour 5 (90 + 10) and hour 12 (80 + 10): the p95 hour is hour 12
        double[] a = new double[20], b = new double[20];
        Arrays.fill(a, 10);
        Arrays.fill(b, 10);
        a[5] = 90;
        a[12] = 80;
        assertThat(model.estimate(List.of(a, b))).isEqualTo(model.at(new double[] {80, 10}));
        assertThat(model.estimate(List.of(a, b)).p50Factor()).isGreaterThan(model.at(new double[] {17.5, 10}).p50Factor()); // the averages
    }

    @Test
    void peaksThatNeverCoincideAreNotStacked() {
        double[] a = new double[20], b = new double[20];
        Arrays.fill(a, 5);
        Arrays.fill(b, 5);
        a[3] = 90;
        b[7] = 90;
        assertThat(model.estimate(List.of(a, b))).isEqualTo(model.at(new double[] {90, 5}));
        assertThat(model.estimate(List.of(a, b)).p50Factor()).isLessThan(model.at(new double[] {90, 90}).p50Factor());
    }

    @Test
    void hoursWithoutDataAreIgnored() {
        double nan = Double.NaN;
        assertThat(model.estimate(List.of(new double[] {nan, 60, 10, nan}, new double[] {nan, 40, 20, nan})))
                .isEqualTo(model.estimate(List.of(new double[] {60, 10}, new double[] {40, 20})));
        // a single tenant's gap: it counts at its own p95 that hour rather than as idle
        assertThat(model.estimate(List.of(new double[] {30, nan, 30}, new double[] {20, 20, 20})))
                .isEqualTo(model.estimate(List.of(new double[] {30, 30, 30}, new double[] {20, 20, 20})));
        assertThat(model.estimate(List.of(new double[] {30, nan, 30}, new double[] {20, 20, 20})).p50Factor()).isFinite();
    }

    @Test
    void rejectsInputItCannotJudge() {
        assertThatThrownBy(() -> model.estimate(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no tenants");
        assertThatThrownBy(() -> model.estimate(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no tenants");
        assertThatThrownBy(() -> model.estimate(Collections.singletonList(null)))
                .hasMessageContaining("tenant #0 has no utilization series");
        assertThatThrownBy(() -> model.estimate(List.of(new double[] {10, 20}, new double[] {10})))
                .hasMessageContaining("tenant #1 has 1 hourly points but tenant #0 has 2");
        assertThatThrownBy(() -> model.estimate(List.of(new double[] {10, 20}, new double[] {10, 130})))
                .hasMessageContaining("tenant #1, hour 1: GPU-time 130.0 %");
        assertThatThrownBy(() -> model.estimate(List.of(new double[] {10, -1})))
                .hasMessageContaining("tenant #0, hour 1");
        assertThatThrownBy(() -> model.estimate(List.of(new double[] {10}, new double[] {Double.NaN})))
                .hasMessageContaining("tenant #1 has no utilization data");
        assertThatThrownBy(() -> model.estimate(List.of(new double[] {}, new double[] {})))
                .hasMessageContaining("tenant #0 has no utilization data");
    }
}
