package dev.slicewise.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.recommend.Sharing;
import dev.slicewise.risk.TimeSlicingLatencyModel;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

class ReportRendererTest {
    static final ReportInputs DEMO = DemoReportFixture.build();
    static final String TOKEN = "f0rm-t0ken-9c1d2e";
    static final URI APPROVE = URI.create("https://approve.example.com/recommendations/rec-t4-7f3a9c/approve");
    static final URI REJECT = URI.create("https://approve.example.com/recommendations/rec-t4-7f3a9c/reject");

    static Document local(ReportInputs in) {
        return Jsoup.parse(ReportRenderer.render(in.report(), in.snapshot(), new Page.LocalReport()));
    }

    static Page.ApprovalPage pending(String id) {
        return new Page.ApprovalPage(id, APPROVE, REJECT, TOKEN, Instant.parse("2026-11-27T00:05:00Z"), Page.ApprovalStatus.PENDING, null);
    }

    static Element section(Document doc, String id) {
        return doc.selectFirst("section.rec[data-recommendation-id=" + id + "]");
    }

    static String kpi(Element section, String key) {
        return section.selectFirst("[data-kpi=" + key + "] dd").ownText();
    }

    @Test
    void summaryShowsTheTotalAndOneRowPerPoolLargestSavingsFirst() {
        Document doc = local(DEMO);
        // 3 × 6.88 × 730 = 15,067.20 and 2 × 0.752 × 730 = 1,097.92
        assertThat(doc.selectFirst(".total-savings").text()).isEqualTo("$16,165.12 a month");
        assertThat(doc.title()).isEqualTo("Slicewise report — $16,165.12/month");
        assertThat(doc.select(".summary-table tbody tr").eachAttr("data-recommendation-id"))
                .containsExactly("rec-h100-19be02", "rec-t4-7f3a9c", "rec-a10g-00c411");
        assertThat(doc.select(".summary-table tbody tr").get(0).select("td").eachText())
                .containsExactly("demo-east", "p5.4xlarge", "MIG, mixed strategy (slicewise-h100-a)", "5 → 2", "5 → 2", "$15,067.20",
                        "AWS Price List API (us-east-1, read 2026-11-24)");
        assertThat(doc.select("section.rec").eachAttr("data-strategy")).containsExactly("mig", "time-slicing", "unchanged");
        // a pool left as is saves nothing: its price is known, so the cell must not claim it is unknown
        assertThat(doc.select(".summary-table tbody tr").get(2).select("td.num").last().text()).isEqualTo("—");
        assertThat(doc.selectFirst(".summary").text()).contains("below 50 %").contains("below 60 % of its memory")
                .contains("at or below 70 %");
    }

    @Test
    void headlineShowsNodesGpusSavingsAndPriceSource() {
        Element t4 = section(local(DEMO), "rec-t4-7f3a9c");
        assertThat(t4.selectFirst("h2").text()).isEqualTo("NodePool inference-t4");
        assertThat(t4.selectFirst(".strategy").text()).isEqualTo("Time-slicing, 2 replicas per GPU");
        assertThat(kpi(t4, "nodes")).isEqualTo("4 → 2");
        assertThat(kpi(t4, "gpus")).isEqualTo("4 → 2");
        assertThat(kpi(t4, "savings")).isEqualTo("$1,097.92");
        assertThat(t4.selectFirst("[data-kpi=savings] small").text()).isEqualTo("$2,195.84 → $1,097.92 a month");
        assertThat(kpi(t4, "price")).isEqualTo("$0.752/h");
        assertThat(t4.selectFirst("[data-kpi=price] small").text())
                .isEqualTo("bundled price table (us-east-1 on-demand, 2026-07-20) · 730 h/month");
        assertThat(t4.select("form")).isEmpty();
    }

