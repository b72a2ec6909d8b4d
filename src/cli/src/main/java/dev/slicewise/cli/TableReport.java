package dev.slicewise.cli;

import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.InputProblem;
import dev.slicewise.pricing.PriceSource;
import dev.slicewise.pricing.Savings;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Recommender;
import dev.slicewise.recommend.Risk;
import dev.slicewise.recommend.Sharing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The human-readable report: one row per recommendation (cluster, node pool, instance type, strategy, replicas or
 * MIG layout, nodes before → after, monthly cost before → after, savings, price source), its reasons, risks and
 * caveats indented below it, a total, then the input problems. Plain ASCII, so it survives any terminal and log.
 */
final class TableReport {
    private static final String[] HEADER = {"CLUSTER", "NODEPOOL", "INSTANCE TYPE", "STRATEGY", "REPLICAS / MIG LAYOUT", "NODES",
            "MONTHLY", "SAVINGS/MONTH", "PRICE SOURCE"};
    private static final String INDENT = "    ";

    private TableReport() {}

    static String render(AnalysisReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Slicewise analysis as of ").append(report.generatedAt()).append(": window ").append(report.window().start())
                .append(" .. ").append(report.window().end()).append(" (").append(span(report.window().length()))
                .append(", ").append(step(report.window().step())).append(")\n");
        // the detection rule is the same for every pool of one run: state it once, above the table
        report.recommendations().stream().flatMap(r -> r.reasons().stream()).filter(Recommender::isRuleStatement).distinct()
                .forEach(rule -> out.append(rule).append('\n'));
        out.append('\n');

        List<Recommendation> recs = report.recommendations();
        if (recs.isEmpty()) {
            out.append("No GPU node pools to analyse.\n");
        } else {
            List<String[]> rows = recs.stream().map(TableReport::row).toList();
            int[] width = new int[HEADER.length];
            for (int i = 0; i < HEADER.length; i++) width[i] = HEADER[i].length();
            for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
            line(out, HEADER, width);
            for (int i = 0; i < recs.size(); i++) {
                if (i > 0) out.append('\n');
                line(out, rows.get(i), width);
                details(out, recs.get(i));
            }
        }

        List<Recommendation> actionable = recs.stream().filter(Recommendation::actionable).toList();
        int freed = actionable.stream().mapToInt(r -> r.before().nodes() - r.after().nodes()).sum();
        out.append('\n').append("Total: ").append(money(report.totalMonthlySavings())).append(" per month; ")
                .append(actionable.size()).append(" of ").append(recs.size()).append(" recommendation").append(recs.size() == 1 ? "" : "s")
                .append(" free ").append(freed).append(" node").append(freed == 1 ? "" : "s").append('\n');
        long unpriced = actionable.stream().filter(r -> r.savings() == null).count();
        if (unpriced > 0) out.append("       (").append(unpriced).append(" of them without a known price, not in the total)\n");

        out.append('\n');
        if (report.problems().isEmpty()) {
            out.append("Input problems: none\n");
        } else {
            out.append("Input problems (").append(report.problems().size()).append("): these items were left out or partly used\n");
            for (InputProblem p : report.problems()) out.append(INDENT).append(p.item()).append(": ").append(p.message()).append('\n');
        }
        return out.toString();
    }

    private static String[] row(Recommendation r) {
        Savings s = r.savings();
        // A pool left alone needs no price; only a missing price for a change worth money is worth pointing out.
        boolean unpriced = s == null && r.actionable();
        return new String[] {
                r.cluster(),
                r.nodePool() == null ? "(no pool)" : r.nodePool(),
                r.instanceType(),
                strategy(r.sharing()),
                layout(r.sharing()),
                r.before().nodes() + " -> " + r.after().nodes(),
                s == null ? (unpriced ? "price unknown" : "-") : money(s.monthlyBefore()) + " -> " + money(s.monthlyAfter()),
                s == null ? (unpriced ? "n/a" : "-") : money(r.actionable() ? s.monthlySavings() : 0),
                s == null ? (unpriced ? "none" : "-") : source(s.price().source())};
    }

