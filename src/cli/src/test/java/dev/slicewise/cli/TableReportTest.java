package dev.slicewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.json.SampleReports;
import dev.slicewise.pricing.Price;
import dev.slicewise.pricing.PriceSource;
import dev.slicewise.pricing.Savings;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Sharing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableReportTest {

    static Recommendation with(Recommendation r, String nodePool, Sharing sharing, Savings savings) {
        return new Recommendation(r.id(), r.cluster(), r.region(), nodePool, r.instanceType(), r.gpuModel(), r.gpusPerNode(),
                r.capacityType(), sharing, r.before(), r.after(), savings, r.reasons(), List.of(), r.evidence(), r.alternatives(), r.plan());
    }

    static Sharing.MigGpu gpu(String node, int index, String... profiles) {
        List<Sharing.MigSlice> slices = new ArrayList<>();
        int start = 0;
        for (String p : profiles) {
            int mem = Integer.parseInt(p.substring(0, 1)) == 7 ? 8 : Integer.parseInt(p.substring(0, 1)) >= 3 ? 4 : Integer.parseInt(p.substring(0, 1));
            slices.add(new Sharing.MigSlice(p, start, mem, "ns/pod-" + node + "-" + start));
            start += mem;
        }
        return new Sharing.MigGpu(node, index, slices);
    }

    @Test
    void identicalMigGpusAreCountedOnceAndSparesShown() {
        Sharing.Mig mig = new Sharing.Mig("mixed", "cfg", List.of(
                gpu("n1", 0, "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb"),
                new Sharing.MigGpu("n1", 1, List.of(new Sharing.MigSlice("2g.20gb", 4, 2, "ns/b"), new Sharing.MigSlice("3g.40gb", 0, 4, "ns/a"),
                        new Sharing.MigSlice("1g.10gb", 6, 1, null), new Sharing.MigSlice("1g.10gb", 7, 1, null))),
                gpu("n2", 0, "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb")), List.of());
        // slices are shown in placement order whatever order the engine lists them in
        assertThat(TableReport.layout(mig)).isEqualTo("mixed, 2 GPUs 7x1g.10gb | 1 GPU 3g.40gb+2g.20gb+2x1g.10gb (2 spare)");
    }

    @Test
    void aRecommendationWithoutAPriceSaysSoAndStaysOutOfTheTotal() {
        Recommendation unpriced = with(SampleReports.timeSlicedG4dn(), null, SampleReports.timeSlicedG4dn().sharing(), null);
        String table = TableReport.render(SampleReports.report(List.of(unpriced, SampleReports.migP5()), List.of()));
        assertThat(table).containsPattern("demo-eks +\\(no pool\\) +g4dn\\.2xlarge +time-slicing +2 replicas per GPU on 2 GPUs +4 -> 2 +price unknown +n/a +none\n");
        assertThat(table).contains("Total: $40,179.20 per month; 2 of 2 recommendations free 3 nodes\n"
                + "       (1 of them without a known price, not in the total)\n");
    }

    @Test
    void aPoolLeftAloneWithoutSavingsShowsDashesNotAMissingPrice() {
        Recommendation unchanged = with(SampleReports.unchangedTraining(), "training-p4d", SampleReports.unchangedTraining().sharing(), null);
        String table = TableReport.render(SampleReports.report(List.of(unchanged), List.of()));
        assertThat(table).containsPattern("training-p4d +p4d\\.24xlarge +unchanged +- +2 -> 2 +- +- +-\n");
        assertThat(table).doesNotContain("price unknown").doesNotContain("without a known price");
    }

    @Test
    void theLatencyEstimateIsPrintedOnceWhenTheEngineAlsoStatesItAsARisk() {
        Recommendation base = SampleReports.timeSlicedG4dn();
        String withRisk = TableReport.render(SampleReports.report(List.of(base), List.of()));
        assertThat(withRisk).contains("    risk: LOW p50 latency about +12 %").doesNotContain("    latency:");
        String withoutRisk = TableReport.render(SampleReports.report(List.of(with(base, base.nodePool(), base.sharing(), base.savings())), List.of()));
        assertThat(withoutRisk).contains("    latency: p50 x1.12, p95 x1.35 for the most affected tenant");
    }

    @Test
    void requestChangesArePrintedPerOwnerUnlessTheEngineStatesThemAsARisk() {
        Recommendation mig = SampleReports.migP5();
        String line = "    change: Deployment/chat-7b requests nvidia.com/mig-2g.20gb instead of nvidia.com/gpu\n";
        assertThat(TableReport.render(SampleReports.report(List.of(mig), List.of()))).contains(line);
        var withRisk = new Recommendation(mig.id(), mig.cluster(), mig.region(), mig.nodePool(), mig.instanceType(), mig.gpuModel(),
                mig.gpusPerNode(), mig.capacityType(), mig.sharing(), mig.before(), mig.after(), mig.savings(), mig.reasons(),
                List.of(new dev.slicewise.recommend.Risk(dev.slicewise.recommend.Risk.Kind.REQUEST_CHANGES, dev.slicewise.recommend.Risk.Severity.HIGH,
                        "Deployment/chat-7b must request nvidia.com/mig-2g.20gb")), mig.evidence(), mig.alternatives(), mig.plan());
        assertThat(TableReport.render(SampleReports.report(List.of(withRisk), List.of())))
                .contains("    risk: HIGH Deployment/chat-7b must request nvidia.com/mig-2g.20gb").doesNotContain(line);
    }

    @Test
    void priceSourcesAndCaveatsAreSpelledOut() {
        Recommendation base = SampleReports.timeSlicedG4dn();
        Savings spot = Savings.of(new Price(0.3, new PriceSource(PriceSource.Kind.OVERRIDE, null)), 720, 4, 2,
                "spot pool: on-demand prices overstate the savings");
        String table = TableReport.render(SampleReports.report(List.of(with(base, "batch", base.sharing(), spot)), List.of()));
        // 4 x $0.30 x 720 h = $864.00 before, $432.00 after
        assertThat(table).containsPattern("\\$864\\.00 -> \\$432\\.00 +\\$432\\.00 +--price-override\n");
        assertThat(table).contains("    note: spot pool: on-demand prices overstate the savings\n");
        assertThat(TableReport.source(new PriceSource(PriceSource.Kind.PRICING_API, "us-west-2, 2026-11-23"))).isEqualTo("AWS Price List API (us-west-2, 2026-11-23)");
        assertThat(TableReport.money(1234567.891)).isEqualTo("$1,234,567.89");
    }

    @Test
    void anEmptyFleetStillPrintsATotalAndTheProblems() {
        String table = TableReport.render(SampleReports.report(List.of(), List.of(new dev.slicewise.engine.InputProblem("c1", "no GPU nodes"))));
        assertThat(table).contains("No GPU node pools to analyse.\n").contains("Total: $0.00 per month; 0 of 0 recommendations free 0 nodes\n")
                .endsWith("Input problems (1): these items were left out or partly used\n    c1: no GPU nodes\n");
    }
}
