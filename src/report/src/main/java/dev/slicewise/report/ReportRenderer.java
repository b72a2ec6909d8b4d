package dev.slicewise.report;

import dev.slicewise.detect.DetectionPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.InputProblem;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.pack.PackingPolicy;
import dev.slicewise.pricing.Savings;
import dev.slicewise.recommend.Alternative;
import dev.slicewise.recommend.GpuEvidence;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Recommender;
import dev.slicewise.recommend.Risk;
import dev.slicewise.recommend.Sharing;
import dev.slicewise.risk.LatencyEstimate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders an analysis as one self-contained HTML page: inline CSS, charts as inline SVG drawn here, no JavaScript
 * and no external resource (a Content-Security-Policy forbids both), so it works offline, prints, and cannot run
 * anything even if a cluster object were named like a script. The same renderer makes the local {@code --html}
 * file and the approval page behind the one-click link.
 */
public final class ReportRenderer {
    private static final String CSS = loadCss();

    private ReportRenderer() {}

    /**
     * @param report   the analysis
     * @param snapshot the fleet it was computed from (for the hourly series and per-tenant memory); may be null, the
     *                 charts then say "no telemetry"
     * @param page     {@link Page.LocalReport} or {@link Page.ApprovalPage}
     * @throws IllegalArgumentException when an approval page names a recommendation the report does not hold
     */
    public static String render(AnalysisReport report, FleetSnapshot snapshot, Page page) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(page, "page");
        return new Rendering(report, snapshot, page).html();
    }

    private static String loadCss() {
        try (InputStream in = ReportRenderer.class.getResourceAsStream("report.css")) {
            if (in == null) throw new IllegalStateException("report.css missing from the slicewise-report jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Rendering {
        private final AnalysisReport report;
        private final Page page;
        private final SnapshotIndex index;
        private final Html h = new Html();
        private final Ids ids = new Ids();
        private final List<Recommendation> recommendations;
        private final Map<String, String> regions = new HashMap<>();
        private final List<String> clusterNotes = new ArrayList<>();

        Rendering(AnalysisReport report, FleetSnapshot snapshot, Page page) {
            this.report = report;
            this.page = page;
            this.index = new SnapshotIndex(snapshot);
            if (snapshot != null) {
                for (ClusterSnapshot c : snapshot.clusters()) {
                    regions.put(c.name(), c.region());
                    c.notes().forEach(n -> clusterNotes.add(c.name() + ": " + n));
                }
            }
            this.recommendations = switch (page) {
                case Page.LocalReport l -> ordered(report.recommendations());
                case Page.ApprovalPage a -> List.of(report.recommendations().stream()
                        .filter(r -> r.id().equals(a.recommendationId())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("recommendation " + a.recommendationId()
                                + " is not in this report (it holds " + report.recommendations().stream().map(Recommendation::id)
                                .collect(Collectors.joining(", ")) + ")")));
            };
        }

        /** Actionable pools first, largest savings first; then the rest in the engine's order. */
        private static List<Recommendation> ordered(List<Recommendation> all) {
            List<Recommendation> out = new ArrayList<>(all.stream().filter(Recommendation::actionable)
                    .sorted(Comparator.comparingDouble((Recommendation r) -> r.savings() == null ? 0 : r.savings().monthlySavings()).reversed())
                    .toList());
            all.stream().filter(r -> !r.actionable()).forEach(out::add);
            return out;
        }

        String html() {
            h.doctype();
            h.open("html", "lang", "en");
            head();
            h.open("body", "data-page", page instanceof Page.ApprovalPage ? "approval" : "local");
            defs();
            h.open("div", "class", "wrap");
            top();
            h.open("main");
            if (page instanceof Page.LocalReport) summary();
            for (Recommendation r : recommendations) recommendation(r);
            if (page instanceof Page.LocalReport) problems();
            h.close("main");
            footer();
            h.close("div");
            h.close("body");
            h.close("html");
            return h.toString();
        }

        // ------------------------------------------------------------------------------------------ head

        private void head() {
            h.open("head");
            h.empty("meta", "charset", "utf-8");
            h.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
            // No script may run and nothing may load from the network; forms may post only to the approval actions.
            h.empty("meta", "http-equiv", "Content-Security-Policy", "content",
                    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action " + formAction());
            h.empty("meta", "name", "referrer", "content", "no-referrer");
            h.empty("meta", "name", "robots", "content", "noindex, nofollow");
            h.empty("meta", "name", "color-scheme", "content", "light");
            // an empty data: icon, so the browser does not ask the server for /favicon.ico
            h.empty("link", "rel", "icon", "href", "data:,");
            h.el("title", title());
            h.open("style").trusted(Palette.cssVariables()).trusted(CSS).close("style");
            h.close("head");
        }

        private String formAction() {
            if (!(page instanceof Page.ApprovalPage a)) return "'none'";
            Set<String> origins = new LinkedHashSet<>();
            origins.add(origin(a.approveAction()));
            origins.add(origin(a.rejectAction()));
            if (a.rollbackAction() != null) origins.add(origin(a.rollbackAction()));
            return String.join(" ", origins);
        }

        private static String origin(URI uri) {
            return uri.getScheme().toLowerCase() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        }

        private String title() {
            return switch (page) {
                case Page.LocalReport l -> "Slicewise report — " + Fmt.usd(report.totalMonthlySavings()) + "/month";
                case Page.ApprovalPage a -> "Approve GPU sharing for NodePool " + recommendations.getFirst().nodePool() + " — Slicewise";
            };
        }

        /** Patterns shared by every chart: hatching for headroom/spare slices, a lighter one for hours without data. */
        private void defs() {
            h.open("svg", "class", "sr-defs", "aria-hidden", "true", "focusable", "false", "width", "0", "height", "0");
            h.open("defs");
            h.open("pattern", "id", "sw-hatch", "width", "6", "height", "6", "patternUnits", "userSpaceOnUse", "patternTransform", "rotate(45)");
            h.empty("rect", "width", "6", "height", "6", "fill", Palette.BACKGROUND);
            h.empty("line", "x1", "0", "y1", "0", "x2", "0", "y2", "6", "stroke", "#5a5a5a", "stroke-width", "2.2");
            h.close("pattern");
            h.open("pattern", "id", "sw-gap", "width", "5", "height", "5", "patternUnits", "userSpaceOnUse", "patternTransform", "rotate(-45)");
            h.empty("rect", "width", "5", "height", "5", "fill", "#ececec");
            h.empty("line", "x1", "0", "y1", "0", "x2", "0", "y2", "5", "stroke", "#9a9a9a", "stroke-width", "1.2");
            h.close("pattern");
            h.close("defs");
            h.close("svg");
        }

        // ------------------------------------------------------------------------------------------ page header

        private void top() {
            h.open("header", "class", "top");
            switch (page) {
                case Page.LocalReport l -> {
                    h.el("h1", "Slicewise — GPU sharing report");
                    Set<String> clusters = new LinkedHashSet<>();
                    report.recommendations().forEach(r -> clusters.add(r.cluster()));
                    h.el("p", "Generated " + Fmt.when(report.generatedAt()) + " · " + windowText() + " · "
                            + Fmt.plural(clusters.size(), "cluster", "clusters") + (clusters.isEmpty() ? "" : ": " + String.join(", ", clusters)),
                            "class", "meta");
                }
                case Page.ApprovalPage a -> {
                    Recommendation r = recommendations.getFirst();
                    h.el("h1", "Approve GPU sharing for NodePool " + r.nodePool());
                    h.el("p", "Cluster " + r.cluster() + (r.region() == null ? "" : " (" + r.region() + ")") + " · recommendation "
                            + r.id() + " · analysed " + Fmt.when(report.generatedAt()) + " over " + windowText(), "class", "meta");
                }
            }
            h.close("header");
        }

        private String windowText() {
            long days = report.window().length().toDays();
            long hours = report.window().length().toHours();
            return "window " + Fmt.when(report.window().start()) + " – " + Fmt.when(report.window().end()) + " ("
                    + (hours % 24 == 0 ? Fmt.plural((int) days, "day", "days") : Fmt.plural((int) hours, "hour", "hours"))
                    + ", step " + report.window().step().toMinutes() + " min)";
        }

        // ------------------------------------------------------------------------------------------ summary

        private void summary() {
            List<Recommendation> actionable = recommendations.stream().filter(Recommendation::actionable).toList();
            h.open("section", "class", "summary", "aria-labelledby", "summary-h");
            h.el("h2", "Summary", "id", "summary-h");
            if (actionable.isEmpty()) {
                h.el("p", "No NodePool can share its GPUs profitably right now (" + Fmt.plural(recommendations.size(), "pool", "pools")
                        + " analysed).", "class", "big");
            } else {
                h.open("p", "class", "big").text("Applying " + Fmt.plural(actionable.size(), "recommendation", "recommendations")
                        + " saves ").el("strong", Fmt.usd(report.totalMonthlySavings()) + " a month", "class", "total-savings")
                        .text(" (" + Fmt.plural(recommendations.size(), "pool", "pools") + " analysed).").close("p");
            }
            h.open("div", "class", "table-wrap").open("table", "class", "summary-table");
            h.el("caption", "One row per NodePool and instance type", "class", "muted");
            h.open("thead").open("tr");
            for (String c : List.of("NodePool", "Cluster", "Instance type", "Decision")) h.el("th", c, "scope", "col");
            for (String c : List.of("Nodes", "GPUs", "Monthly savings")) h.el("th", c, "scope", "col", "class", "num");
            h.el("th", "Price source", "scope", "col");
            h.close("tr").close("thead").open("tbody");
            for (Recommendation r : recommendations) {
                h.open("tr", "data-recommendation-id", r.id());
                h.open("th", "scope", "row").el("a", r.nodePool(), "href", "#" + anchor(r)).close("th");
                h.el("td", r.cluster());
                h.el("td", r.instanceType());
                h.el("td", strategyLabel(r.sharing()));
                h.el("td", arrow(r.before().nodes(), r.after().nodes()), "class", "num");
                h.el("td", arrow(r.before().gpus(), r.after().gpus()), "class", "num");
                h.el("td", !r.actionable() ? "—" : r.savings() == null ? "price unknown" : r.actionable() ? Fmt.usd(r.savings().monthlySavings()) : "—", "class", "num");
                h.el("td", r.savings() == null ? "—" : Fmt.priceSource(r.savings().price().source()));
                h.close("tr");
            }
            h.close("tbody").close("table").close("div");
            h.el("p", ruleText(report.policy().detection(), report.policy().packing()), "class", "muted");
            h.close("section");
        }

        private static String ruleText(DetectionPolicy d, PackingPolicy p) {
            return "The rule: a GPU is underused when the p95 of its hourly average utilization over the window is below "
                    + Fmt.pct(d.maxP95UtilPct()) + " and its peak framebuffer use below " + Fmt.pct(100 * d.maxPeakMemFraction())
                    + " of its memory, with at least " + Fmt.pct(100 * d.minCoverage()) + " of the window's hours (and " + d.minPoints()
                    + " h) holding data, on a node at least " + d.minNodeAge().toHours() + " h old. Packing keeps the p95 of the tenants' "
                    + "summed GPU time at or below " + Fmt.pct(p.targetUtilPct()) + " and " + Fmt.pct(100 * p.memHeadroomFraction())
                    + " of memory free, at most " + p.maxReplicas() + " tenants per time-sliced GPU.";
        }

        // ------------------------------------------------------------------------------------------ one pool

        private void recommendation(Recommendation r) {
            String headingId = ids.next();
            h.open("section", "class", "rec", "id", anchor(r), "aria-labelledby", headingId, "data-recommendation-id", r.id(),
                    "data-strategy", strategyKey(r.sharing()), "data-actionable", Boolean.toString(r.actionable()));
            headline(r, headingId);
            // the rule itself is stated once above the pools
            List<String> why = r.reasons().stream().filter(reason -> !Recommender.isRuleStatement(reason)).toList();
            if (!why.isEmpty()) {
                h.el("h3", "Why");
                PlanSection.list(h, why, "ul", "reasons");
            }
            utilization(r);
            switch (r.sharing()) {
                case Sharing.TimeSlicing ts -> timeSlicingPacking(r, ts);
                case Sharing.Mig mig -> migPacking(r, mig);
                case Sharing.Unchanged u -> {}
            }
            risk(r);
            if (r.actionable() || !r.plan().steps().isEmpty()) PlanSection.write(h, r.plan());
            alternatives(r);
            h.close("section");
        }

        private void headline(Recommendation r, String headingId) {
            h.open("header", "class", "headline");
            h.el("h2", "NodePool " + r.nodePool(), "id", headingId);
            String region = r.region() != null ? r.region() : regions.get(r.cluster());
            h.el("p", "Cluster " + r.cluster() + (region == null ? "" : " (" + region + ")") + " · " + r.instanceType() + " · "
                    + r.gpusPerNode() + "× " + r.gpuModel() + " per node" + (r.capacityType() == null ? "" : " · " + r.capacityType()), "class", "sub");
            h.open("p", "class", "strategy").el("span", strategyLabel(r.sharing()), "class", "badge " + (r.actionable() ? "info" : "neutral"))
                    .close("p");
            if (r.sharing() instanceof Sharing.Unchanged u && u.why() != null) h.el("p", u.why(), "class", "why-unchanged");

            Savings s = r.savings();
            h.open("dl", "class", "kpis");
            kpi("Nodes", arrow(r.before().nodes(), r.after().nodes()), null, "nodes");
            kpi("GPUs", arrow(r.before().gpus(), r.after().gpus()), null, "gpus");
            if (s == null) {
                kpi("Monthly savings", "unknown", "no price for " + r.instanceType(), "savings");
                kpi("Price", "unknown", null, "price");
            } else {
                if (r.actionable()) {
                    kpi("Monthly savings", Fmt.usd(s.monthlySavings()), Fmt.usd(s.monthlyBefore()) + " → " + Fmt.usd(s.monthlyAfter()) + " a month", "savings");
                } else {
                    kpi("Monthly savings", "none", "the pool costs " + Fmt.usd(s.monthlyBefore()) + " a month", "savings");
                }
                kpi("Price", Fmt.usdPerHour(s.price().usdPerHour()),
                        Fmt.priceSource(s.price().source()) + " · " + Fmt.n(s.hoursPerMonth()) + " h/month", "price");
            }
            h.close("dl");
            if (s != null && s.note() != null && !s.note().isBlank()) h.el("p", s.note(), "class", "muted savings-note");
            if (page instanceof Page.ApprovalPage a) controls(a, r);
            h.close("header");
        }

        private void kpi(String term, String value, String small, String key) {
            h.open("div", "data-kpi", key).el("dt", term).open("dd").text(value);
            if (small != null) h.el("small", small);
            h.close("dd").close("div");
        }

        /** Approve / Reject as one plain POST form: works without JavaScript; the token appears exactly once. */
        private void controls(Page.ApprovalPage a, Recommendation r) {
            if (!r.actionable()) {
                // a "leave as is" or no-saving result is information, never something to approve
                h.open("div", "class", "status", "role", "status", "data-status", "nothing-to-approve");
                h.open("p").el("strong", "Nothing to approve").text(" — this recommendation changes nothing.").close("p").close("div");
                return;
            }
            if (a.status() != Page.ApprovalStatus.PENDING) {
                h.open("div", "class", "status", "role", "status", "data-status", a.status().name().toLowerCase());
                h.open("p").el("strong", a.status().label());
                if (a.statusDetail() != null) h.text(" — " + a.statusDetail());
                h.close("p");
                if (a.status() == Page.ApprovalStatus.APPLIED && a.rollbackAction() != null) rollback(a);
                h.close("div");
                return;
            }
            h.open("div", "class", "controls", "data-status", "pending");
            h.open("form", "method", "post", "action", a.approveAction().toString(), "class", "decision");
            h.empty("input", "type", "hidden", "name", Page.ApprovalPage.TOKEN_FIELD, "value", a.formToken());
            h.el("button", "Approve and apply", "type", "submit", "name", Page.ApprovalPage.DECISION_FIELD, "value", "approve",
                    "class", "approve");
            h.el("button", "Reject", "type", "submit", "name", Page.ApprovalPage.DECISION_FIELD, "value", "reject",
                    "formaction", a.rejectAction().toString(), "class", "reject");
            h.close("form");
            h.el("p", "Read the risks and the plan below first. Approving makes this plan eligible to apply: the applier re-reads "
                    + "the cluster and refuses a plan that no longer matches it."
                    + (a.expiresAt() == null ? "" : " This link expires " + Fmt.when(a.expiresAt()) + "."));
            h.close("div");
        }

        /**
         * Roll back as one plain POST form, like the decision: its URL carries the rollback-bound token (the page holds
         * no other), and opening the page never rolls anything back.
         */
        private void rollback(Page.ApprovalPage a) {
            h.open("form", "method", "post", "action", a.rollbackAction().toString(), "class", "undo");
            h.el("button", "Roll back", "type", "submit", "name", Page.ApprovalPage.DECISION_FIELD, "value", "rollback", "class", "undo");
            h.close("form");
            h.el("p", "Rolling back restores every object the apply changed (device-plugin configuration, node labels, NodePool, "
                    + "NodeOverlay) to how it was before. It is refused, changing nothing, when someone edited one of them since.",
                    "class", "muted");
        }

        // ------------------------------------------------------------------------------------------ utilization

        private void utilization(Recommendation r) {
            DetectionPolicy d = report.policy().detection();
            h.el("h3", "Utilization over the window");
            h.open("figure", "class", "utilization", "data-gpu-count", Integer.toString(r.evidence().size()));
            h.el("p", "One panel per GPU of the pool today, over the " + windowText() + ". Top: hourly average utilization (line); "
                    + "the shaded band reaches each hour's maximum; the dashed line is the underuse threshold (" + Fmt.pct(d.maxP95UtilPct())
                    + " at p95) and the mark on the right the GPU's p95. Bottom: each hour's peak framebuffer memory against the GPU's "
                    + "capacity, with the " + Fmt.pct(100 * d.maxPeakMemFraction()) + " memory threshold dashed. Hatched hours have no "
                    + "data; they are never filled in.", "class", "fig-intro");
            if (r.evidence().isEmpty()) {
                h.el("p", "No per-GPU evidence was recorded for this pool.", "class", "muted");
            } else {
                h.open("div", "class", "gpu-grid");
                for (GpuEvidence g : r.evidence()) {
                    UtilizationChart.panel(h, ids, g, index.gpu(r.cluster(), g.node(), g.device()), report.window(), d);
                }
                h.close("div");
                evidenceTable(r);
            }
            h.close("figure");
        }

        private void evidenceTable(Recommendation r) {
            h.open("details", "class", "fallback");
            h.el("summary", "The numbers as a table");
            h.open("div", "class", "table-wrap").open("table");
            h.open("thead").open("tr");
            for (String c : List.of("Node", "GPU", "Verdict")) h.el("th", c, "scope", "col");
            for (String c : List.of("p50", "p95", "Max", "Peak memory", "Capacity", "Coverage", "Hours")) h.el("th", c, "scope", "col", "class", "num");
            h.close("tr").close("thead").open("tbody");
            for (GpuEvidence g : r.evidence()) {
                var ev = g.verdict().evidence();
                h.open("tr");
                h.el("td", g.node());
                h.el("td", g.device());
                h.el("td", UtilizationChart.verdictLabel(g.verdict()));
                h.el("td", Fmt.pct(ev.p50UtilPct()), "class", "num");
                h.el("td", Fmt.pct(ev.p95UtilPct()), "class", "num");
                h.el("td", Fmt.pct(ev.maxUtilPct()), "class", "num");
                h.el("td", Fmt.gib(ev.peakMemMiB()), "class", "num");
                h.el("td", Fmt.gib(ev.memCapacityMiB()), "class", "num");
                h.el("td", Fmt.pct(100 * ev.coverage()), "class", "num");
                h.el("td", Integer.toString(ev.points()), "class", "num");
                h.close("tr");
            }
            h.close("tbody").close("table").close("div");
            h.close("details");
        }

        // ------------------------------------------------------------------------------------------ packing

        private void timeSlicingPacking(Recommendation r, Sharing.TimeSlicing ts) {
            PackingPolicy p = report.policy().packing();
            h.el("h3", "How the workloads fit");
            h.open("figure", "class", "packing time-slicing", "data-gpu-count", Integer.toString(ts.gpus().size()),
                    "data-tenant-count", Integer.toString(ts.gpus().stream().mapToInt(g -> g.tenants().size()).sum()));
            h.el("p", "One bar per GPU after the change, " + ts.replicas() + " time-sliced replicas each. Memory: each tenant's own "
                    + "peak, stacked (the worst case, as if all peaks coincided); the black mark is the peak of their summed use hour by "
                    + "hour, which is what must fit; the hatched end is the " + Fmt.pct(100 * p.memHeadroomFraction())
                    + " kept free, because time-slicing has no memory isolation and an overrun is an out-of-memory error. GPU time: the "
                    + "p95 of their summed hourly use against the " + Fmt.pct(p.targetUtilPct()) + " target (dashed).", "class", "fig-intro");
            h.open("p", "class", "key", "aria-hidden", "true");
            h.open("span", "class", "key-mark").close("span").text("peak of the summed memory ");
            h.open("span", "class", "swatch").close("span").text("kept free ");
            h.open("span", "class", "key-target").close("span").text("GPU-time target");
            h.close("p");
            h.open("div", "class", "pack-grid");
            for (Sharing.SharedGpu g : ts.gpus()) PackingChart.timeSliced(h, ids, r.cluster(), g, ts.replicas(), p, index);
            h.close("div");
            h.open("details", "class", "fallback").el("summary", "The packing as a table");
            h.open("div", "class", "table-wrap").open("table").open("thead").open("tr");
            for (String c : List.of("Node", "GPU", "Tenants")) h.el("th", c, "scope", "col");
            for (String c : List.of("Summed peak memory", "Capacity", "p95 summed GPU time")) h.el("th", c, "scope", "col", "class", "num");
            h.close("tr").close("thead").open("tbody");
            for (Sharing.SharedGpu g : ts.gpus()) {
                h.open("tr");
                h.el("td", g.node());
                h.el("td", Integer.toString(g.gpuIndex()));
                h.el("td", String.join(", ", g.tenants()));
                h.el("td", Fmt.gib(g.peakSummedMemMiB()), "class", "num");
                h.el("td", Fmt.gib(g.memCapacityMiB()), "class", "num");
                h.el("td", Fmt.pct(g.p95SummedUtilPct()), "class", "num");
                h.close("tr");
            }
            h.close("tbody").close("table").close("div").close("details");
            h.close("figure");
        }

        private void migPacking(Recommendation r, Sharing.Mig mig) {
            int slices = mig.gpus().stream().mapToInt(g -> g.slices().size()).sum();
            int slots = mig.gpus().isEmpty() ? 8 : PackingChart.memorySlices(r.gpuModel(), mig.gpus().getFirst().slices());
            h.el("h3", "How the workloads fit");
            h.open("figure", "class", "packing mig", "data-gpu-count", Integer.toString(mig.gpus().size()),
                    "data-slice-count", Integer.toString(slices));
            h.el("p", "One bar per GPU after the change, split into its " + slots + " memory slices. Each MIG instance is drawn where "
                    + "it is placed — NVIDIA allows each profile to start only at certain slices, so the order matters — with its profile "
                    + "and tenant; hatched instances are spare capacity. MIG config '" + mig.migConfigName() + "', " + mig.strategy()
                    + " strategy.", "class", "fig-intro");
            h.open("div", "class", "pack-grid");
            Map<String, Integer> colours = new HashMap<>();
            for (Sharing.MigGpu g : mig.gpus()) PackingChart.mig(h, ids, g, r.gpuModel(), colours);
            h.close("div");
            h.open("details", "class", "fallback").el("summary", "The layout as a table");
            h.open("div", "class", "table-wrap").open("table").open("thead").open("tr");
            for (String c : List.of("Node", "GPU", "Profile", "Memory slices", "Tenant")) h.el("th", c, "scope", "col");
            h.close("tr").close("thead").open("tbody");
            for (Sharing.MigGpu g : mig.gpus()) {
                for (Sharing.MigSlice s : g.slices()) {
                    h.open("tr");
                    h.el("td", g.node());
                    h.el("td", Integer.toString(g.gpuIndex()));
                    h.el("td", s.profile());
                    h.el("td", s.start() + "–" + (s.start() + s.memorySlices() - 1));
                    h.el("td", s.tenant() == null ? "spare" : s.tenant());
                    h.close("tr");
                }
            }
            h.close("tbody").close("table").close("div").close("details");
            h.close("figure");
        }

        // ------------------------------------------------------------------------------------------ risk

        private void risk(Recommendation r) {
            LatencyEstimate latency = r.sharing() instanceof Sharing.TimeSlicing ts ? ts.latency() : null;
            List<Sharing.WorkloadChange> changes = r.sharing() instanceof Sharing.Mig m ? m.workloadsToChange() : List.of();
            if (latency == null && r.risks().isEmpty() && changes.isEmpty()) return;
            h.el("h3", "Risk");
            if (latency != null) {
                h.open("div", "class", "callout info latency-estimate", "role", "note");
                h.open("p", "class", "latency").text("Expected latency for the most affected tenant: median ")
                        .el("strong", Fmt.factor(latency.p50Factor())).text(", p95 ").el("strong", Fmt.factor(latency.p95Factor()))
                        .text(" of today's.").close("p");
                h.el("p", "Model: " + sentence(latency.model()) + " Calibration: " + sentence(latency.calibrationError()), "class", "muted");
                h.close("div");
            }
            if (!r.risks().isEmpty()) {
                h.open("ul", "class", "risks");
                for (Risk risk : r.risks()) {
                    h.open("li", "data-kind", risk.kind().name().toLowerCase(), "data-severity", risk.severity().name().toLowerCase());
                    h.el("span", risk.severity().name().toLowerCase() + " risk", "class", "badge " + severityTone(risk.severity()));
                    h.text(" ").el("strong", riskKind(risk.kind())).text(": " + risk.text());
                    h.close("li");
                }
                h.close("ul");
            }
            if (!changes.isEmpty()) {
                h.el("p", "These workloads must change their resource requests (MIG " + ((Sharing.Mig) r.sharing()).strategy()
                        + " strategy): a pod asking for the old resource will not schedule on the new layout.", "class", "changes-intro");
                h.open("div", "class", "table-wrap").open("table", "class", "workload-changes").open("thead").open("tr");
                for (String c : List.of("Workload", "Requests today", "Must request", "Pods")) h.el("th", c, "scope", "col");
                h.close("tr").close("thead").open("tbody");
                for (Sharing.WorkloadChange c : changes) {
                    h.open("tr");
                    h.el("td", c.owner());
                    h.open("td").el("code", c.fromResource()).close("td");
                    h.open("td").el("code", c.toResource()).close("td");
                    h.el("td", c.podCount() == null ? "" : c.podCount().entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")));
                    h.close("tr");
                }
                h.close("tbody").close("table").close("div");
            }
        }

        private static String severityTone(Risk.Severity s) {
            return switch (s) {
                case HIGH -> "bad";
                case MEDIUM -> "warn";
                case LOW -> "neutral";
            };
        }

        private static String riskKind(Risk.Kind k) {
            return switch (k) {
                case MEMORY_HEADROOM -> "Memory headroom";
                case NO_MEMORY_ISOLATION -> "No memory isolation";
                case LATENCY -> "Latency";
                case REQUEST_CHANGES -> "Resource requests";
                case NODE_REPLACEMENT -> "Node replacement";
                case MIG_RECONFIGURATION -> "MIG reconfiguration";
                case PRICE -> "Price";
                case TELEMETRY -> "Telemetry";
            };
        }

        // ------------------------------------------------------------------------------------------ rest

        private void alternatives(Recommendation r) {
            if (r.alternatives().isEmpty()) return;
            h.el("h3", "Alternatives considered");
            h.open("div", "class", "table-wrap").open("table", "class", "alternatives").open("thead").open("tr");
            h.el("th", "Strategy", "scope", "col");
            for (String c : List.of("Nodes", "GPUs", "Monthly savings")) h.el("th", c, "scope", "col", "class", "num");
            h.el("th", "Why not", "scope", "col");
            h.close("tr").close("thead").open("tbody");
            for (Alternative a : r.alternatives()) {
                h.open("tr");
                h.el("td", a.strategy());
                h.el("td", Integer.toString(a.nodes()), "class", "num");
                h.el("td", Integer.toString(a.gpus()), "class", "num");
                h.el("td", Fmt.usd(a.monthlySavings()), "class", "num");
                h.el("td", a.whyNot());
                h.close("tr");
            }
            h.close("tbody").close("table").close("div");
        }

        private void problems() {
            if (report.problems().isEmpty() && clusterNotes.isEmpty()) return;
            h.open("section", "class", "problems", "aria-labelledby", "problems-h");
            h.el("h2", "Input Slicewise could not use", "id", "problems-h");
            if (!report.problems().isEmpty()) {
                h.el("p", "Everything else was analysed; these items were left out, each for the reason given.", "class", "muted");
                h.open("div", "class", "table-wrap").open("table", "class", "problems-table").open("thead").open("tr");
                h.el("th", "Item", "scope", "col").el("th", "Problem", "scope", "col");
                h.close("tr").close("thead").open("tbody");
                for (InputProblem p : report.problems()) {
                    h.open("tr").open("td").el("code", p.item()).close("td").el("td", p.message()).close("tr");
                }
                h.close("tbody").close("table").close("div");
            }
            if (!clusterNotes.isEmpty()) {
                h.el("p", "Notes from collecting the fleet:", "class", "muted");
                PlanSection.list(h, clusterNotes, "ul", "cluster-notes");
            }
            h.close("section");
        }

        private void footer() {
            h.open("footer");
            h.el("p", "Slicewise · " + (page instanceof Page.LocalReport ? "local report" : "approval page") + " · generated "
                    + Fmt.when(report.generatedAt()) + ". This page is self-contained: no scripts, no external resources; it "
                    + "works offline and prints.");
            h.close("footer");
        }

        // ------------------------------------------------------------------------------------------ labels

        private static String anchor(Recommendation r) {
            return "rec-" + r.id().replaceAll("[^A-Za-z0-9_-]", "-");
        }

        /** The text with a full stop, unless it already ends a sentence. */
        private static String sentence(String text) {
            if (text == null || text.isBlank()) return "not stated.";
            String t = text.strip();
            return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
        }

        private static String arrow(int before, int after) {
            return before == after ? Integer.toString(before) : before + " → " + after;
        }

        static String strategyKey(Sharing s) {
            return switch (s) {
                case Sharing.TimeSlicing t -> "time-slicing";
                case Sharing.Mig m -> "mig";
                case Sharing.Unchanged u -> "unchanged";
            };
        }

        static String strategyLabel(Sharing s) {
            return switch (s) {
                case Sharing.TimeSlicing t -> "Time-slicing, " + t.replicas() + " replicas per GPU";
                case Sharing.Mig m -> "MIG, " + m.strategy() + " strategy (" + m.migConfigName() + ")";
                case Sharing.Unchanged u -> "Leave as is";
            };
        }
    }
}
