package dev.slicewise.cli;

import dev.slicewise.collect.CollectionNote;
import dev.slicewise.collect.CollectionResult;
import dev.slicewise.collect.TelemetryCost;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.recommend.Recommendation;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a person should know about how a live cluster was collected: what was found, what CloudWatch was asked and
 * what that cost, where the prices came from, and every collection note (none is dropped).
 */
final class CollectionSummary {
    private static final String INDENT = "    ";

    private CollectionSummary() {}

    /** "3 GPU nodes, 3 GPUs, 3 GPU pods, 1 NodePool" for one cluster. */
    static String found(ClusterSnapshot c) {
        int gpus = c.nodes().stream().mapToInt(n -> n.gpus().size()).sum();
        return plural(c.nodes().size(), "GPU node") + ", " + plural(gpus, "GPU") + ", " + plural(c.workloads().size(), "GPU pod")
                + ", " + plural(c.nodePools().size(), "NodePool");
    }

    static String render(CollectionResult r, List<CollectionNote> priceNotes, AnalysisReport report) {
        StringBuilder out = new StringBuilder();
        ClusterSnapshot c = r.snapshot().clusters().get(0);
        out.append("Collected: cluster ").append(c.name()).append(" (").append(c.region()).append("): ").append(found(c))
                .append("; GPU metrics from ").append(r.telemetrySource()).append('\n');
        out.append(cost(r.cost())).append('\n');
        out.append("Prices: ").append(prices(report)).append('\n');
        List<CollectionNote> notes = new java.util.ArrayList<>(r.notes());
        notes.addAll(priceNotes);
        if (notes.isEmpty()) {
            out.append("Collection notes: none\n");
        } else {
            out.append("Collection notes (").append(notes.size()).append("):\n");
            for (CollectionNote n : notes) {
                out.append(INDENT).append(n.severity()).append(' ').append(n.item()).append(": ").append(n.message()).append('\n');
            }
        }
        return out.toString();
    }

    /** GetMetricData is billed per metric requested; ListMetrics counts against the free API requests. */
    static String cost(TelemetryCost t) {
        if (t.metricsRequested() == 0 && t.listMetricsCalls() == 0) return "CloudWatch: nothing requested (no GPU node)";
        return String.format(Locale.US, "CloudWatch cost of this run: $%.5f (%,d metrics requested at $0.01 per 1,000: %,d datapoints "
                        + "in %s, the minimum being %d; %s, free tier)", t.getMetricDataUsd(), t.metricsRequested(), t.datapoints(),
                plural(t.requests(), "GetMetricData request"), t.minimumRequests(), plural(t.listMetricsCalls(), "ListMetrics call"));
    }

    /** Every price source the recommendations used, once each. */
    static String prices(AnalysisReport report) {
        List<String> sources = report.recommendations().stream().map(Recommendation::savings).filter(Objects::nonNull)
                .map(s -> TableReport.source(s.price().source())).distinct().toList();
        return sources.isEmpty() ? "no price was needed or known" : String.join("; ", sources);
    }

    private static String plural(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