    @Test
    void utilizationSmallMultiplesOnePerGpuWithThresholdsAndGaps() {
        Element t4 = section(local(DEMO), "rec-t4-7f3a9c");
        Element fig = t4.selectFirst("figure.utilization");
        assertThat(fig.attr("data-gpu-count")).isEqualTo("4");
        Elements charts = fig.select("svg.util-chart");
        assertThat(charts).hasSize(4);
        for (Element c : charts) {
            // 50 % threshold: y = 12 + 84 × (1 − 0.50) = 54; memory threshold 60 %: y = 112 + 36 × (1 − 0.60) = 126.4
            assertThat(c.selectFirst("line.util-threshold").attr("y1")).isEqualTo("54");
            assertThat(c.selectFirst("line.mem-threshold").attr("y1")).isEqualTo("126.4");
            assertThat(c.select("polyline.util-avg")).isNotEmpty();
            assertThat(c.select("polyline.mem-peak")).isNotEmpty();
            assertThat(c.selectFirst("title").text()).startsWith("GPU nvidia0 on ip-10-0-1-1");
            assertThat(c.attr("aria-labelledby")).isNotBlank();
        }
        // the notebook GPU lost 6 hours (60..65): the line breaks in two and the gap is hatched, not bridged
        Element notebook = fig.selectFirst("svg.util-chart[data-node=ip-10-0-1-14]");
        assertThat(notebook.attr("data-points")).isEqualTo("162");
        assertThat(notebook.select("polyline.util-avg")).hasSize(2);
        assertThat(notebook.select("rect.gap").eachAttr("data-hours")).containsExactly("6");
        // evidence numbers beside each chart, and a table fallback with every GPU
        assertThat(fig.select(".gpu-panel")).hasSize(4);
        assertThat(fig.selectFirst(".gpu-panel[data-node=ip-10-0-1-14] .evidence").text()).contains("coverage 96 % · 162 h");
        assertThat(fig.select("details.fallback tbody tr")).hasSize(4);
    }

    @Test
    void timeSlicedGpusStackTheTenantsMemoryAgainstCapacity() {
        Element t4 = section(local(DEMO), "rec-t4-7f3a9c");
        Element fig = t4.selectFirst("figure.packing");
        assertThat(fig.attr("data-gpu-count")).isEqualTo("2");
        Elements gpus = fig.select("svg.ts-gpu");
        assertThat(gpus).hasSize(2);
        assertThat(gpus.eachAttr("data-tenant-count")).containsExactly("2", "2");
        Element first = gpus.getFirst();
        assertThat(first.select("g.tenant")).hasSize(2);
        // capacity 15 GiB fills the bar (506 wide from x=78); 10 % headroom hatched at the end: x = 78 + 0.9 × 506
        assertThat(first.selectFirst("rect.capacity").attr("width")).isEqualTo("506");
        assertThat(first.selectFirst("rect.headroom").attr("x")).isEqualTo("533.4");
        // llm-api peaks at 5,400 MiB: its segment is 506 × 5400 / 15360 = 177.9 wide
        assertThat(first.selectFirst("g.tenant rect").attr("width")).isEqualTo("177.9");
        assertThat(first.selectFirst("g.tenant title").text()).isEqualTo("inference/llm-api-7d9f-0: peak 5.3 GiB");
        assertThat(first.selectFirst("line.util-target").attr("x1")).isEqualTo("432.2"); // 78 + 0.70 × 506
        assertThat(fig.select(".legend li").eachText()).anySatisfy(t -> assertThat(t).contains("inference/embedder-5c4b-0")
                .contains("Deployment/embedder"));
    }

    @Test
    void migGpusShowEachInstanceAtItsPlacementSlot() {
        Element h100 = section(local(DEMO), "rec-h100-19be02");
        Element fig = h100.selectFirst("figure.packing");
        assertThat(fig.attr("data-gpu-count")).isEqualTo("2");
        assertThat(fig.attr("data-slice-count")).isEqualTo("7");
        Elements gpus = fig.select("svg.mig-gpu");
        assertThat(gpus.eachAttr("data-slice-count")).containsExactly("4", "3");
        assertThat(gpus.eachAttr("data-spare-count")).containsExactly("0", "2");
        assertThat(gpus.getFirst().select("rect.slot")).hasSize(8);
        // 3g.40gb sits at slice 4: x = 78 + 4 × 506/8 + 1.5 = 332.5, width 4 × 63.25 − 3 = 250
        Element threeG = gpus.getFirst().selectFirst("g.mig-slice[data-profile=3g.40gb]");
        assertThat(threeG.attr("data-start")).isEqualTo("4");
        assertThat(threeG.selectFirst("rect").attr("x")).isEqualTo("332.5");
        assertThat(threeG.selectFirst("rect").attr("width")).isEqualTo("250");
        assertThat(threeG.selectFirst("title").text()).isEqualTo("3g.40gb at memory slices 4–7: ml/finetune-small-0");
        assertThat(gpus.get(1).select("g.mig-slice.spare").eachAttr("data-profile")).containsExactly("2g.20gb", "1g.20gb");
        assertThat(gpus.get(0).selectFirst("text.caption").text()).isEqualTo("compute 7/7 · memory 8/8 slices");
        assertThat(gpus.get(1).selectFirst("text.caption").text()).isEqualTo("compute 7/7 · memory 8/8 slices");
        assertThat(fig.select("details.fallback tbody tr")).hasSize(7);
        assertThat(gpus.get(1).parent().select(".legend li").eachText())
                .containsExactly("ml/llm-eval-0 — 4g.40gb, memory slices 0–3", "spare — 2g.20gb, memory slices 4–5", "spare — 1g.20gb, memory slices 6–7");
        assertThat(gpus.get(0).parent().select(".legend li").get(1).text()).isEqualTo("ml/tokenizer-0 — 1g.10gb, memory slice 2");
    }