    private static void details(StringBuilder out, Recommendation r) {
        if (r.sharing() instanceof Sharing.Unchanged u && !r.reasons().contains(u.why())) detail(out, "why", u.why());
        for (String reason : r.reasons()) if (!Recommender.isRuleStatement(reason)) detail(out, "why", reason);
        for (Risk risk : r.risks()) detail(out, "risk", risk.severity() + " " + risk.text());
        switch (r.sharing()) {
            // the engine may already state the estimate as a LATENCY risk; say it once
            case Sharing.TimeSlicing ts when ts.latency() != null
                    && r.risks().stream().noneMatch(k -> k.kind() == Risk.Kind.LATENCY) -> detail(out, "latency", String.format(Locale.ROOT,
                    "p50 x%.2f, p95 x%.2f for the most affected tenant (%s)", ts.latency().p50Factor(), ts.latency().p95Factor(),
                    ts.latency().model()));
            case Sharing.Mig mig when r.risks().stream().noneMatch(k -> k.kind() == Risk.Kind.REQUEST_CHANGES) ->
                    mig.workloadsToChange().forEach(c ->
                            detail(out, "change", c.owner() + " requests " + c.toResource() + " instead of " + c.fromResource()));
            default -> { }
        }
        if (r.savings() != null && r.savings().note() != null) detail(out, "note", r.savings().note());
    }

    private static void detail(StringBuilder out, String label, String text) {
        out.append(INDENT).append(label).append(": ").append(text).append('\n');
    }

    static String strategy(Sharing s) {
        return switch (s) {
            case Sharing.TimeSlicing ts -> "time-slicing";
            case Sharing.Mig m -> "mig";
            case Sharing.Unchanged u -> "unchanged";
        };
    }

    static String layout(Sharing s) {
        return switch (s) {
            case Sharing.TimeSlicing ts -> ts.replicas() + " replicas per GPU on " + ts.gpus().size() + " GPU" + (ts.gpus().size() == 1 ? "" : "s");
            case Sharing.Mig m -> migLayout(m);
            case Sharing.Unchanged u -> "-";
        };
    }

    /** e.g. "mixed, 2 GPUs 7x1g.10gb | 1 GPU 3g.40gb+2g.20gb+2x1g.10gb (1 spare)". */
    static String migLayout(Sharing.Mig m) {
        Map<String, Integer> gpusPerLayout = new LinkedHashMap<>();
        int spare = 0;
        for (Sharing.MigGpu gpu : m.gpus()) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            List<Sharing.MigSlice> slices = new ArrayList<>(gpu.slices());
            slices.sort(Comparator.comparingInt(Sharing.MigSlice::start));
            for (Sharing.MigSlice slice : slices) {
                counts.merge(slice.profile(), 1, Integer::sum);
                if (slice.tenant() == null) spare++;
            }
            String layout = counts.entrySet().stream().map(e -> (e.getValue() == 1 ? "" : e.getValue() + "x") + e.getKey())
                    .collect(Collectors.joining("+"));
            gpusPerLayout.merge(layout, 1, Integer::sum);
        }
        String layouts = gpusPerLayout.entrySet().stream()
                .map(e -> e.getValue() + " GPU" + (e.getValue() == 1 ? " " : "s ") + e.getKey()).collect(Collectors.joining(" | "));
        return m.strategy() + ", " + layouts + (spare > 0 ? " (" + spare + " spare)" : "");
    }

    static String source(PriceSource src) {
        String kind = switch (src.kind()) {
            case PRICING_API -> "AWS Price List API";
            case BUNDLED_TABLE -> "bundled price table";
            case OVERRIDE -> "--price-override";
            case SPOT_HISTORY -> "spot price history";
        };
        return src.detail() == null || src.detail().isBlank() ? kind : kind + " (" + src.detail() + ")";
    }

    static String money(double usd) {
        return String.format(Locale.US, "$%,.2f", usd);
    }

    private static String span(Duration d) {
        return d.toHours() % 24 == 0 ? d.toDays() + " days" : d.toHours() + " hours";
    }

    private static String step(Duration d) {
        return d.equals(Duration.ofHours(1)) ? "hourly" : "steps of " + d.toSeconds() + " s";
    }

    private static void line(StringBuilder out, String[] cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            l.append(cells[i]);
            if (i < cells.length - 1) l.append(" ".repeat(width[i] - cells[i].length() + 2));
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }
}
