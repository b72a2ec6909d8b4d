package dev.slicewise.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.fleet.GpuNode;
import dev.slicewise.fleet.GpuWorkload;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class ReportSliceTest {
    static final ReportInputs DEMO = DemoReportFixture.build();

    @Test
    void keepsOnlyThePoolsNodesAndTenantsAndRendersTheSamePage() {
        ReportSlice slice = ReportSlice.of(DEMO.report(), DEMO.snapshot(), "rec-h100-19be02");
        assertThat(slice.report().recommendations()).singleElement().extracting(r -> r.id()).isEqualTo("rec-h100-19be02");
        assertThat(slice.snapshot().clusters().getFirst().nodes()).extracting(GpuNode::name)
                .containsExactly("ip-10-0-2-21", "ip-10-0-2-22", "ip-10-0-2-23", "ip-10-0-2-24", "ip-10-0-2-25");
        assertThat(slice.snapshot().clusters().getFirst().workloads()).extracting(GpuWorkload::id).allMatch(id -> id.startsWith("ml/"));
        assertThat(slice.snapshot().clusters().getFirst().nodePools()).singleElement().extracting(p -> p.name()).isEqualTo("training-h100");

    }

    @Test
    void theApprovalPageFromASliceEqualsTheOneFromTheWholeFleet() {
        for (String id : new String[] {"rec-t4-7f3a9c", "rec-h100-19be02", "rec-a10g-00c411"}) {
            ReportSlice slice = ReportSlice.of(DEMO.report(), DEMO.snapshot(), id);
            var page = ReportRendererTest.pending(id);
            String full = ReportRenderer.render(DEMO.report(), DEMO.snapshot(), page);
            String sliced = ReportRenderer.render(slice.report(), slice.snapshot(), page);
            assertThat(sliced).as(id).isEqualTo(full);
            assertThat(Jsoup.parse(sliced).select("svg.util-chart.no-data")).as(id).isEmpty();
        }
    }

    @Test
    void namesAMissingRecommendation() {
        assertThatThrownBy(() -> ReportSlice.of(DEMO.report(), DEMO.snapshot(), "rec-gone"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rec-gone");
    }
}