    @Test
    void riskShowsLatencyWithItsCalibrationAndTheWorkloadsThatMustChange() {
        Document doc = local(DEMO);
        Element t4 = section(doc, "rec-t4-7f3a9c");
        var latency = ((Sharing.TimeSlicing) DEMO.report().recommendations().getFirst().sharing()).latency();
        assertThat(t4.selectFirst(".latency").text()).isEqualTo(String.format(java.util.Locale.ROOT,
                "Expected latency for the most affected tenant: median ×%.2f, p95 ×%.2f of today's.", latency.p50Factor(), latency.p95Factor()));
        assertThat(t4.selectFirst(".latency-estimate").text()).contains("Model: " + TimeSlicingLatencyModel.MODEL)
                .contains("Calibration: " + TimeSlicingLatencyModel.CALIBRATION_ERROR);
        assertThat(t4.select(".risks li").eachAttr("data-severity")).containsExactly("medium", "low", "medium");
        Element h100 = section(doc, "rec-h100-19be02");
        assertThat(h100.select("table.workload-changes tbody tr")).hasSize(5);
        assertThat(h100.select("table.workload-changes tbody tr").get(3).select("td").eachText())
                .containsExactly("Deployment/finetune-small", "nvidia.com/gpu", "nvidia.com/mig-3g.40gb", "pods: 1");
    }

    @Test
    void planObjectByObjectAndRollback() {
        Element t4 = section(local(DEMO), "rec-t4-7f3a9c");
        assertThat(t4.select("ol.plan > li").eachAttr("data-kind"))
                .containsExactly("device-plugin-config", "cluster-policy", "nodepool", "nodeoverlay", "remove");
        assertThat(t4.select("ol.plan > li .object").eachText())
                .containsExactly("ConfigMap", "ClusterPolicy", "NodePool", "NodeOverlay", "Node");
        assertThat(t4.selectFirst("ol.plan > li details pre").text()).contains("replicas: 2");
        assertThat(t4.select("ol.rollback li")).hasSize(3);
        assertThat(t4.selectFirst(".callout.warn").text()).contains("replaces all 4 nodes");
    }

    @Test
    void unchangedPoolShowsWhyAndItsEvidenceButNoPackingOrPlan() {
        Element a10g = section(local(DEMO), "rec-a10g-00c411");
        assertThat(a10g.selectFirst(".strategy").text()).isEqualTo("Leave as is");
        assertThat(a10g.selectFirst(".why-unchanged").text()).startsWith("GPUs are busy");
        assertThat(a10g.select("svg.util-chart")).hasSize(3);
        assertThat(a10g.select(".gpu-panel").eachAttr("data-verdict")).containsExactly("busy", "busy", "insufficient-data");
        assertThat(a10g.select("figure.packing")).isEmpty();
        assertThat(a10g.select("ol.plan")).isEmpty();
        assertThat(kpi(a10g, "savings")).isEqualTo("none");
        assertThat(a10g.selectFirst("[data-kpi=savings] small").text()).isEqualTo("the pool costs $2,654.28 a month"); // 3 × 1.212 × 730
        assertThat(a10g.selectFirst(".savings-note").text()).isEqualTo("spot pool: on-demand prices overstate any savings");
    }

