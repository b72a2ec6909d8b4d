package dev.slicewise.report;

import dev.slicewise.detect.DetectionPolicy;
import dev.slicewise.detect.Evidence;
import dev.slicewise.detect.Verdict;
import dev.slicewise.fleet.Window;
import dev.slicewise.recommend.GpuEvidence;
import dev.slicewise.telemetry.GpuMetrics;
import dev.slicewise.telemetry.UsageSeries;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One small multiple per GPU: hourly average utilization with a band up to the hourly maximum, the underuse threshold
 * ({@link DetectionPolicy#maxP95UtilPct()}), the GPU's p95; below it the hourly peak framebuffer use against the
 * GPU's capacity and the peak-memory threshold. Hours without data are hatched, never interpolated.
 */
final class UtilizationChart {
    static final double W = 300;
    private static final double L = 32;
    private static final double R = 50;
    private static final double PW = W - L - R;
    private static final double UTIL_TOP = 12;
    private static final double UTIL_H = 84;
    private static final double MEM_TOP = 112;
    private static final double MEM_H = 36;
    static final double H = 166;

    private UtilizationChart() {}

    /** Writes the panel (chart + the evidence numbers beside it) for one GPU. */
    static void panel(Html h, Ids ids, GpuEvidence gpu, Optional<GpuMetrics> metrics, Window window, DetectionPolicy policy) {
        h.open("div", "class", "gpu-panel", "data-node", gpu.node(), "data-device", gpu.device(),
                "data-verdict", verdictKey(gpu.verdict()));
        h.el("p", gpu.node() + " · " + gpu.device(), "class", "panel-title");
        chart(h, ids, gpu, metrics, window, policy);
        evidence(h, gpu.verdict(), policy);
        h.close("div");
    }

    static void chart(Html h, Ids ids, GpuEvidence gpu, Optional<GpuMetrics> metrics, Window window, DetectionPolicy policy) {
        Evidence ev = gpu.verdict().evidence();
        UsageSeries util = metrics.map(GpuMetrics::util).orElse(null);
        UsageSeries mem = metrics.map(GpuMetrics::memUsedMiB).orElse(null);
        double cap = ev.memCapacityMiB() > 0 ? ev.memCapacityMiB() : mem == null ? 0 : SnapshotIndex.peak(mem).orElse(0);
        int gapHours = util == null ? window.points() : util.length() - util.presentPoints();

        String titleId = ids.next();
        String descId = ids.next();
        boolean empty = util == null || util.presentPoints() == 0;
        h.open("svg", "class", "util-chart" + (empty ? " no-data" : ""), "viewBox", "0 0 " + Fmt.n(W) + " " + Fmt.n(H),
                "role", "img", "aria-labelledby", titleId + " " + descId, "data-node", gpu.node(), "data-device", gpu.device(),
                "data-points", util == null ? "0" : Integer.toString(util.presentPoints()), "preserveAspectRatio", "xMidYMid meet");
        h.el("title", "GPU " + gpu.device() + " on " + gpu.node() + ": hourly utilization and framebuffer memory, "
                + Fmt.day(window.start()) + " to " + Fmt.day(window.end()), "id", titleId);
        h.el("desc", "p95 of hourly average utilization " + Fmt.pct(ev.p95UtilPct()) + " against the underuse threshold "
                + Fmt.pct(policy.maxP95UtilPct()) + "; highest hourly maximum " + Fmt.pct(ev.maxUtilPct())
                + "; peak memory " + Fmt.gib(ev.peakMemMiB()) + " of " + Fmt.gib(cap) + "; "
                + Fmt.plural(gapHours, "hour", "hours") + " without data.", "id", descId);

        // plot areas
        h.empty("rect", "class", "plot-bg", "x", Fmt.n(L), "y", Fmt.n(UTIL_TOP), "width", Fmt.n(PW), "height", Fmt.n(UTIL_H));
        h.empty("rect", "class", "plot-bg", "x", Fmt.n(L), "y", Fmt.n(MEM_TOP), "width", Fmt.n(PW), "height", Fmt.n(MEM_H));
        timeAxis(h, window);
        axisLabel(h, L - 3, UTIL_TOP + 4, "100%", "end");
        axisLabel(h, L - 3, UTIL_TOP + UTIL_H, "0", "end");
        axisLabel(h, L - 3, MEM_TOP + 4, cap > 0 ? String.format(java.util.Locale.US, "%.0fG", cap / 1024) : "?", "end");
        axisLabel(h, L - 3, MEM_TOP + MEM_H, "0", "end");

        if (empty) {
            h.empty("rect", "class", "gap", "x", Fmt.n(L), "y", Fmt.n(UTIL_TOP), "width", Fmt.n(PW),
                    "height", Fmt.n(MEM_TOP + MEM_H - UTIL_TOP), "fill", "url(#sw-gap)");
            h.el("text", "no telemetry for this GPU", "x", Fmt.n(L + PW / 2), "y", Fmt.n(UTIL_TOP + UTIL_H / 2),
                    "text-anchor", "middle", "class", "no-data-label");
        } else {
            gaps(h, util, window);
            band(h, util, window);
            lines(h, "util-avg", util.avg(), util, window, 100, UTIL_TOP, UTIL_H, Palette.UTIL_LINE);
            if (mem != null && cap > 0 && mem.presentPoints() > 0) {
                lines(h, "mem-peak", mem.max(), mem, window, cap, MEM_TOP, MEM_H, Palette.MEM_LINE);
            }
        }
        h.el("text", "GPU utilization", "x", Fmt.n(L + 3), "y", Fmt.n(UTIL_TOP + 10), "class", "axis-label in-plot");
        h.el("text", "framebuffer memory", "x", Fmt.n(L + 3), "y", Fmt.n(MEM_TOP + 10), "class", "axis-label in-plot");
        // thresholds and the p95 marker are drawn last so the data never hides them
        double ty = y(policy.maxP95UtilPct(), 100, UTIL_TOP, UTIL_H);
        h.empty("line", "class", "threshold util-threshold", "x1", Fmt.n(L), "x2", Fmt.n(L + PW), "y1", Fmt.n(ty), "y2", Fmt.n(ty),
                "stroke", Palette.THRESHOLD, "stroke-width", "1.2", "stroke-dasharray", "5 3",
                "data-value", Fmt.n(policy.maxP95UtilPct()));
        h.el("text", "threshold " + Fmt.pct(policy.maxP95UtilPct()), "x", Fmt.n(L + PW - 2), "y", Fmt.n(ty - 3),
                "text-anchor", "end", "class", "threshold-label in-plot", "fill", Palette.THRESHOLD_TEXT);
        if (!Double.isNaN(ev.p95UtilPct())) {
            double py = y(ev.p95UtilPct(), 100, UTIL_TOP, UTIL_H);
            h.empty("line", "class", "p95-marker", "x1", Fmt.n(L + PW), "x2", Fmt.n(L + PW + 6), "y1", Fmt.n(py), "y2", Fmt.n(py),
                    "stroke", Palette.TEXT, "stroke-width", "2");
            h.el("text", "p95 " + Fmt.n(Math.round(ev.p95UtilPct())), "x", Fmt.n(L + PW + 8), "y", Fmt.n(py + 3.5),
                    "class", "marker-label");
        }
        if (cap > 0) {
            double memLimit = policy.maxPeakMemFraction() * cap;
            double my = y(memLimit, cap, MEM_TOP, MEM_H);
            h.empty("line", "class", "threshold mem-threshold", "x1", Fmt.n(L), "x2", Fmt.n(L + PW), "y1", Fmt.n(my), "y2", Fmt.n(my),
                    "stroke", Palette.THRESHOLD, "stroke-width", "1.2", "stroke-dasharray", "5 3");
            if (!Double.isNaN(ev.peakMemMiB())) {
                double py = y(ev.peakMemMiB(), cap, MEM_TOP, MEM_H);
                h.empty("line", "class", "peak-marker", "x1", Fmt.n(L + PW), "x2", Fmt.n(L + PW + 6), "y1", Fmt.n(py), "y2", Fmt.n(py),
                        "stroke", Palette.TEXT, "stroke-width", "2");
                h.el("text", "peak", "x", Fmt.n(L + PW + 8), "y", Fmt.n(py + 3.5), "class", "marker-label");
            }
        }
        h.close("svg");
    }

    /** The numbers beside the chart. */
    static void evidence(Html h, Verdict verdict, DetectionPolicy policy) {
        Evidence ev = verdict.evidence();
        h.open("dl", "class", "evidence");
        h.open("div").el("dt", "verdict").open("dd").el("span", verdictLabel(verdict), "class", "badge " + verdictTone(verdict))
                .close("dd").close("div");
        pair(h, "p95 / limit", Fmt.pct(ev.p95UtilPct()) + " / " + Fmt.pct(policy.maxP95UtilPct()));
        pair(h, "median", Fmt.pct(ev.p50UtilPct()));
        pair(h, "highest hour", Fmt.pct(ev.maxUtilPct()));
        pair(h, "peak memory", Fmt.gib(ev.peakMemMiB()).replace(Fmt.NBSP + "GiB", "") + " / " + Fmt.gib(ev.memCapacityMiB()));
        pair(h, "memory used", ev.memCapacityMiB() > 0 && !Double.isNaN(ev.peakMemMiB())
                ? Fmt.pct(100 * ev.peakMemMiB() / ev.memCapacityMiB()) + " / " + Fmt.pct(100 * policy.maxPeakMemFraction()) : "n/a");
        pair(h, "coverage", Fmt.pct(100 * ev.coverage()) + " · " + ev.points() + Fmt.NBSP + "h");
        h.close("dl");
        h.el("p", verdict.reason(), "class", "reason");
    }

    private static void pair(Html h, String term, String value) {
        h.open("div").el("dt", term).el("dd", value).close("div");
    }

    static String verdictKey(Verdict v) {
        return switch (v) {
            case Verdict.Underused u -> "underused";
            case Verdict.Idle i -> "idle";
            case Verdict.Busy b -> "busy";
            case Verdict.InsufficientData d -> "insufficient-data";
            case Verdict.TooYoung y -> "too-young";
        };
    }

    static String verdictLabel(Verdict v) {
        return switch (v) {
            case Verdict.Underused u -> "underused";
            case Verdict.Idle i -> "idle";
            case Verdict.Busy b -> "busy";
            case Verdict.InsufficientData d -> "insufficient data";
            case Verdict.TooYoung y -> "node too young";
        };
    }

    static String verdictTone(Verdict v) {
        return switch (v) {
            case Verdict.Underused u -> "info";
            case Verdict.Idle i -> "good";
            case Verdict.Busy b -> "bad";
            case Verdict.InsufficientData d -> "neutral";
            case Verdict.TooYoung y -> "neutral";
        };
    }

    private static void axisLabel(Html h, double x, double y, String text, String anchor) {
        h.el("text", text, "x", Fmt.n(x), "y", Fmt.n(y), "text-anchor", anchor, "class", "axis-label");
    }

    /** Midnight ticks, labelled with the day of the month (and the month on the first label and on the 1st). */
    private static void timeAxis(Html h, Window window) {
        long days = Math.max(1, window.length().toDays());
        long every = Math.max(1, (days + 7) / 8);
        Instant t = window.start().atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        if (t.isBefore(window.start())) t = t.plus(Duration.ofDays(1));
        int k = 0;
        boolean first = true;
        double freeFrom = 0; // labels never overlap: one starts only right of where the previous ended
        for (; !t.isAfter(window.end()); t = t.plus(Duration.ofDays(1)), k++) {
            double x = x(t, window);
            h.empty("line", "class", "tick", "x1", Fmt.n(x), "x2", Fmt.n(x), "y1", Fmt.n(UTIL_TOP), "y2", Fmt.n(MEM_TOP + MEM_H + 3),
                    "stroke", Palette.BACKGROUND, "stroke-width", "1");
            if (k % every != 0 || x > L + PW - 8) continue;
            int dom = t.atZone(ZoneOffset.UTC).getDayOfMonth();
            String label = first || dom == 1 ? Fmt.day(t) : Integer.toString(dom);
            double width = label.length() * 6.2;
            double left = first ? x : x - width / 2;
            if (left < freeFrom) continue;
            h.el("text", label, "x", Fmt.n(x), "y", Fmt.n(MEM_TOP + MEM_H + 13), "text-anchor", first ? "start" : "middle",
                    "class", "axis-label");
            freeFrom = left + width + 4;
            first = false;
        }
    }

    private static void gaps(Html h, UsageSeries s, Window window) {
        int i = 0;
        while (i < s.length()) {
            if (s.present(i)) { i++; continue; }
            int j = i;
            while (j < s.length() && !s.present(j)) j++;
            double x0 = x(s.start().plus(s.step().multipliedBy(i)), window);
            double x1 = x(s.start().plus(s.step().multipliedBy(j)), window);
            h.empty("rect", "class", "gap", "x", Fmt.n(x0), "y", Fmt.n(UTIL_TOP), "width", Fmt.n(Math.max(0.8, x1 - x0)),
                    "height", Fmt.n(MEM_TOP + MEM_H - UTIL_TOP), "fill", "url(#sw-gap)", "data-hours", Integer.toString(j - i));
            i = j;
        }
    }

    /** The band between the hourly average and the hourly maximum, one polygon per run of hours with data. */
    private static void band(Html h, UsageSeries s, Window window) {
        for (int[] run : runs(s)) {
            if (run[1] - run[0] < 2) continue;
            StringBuilder p = new StringBuilder();
            for (int i = run[0]; i < run[1]; i++) point(p, xMid(s, i, window), y(val(s.max()[i], s.avg()[i]), 100, UTIL_TOP, UTIL_H));
            for (int i = run[1] - 1; i >= run[0]; i--) point(p, xMid(s, i, window), y(s.avg()[i], 100, UTIL_TOP, UTIL_H));
            h.empty("polygon", "class", "util-band", "points", p.toString().trim(), "fill", Palette.UTIL_BAND, "fill-opacity", "0.45");
        }
    }

    /**
     * One polyline per run of hours with data (a gap breaks the line rather than bridging it with a guess); an
     * isolated hour, invisible as a polyline, becomes a dot.
     */
    private static void lines(Html h, String cls, double[] v, UsageSeries s, Window window, double full, double top,
                              double height, String colour) {
        for (int[] run : runs(s)) {
            if (run[1] - run[0] == 1) {
                int i = run[0];
                h.empty("circle", "class", cls, "cx", Fmt.n(xMid(s, i, window)), "cy", Fmt.n(y(val(v[i], s.avg()[i]), full, top, height)),
                        "r", "1.6", "fill", colour);
                continue;
            }
            StringBuilder p = new StringBuilder();
            for (int i = run[0]; i < run[1]; i++) point(p, xMid(s, i, window), y(val(v[i], s.avg()[i]), full, top, height));
            h.empty("polyline", "class", cls, "points", p.toString().trim(), "fill", "none", "stroke", colour,
                    "stroke-width", "1.3", "stroke-linejoin", "round");
        }
    }

    static List<int[]> runs(UsageSeries s) {
        List<int[]> runs = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            if (!s.present(i)) { i++; continue; }
            int j = i;
            while (j < s.length() && s.present(j)) j++;
            runs.add(new int[] {i, j});
            i = j;
        }
        return runs;
    }

    private static double val(double preferred, double fallback) {
        return Double.isNaN(preferred) ? fallback : preferred;
    }

    private static void point(StringBuilder p, double x, double y) {
        p.append(Fmt.n(x)).append(',').append(Fmt.n(y)).append(' ');
    }

    private static double xMid(UsageSeries s, int i, Window window) {
        Instant t = s.start().plus(s.step().multipliedBy(i)).plus(s.step().dividedBy(2));
        return x(t, window);
    }

    static double x(Instant t, Window window) {
        double f = (double) Duration.between(window.start(), t).toSeconds() / window.length().toSeconds();
        return L + Math.max(0, Math.min(1, f)) * PW;
    }

    static double y(double value, double full, double top, double height) {
        double f = full <= 0 ? 0 : Math.max(0, Math.min(1, value / full));
        return top + height * (1 - f);
    }
}