    @Test
    void inputProblemsAndCollectionNotesAreListed() {
        Document doc = local(DEMO);
        assertThat(doc.select(".problems-table tbody tr")).hasSize(2);
        assertThat(doc.select(".problems-table tbody tr").getFirst().text())
                .isEqualTo("demo-east/node ip-10-0-9-9 instance type g9.xlarge is not in the catalog; its GPUs were left out");
        assertThat(doc.select(".cluster-notes li").eachText()).singleElement().asString().startsWith("demo-east: NodeOverlay CRD");
    }

    @Test
    void localReportIsSelfContainedAndHasNoControlsOrToken() {
        String html = ReportRenderer.render(DEMO.report(), DEMO.snapshot(), new Page.LocalReport());
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("form, input, button")).isEmpty();
        assertThat(doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .isEqualTo("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'");
        assertThat(doc.selectFirst("meta[name=viewport]")).isNotNull();
        // nothing to fetch: every reference is in-page or a data: URL
        for (Element e : doc.select("[href], [src]")) {
            assertThat(e.attr("href") + e.attr("src")).matches("(#|data:).*");
        }
        assertThat(doc.select("svg [fill^=url(]").eachAttr("fill")).allMatch(f -> f.equals("url(#sw-hatch)") || f.equals("url(#sw-gap)"));
        assertThat(doc.select("pattern#sw-hatch, pattern#sw-gap")).hasSize(2);
        // every chart is named for assistive technology and its aria-labelledby ids exist
        for (Element svg : doc.select("svg[role=img]")) {
            for (String id : svg.attr("aria-labelledby").split(" ")) assertThat(doc.getElementById(id)).as(id).isNotNull();
        }
        assertThat(doc.select("[id]").eachAttr("id")).doesNotHaveDuplicates();
    }

    @Test
    void approvalPageShowsOneRecommendationWithAPostFormCarryingTheTokenOnce() {
        String html = ReportRenderer.render(DEMO.report(), DEMO.snapshot(), pending("rec-t4-7f3a9c"));
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("section.rec").eachAttr("data-recommendation-id")).containsExactly("rec-t4-7f3a9c");
        assertThat(doc.select(".summary, .problems")).isEmpty();
        assertThat(doc.selectFirst("h1").text()).isEqualTo("Approve GPU sharing for NodePool inference-t4");
        Element form = doc.selectFirst(".headline form");
        assertThat(form.attr("method")).isEqualTo("post");
        assertThat(form.attr("action")).isEqualTo(APPROVE.toString());
        assertThat(form.select("input[type=hidden][name=token]").attr("value")).isEqualTo(TOKEN);
        assertThat(form.selectFirst("button.approve").attr("value")).isEqualTo("approve");
        assertThat(form.selectFirst("button.approve").hasAttr("formaction")).isFalse();
        assertThat(form.selectFirst("button.reject").attr("formaction")).isEqualTo(REJECT.toString());
        assertThat(html.split(TOKEN, -1)).as("the token appears exactly once").hasSize(2);
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .endsWith("form-action https://approve.example.com");
        assertThat(doc.selectFirst(".controls").text()).contains("This link expires 2026-11-27 00:05 UTC.");
        assertThat(doc.select("ol.rollback li")).hasSize(3);
    }

    @Test
    void decidedRecommendationShowsItsStatusInsteadOfTheButtons() {
        var page = new Page.ApprovalPage("rec-h100-19be02", APPROVE, REJECT, null, null, Page.ApprovalStatus.APPLIED,
                "approved by alice@example.com at 2026-11-24 09:12 UTC; verified 09:31 UTC");
        Document doc = Jsoup.parse(ReportRenderer.render(DEMO.report(), DEMO.snapshot(), page));
        assertThat(doc.select("form, button, input")).isEmpty();
        Element status = doc.selectFirst(".status[role=status]");
        assertThat(status.attr("data-status")).isEqualTo("applied");
        assertThat(status.text()).isEqualTo("Applied — approved by alice@example.com at 2026-11-24 09:12 UTC; verified 09:31 UTC");
    }

    @Test
    void anAppliedRecommendationOffersOneRollBackButtonPostingToItsOwnUrl() {
        URI rollback = URI.create("https://approve.example.com/r/r-1/rollback?t=v1.rollback-token");
        var page = new Page.ApprovalPage("rec-h100-19be02", APPROVE, REJECT, null, null, Page.ApprovalStatus.APPLIED,
                "applied and verified", rollback);
        String html = ReportRenderer.render(DEMO.report(), DEMO.snapshot(), page);
        Document doc = Jsoup.parse(html);
        Element form = doc.selectFirst(".status form.undo");
        assertThat(form.attr("method")).isEqualTo("post");
        assertThat(form.attr("action")).isEqualTo(rollback.toString());
        assertThat(doc.select("button")).singleElement().satisfies(b -> assertThat(b.text()).isEqualTo("Roll back"));
        assertThat(doc.select("button.approve, button.reject, input")).isEmpty();
        assertThat(html.split("rollback-token", -1)).as("the rollback token appears once, in the form's URL").hasSize(2);
        assertThat(doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .endsWith("form-action https://approve.example.com");

        // only an applied change can be rolled back: the same page for a rolled-back one has no button
        var done = new Page.ApprovalPage("rec-h100-19be02", APPROVE, REJECT, null, null, Page.ApprovalStatus.ROLLED_BACK,
                "rolled back on request", rollback);
        assertThat(Jsoup.parse(ReportRenderer.render(DEMO.report(), DEMO.snapshot(), done)).select("form, button")).isEmpty();
    }

    @Test
    void aPoolLeftAsIsHasNothingToApprove() {
        Document doc = Jsoup.parse(ReportRenderer.render(DEMO.report(), DEMO.snapshot(), pending("rec-a10g-00c411")));
        assertThat(doc.select("form, button, input")).isEmpty();
        assertThat(doc.selectFirst(".status").attr("data-status")).isEqualTo("nothing-to-approve");
        assertThat(doc.html()).doesNotContain(TOKEN);
    }

    @Test
    void approvalPageRefusesUnknownRecommendationsAndNonHttpActions() {
        assertThatThrownBy(() -> ReportRenderer.render(DEMO.report(), DEMO.snapshot(), pending("rec-nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rec-nope").hasMessageContaining("rec-t4-7f3a9c");
        assertThatThrownBy(() -> new Page.ApprovalPage("r", URI.create("javascript:alert(1)"), REJECT, TOKEN, null, Page.ApprovalStatus.PENDING, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("approveAction");
        assertThatThrownBy(() -> new Page.ApprovalPage("r", APPROVE, REJECT, " ", null, Page.ApprovalStatus.PENDING, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
    }

    @Test
    void hostileObjectNamesAreShownAsTextNeverAsMarkup() {
        String pod = "<script>alert(1)</script>";
        String pool = "\"><img src=x onerror=alert(2)>";
        ReportInputs hostile = DemoReportFixture.build(new DemoReportFixture.Names(pod, pool));
        String t4 = hostile.report().recommendations().getFirst().id();
        for (Page page : List.of(new Page.LocalReport(), pending(t4))) {
            String html = ReportRenderer.render(hostile.report(), hostile.snapshot(), page);
            Document doc = Jsoup.parse(html);
            assertThat(doc.select("script, img, iframe, object, embed")).isEmpty();
            for (Element e : doc.getAllElements()) {
                for (Attribute a : e.attributes()) assertThat(a.getKey()).doesNotStartWith("on");
            }
            assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>").doesNotContain("<img");
            assertThat(doc.selectFirst("section.rec[data-strategy=time-slicing] h2").text()).isEqualTo("NodePool " + pool);
        }
        Document doc = local(hostile);
        assertThat(doc.select(".legend .tenant-name").eachText()).contains("notebooks/" + pod);
    }

    @Test
    void withoutTheSnapshotEveryChartSaysThereIsNoTelemetry() {
        AnalysisReport report = DEMO.report();
        Document doc = Jsoup.parse(ReportRenderer.render(report, null, new Page.LocalReport()));
        int gpus = report.recommendations().stream().mapToInt(r -> r.evidence().size()).sum();
        assertThat(doc.select("svg.util-chart.no-data")).hasSize(gpus);
        assertThat(doc.select("svg.ts-gpu + ul.legend li").eachText()).hasSize(4).allMatch(t -> t.contains("not attributable"));
    }
}
