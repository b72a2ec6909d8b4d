package dev.slicewise.report;

import dev.slicewise.fleet.GpuWorkload;
import dev.slicewise.pack.PackingPolicy;
import dev.slicewise.recommend.Sharing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packing, one bar per target GPU, so a reader sees why it fits: time-sliced tenants' peak memory stacked against
 * the GPU's capacity (with the kept-free headroom and the peak of their summed use marked) and their summed p95 GPU
 * time against the packing target; MIG instances laid out in their memory-slice placement slots.
 */
final class PackingChart {
    static final double W = 600;
    private static final double L = 78;
    private static final double BW = W - L - 16;
    private static final Pattern COMPUTE_SLICES = Pattern.compile("^(\\d+)g\\.");

    private PackingChart() {}

    // ---------------------------------------------------------------------------------------------- time-slicing

    record TenantBar(String tenant, String owner, OptionalDouble peakMemMiB) {}

    static void timeSliced(Html h, Ids ids, String cluster, Sharing.SharedGpu gpu, int replicas, PackingPolicy policy,
                           SnapshotIndex index) {
        List<TenantBar> tenants = new ArrayList<>();
        double known = 0;
        boolean allKnown = true;
        for (String t : gpu.tenants()) {
            OptionalDouble peak = index.tenantPeakMemMiB(cluster, t);
            String owner = index.workload(cluster, t).map(GpuWorkload::owner).orElse(null);
            tenants.add(new TenantBar(t, owner, peak));
            if (peak.isPresent()) known += peak.getAsDouble();
            else allKnown = false;
        }
        double cap = gpu.memCapacityMiB();
        // what the engine could not attribute to one tenant is drawn as one hatched "unattributed" part
        double unattributed = allKnown ? 0 : Math.max(0, gpu.peakSummedMemMiB() - known);
        double scaleMax = Math.max(1, Math.max(cap, Math.max(known + unattributed, gpu.peakSummedMemMiB())));
        double headroom = policy.memHeadroomFraction() * cap;

        String titleId = ids.next();
        String descId = ids.next();
        h.open("div", "class", "pack-gpu");
        h.el("p", gpu.node() + " · GPU " + gpu.gpuIndex() + " — " + Fmt.plural(gpu.tenants().size(), "tenant", "tenants")
                + " of " + replicas + " replicas", "class", "panel-title");
        h.open("svg", "class", "ts-gpu", "viewBox", "0 0 " + Fmt.n(W) + " 104", "role", "img",
                "aria-labelledby", titleId + " " + descId, "data-node", gpu.node(), "data-gpu-index", Integer.toString(gpu.gpuIndex()),
                "data-tenant-count", Integer.toString(gpu.tenants().size()));
        h.el("title", gpu.node() + " GPU " + gpu.gpuIndex() + ": " + String.join(", ", gpu.tenants()), "id", titleId);
        h.el("desc", "Peak of the tenants' summed memory " + Fmt.gib(gpu.peakSummedMemMiB()) + " of " + Fmt.gib(cap)
                + ", " + Fmt.pct(100 * policy.memHeadroomFraction()) + " kept free; p95 of their summed GPU time "
                + Fmt.pct(gpu.p95SummedUtilPct()) + " against a target of " + Fmt.pct(policy.targetUtilPct()) + ".", "id", descId);

        // memory row
        double my = 22;
        double mh = 34;
        h.el("text", "memory", "x", Fmt.n(L - 8), "y", Fmt.n(my + mh / 2 + 4), "text-anchor", "end", "class", "row-label");
        h.el("text", "summed peak " + Fmt.gib(gpu.peakSummedMemMiB()) + " of " + Fmt.gib(cap) + " · "
                        + Fmt.pct(100 * policy.memHeadroomFraction()) + " kept free",
                "x", Fmt.n(L), "y", Fmt.n(my - 6), "class", "caption");
        double x = L;
        for (int i = 0; i < tenants.size(); i++) {
            TenantBar t = tenants.get(i);
            if (t.peakMemMiB().isEmpty()) continue;
            double w = BW * t.peakMemMiB().getAsDouble() / scaleMax;
            segment(h, "tenant", x, my, w, mh, Palette.tenant(i), shortName(t.tenant()),
                    t.tenant() + ": peak " + Fmt.gib(t.peakMemMiB().getAsDouble()));
            x += w;
        }
        if (unattributed > 0) {
            double w = BW * unattributed / scaleMax;
            h.open("g", "class", "tenant unattributed");
            h.el("title", "not attributable to one tenant: " + Fmt.gib(unattributed));
            h.empty("rect", "x", Fmt.n(x), "y", Fmt.n(my), "width", Fmt.n(w), "height", Fmt.n(mh), "fill", "url(#sw-gap)",
                    "stroke", Palette.BACKGROUND, "stroke-width", "1.5");
            h.close("g");
        }
        double cx = L + BW * cap / scaleMax;
        double hx = L + BW * (cap - headroom) / scaleMax;
        if (headroom > 0) {
            h.empty("rect", "class", "headroom", "x", Fmt.n(hx), "y", Fmt.n(my), "width", Fmt.n(cx - hx), "height", Fmt.n(mh),
                    "fill", "url(#sw-hatch)", "fill-opacity", "0.9");
        }
        h.empty("rect", "class", "capacity", "x", Fmt.n(L), "y", Fmt.n(my), "width", Fmt.n(cx - L), "height", Fmt.n(mh),
                "fill", "none", "stroke", Palette.TEXT, "stroke-width", "1.5");
        double px = L + BW * gpu.peakSummedMemMiB() / scaleMax;
        h.empty("line", "class", "summed-peak", "x1", Fmt.n(px), "x2", Fmt.n(px), "y1", Fmt.n(my - 3), "y2", Fmt.n(my + mh + 3),
                "stroke", Palette.TEXT, "stroke-width", "2.5");

        // GPU time row
        double uy = 80;
        double uh = 18;
        h.el("text", "GPU time", "x", Fmt.n(L - 8), "y", Fmt.n(uy + uh / 2 + 4), "text-anchor", "end", "class", "row-label");
        h.el("text", "p95 of summed hourly use " + Fmt.pct(gpu.p95SummedUtilPct()) + " · target ≤ " + Fmt.pct(policy.targetUtilPct()),
                "x", Fmt.n(L), "y", Fmt.n(uy - 5), "class", "caption");
        h.empty("rect", "class", "util-fill", "x", Fmt.n(L), "y", Fmt.n(uy),
                "width", Fmt.n(BW * Math.max(0, Math.min(100, gpu.p95SummedUtilPct())) / 100), "height", Fmt.n(uh), "fill", Palette.UTIL_LINE);
        h.empty("rect", "class", "util-capacity", "x", Fmt.n(L), "y", Fmt.n(uy), "width", Fmt.n(BW), "height", Fmt.n(uh),
                "fill", "none", "stroke", Palette.TEXT, "stroke-width", "1");
        double tx = L + BW * policy.targetUtilPct() / 100;
        h.empty("line", "class", "threshold util-target", "x1", Fmt.n(tx), "x2", Fmt.n(tx), "y1", Fmt.n(uy - 3), "y2", Fmt.n(uy + uh + 3),
                "stroke", Palette.THRESHOLD, "stroke-width", "2", "stroke-dasharray", "3 2");
        h.close("svg");

        h.open("ul", "class", "legend");
        for (int i = 0; i < tenants.size(); i++) {
            TenantBar t = tenants.get(i);
            h.open("li");
            h.open("span", "class", "swatch", "aria-hidden", "true",
                    "style", t.peakMemMiB().isPresent() ? "background:" + Palette.tenant(i) : null).close("span");
            h.el("span", t.tenant(), "class", "tenant-name");
            h.text(" — peak " + (t.peakMemMiB().isPresent() ? Fmt.gib(t.peakMemMiB().getAsDouble()) : "not attributable")
                    + (t.owner() == null ? "" : " · " + t.owner()));
            h.close("li");
        }
        h.close("ul");
        h.close("div");
    }

    private static void segment(Html h, String cls, double x, double y, double w, double height, String fill, String label, String title) {
        h.open("g", "class", cls);
        h.el("title", title);
        h.empty("rect", "x", Fmt.n(x), "y", Fmt.n(y), "width", Fmt.n(w), "height", Fmt.n(height), "fill", fill,
                "stroke", Palette.BACKGROUND, "stroke-width", "1.5");
        String fit = fit(label, w - 6, 7.4);
        if (fit != null) {
            h.el("text", fit, "x", Fmt.n(x + 4), "y", Fmt.n(y + height / 2 + 4.5), "class", "bar-label", "fill", Palette.textOn(fill));
        }
        h.close("g");
    }

    // ---------------------------------------------------------------------------------------------- MIG

    static void mig(Html h, Ids ids, Sharing.MigGpu gpu, String gpuModel, java.util.Map<String, Integer> tenantColour) {
        int slots = memorySlices(gpuModel, gpu.slices());
        double sw = BW / slots;
        double x0 = L;
        double top = 22;
        double height = 56;
        int spare = (int) gpu.slices().stream().filter(s -> s.tenant() == null).count();
        int memUsed = gpu.slices().stream().mapToInt(Sharing.MigSlice::memorySlices).sum();
        int computeUsed = 0;
        boolean computeKnown = true;
        for (Sharing.MigSlice s : gpu.slices()) {
            int c = computeSlices(s.profile());
            if (c < 0) computeKnown = false;
            else computeUsed += c;
        }

        String titleId = ids.next();
        String descId = ids.next();
        h.open("div", "class", "pack-gpu");
        h.el("p", gpu.node() + " · GPU " + gpu.gpuIndex() + " — " + Fmt.plural(gpu.slices().size(), "MIG instance", "MIG instances")
                + (spare > 0 ? ", " + spare + " spare" : ""), "class", "panel-title");
        h.open("svg", "class", "mig-gpu", "viewBox", "0 0 " + Fmt.n(W) + " 104", "role", "img",
                "aria-labelledby", titleId + " " + descId, "data-node", gpu.node(), "data-gpu-index", Integer.toString(gpu.gpuIndex()),
                "data-slice-count", Integer.toString(gpu.slices().size()), "data-spare-count", Integer.toString(spare),
                "data-memory-slices", Integer.toString(slots));
        StringBuilder layout = new StringBuilder();
        for (Sharing.MigSlice s : gpu.slices()) {
            if (!layout.isEmpty()) layout.append("; ");
            layout.append(s.profile()).append(" at slice ").append(s.start()).append(": ").append(s.tenant() == null ? "spare" : s.tenant());
        }
        h.el("title", gpu.node() + " GPU " + gpu.gpuIndex() + " MIG layout: " + layout, "id", titleId);
        h.el("desc", "Memory slices used " + memUsed + " of " + slots
                + (computeKnown ? ", compute slices " + computeUsed + " of " + (slots == 4 ? 4 : 7) : "") + ".", "id", descId);
        h.el("text", "slices", "x", Fmt.n(L - 8), "y", Fmt.n(top + height / 2 + 4), "text-anchor", "end", "class", "row-label");
        for (int i = 0; i < slots; i++) {
            h.el("text", Integer.toString(i), "x", Fmt.n(x0 + sw * i + sw / 2), "y", Fmt.n(top - 6), "text-anchor", "middle", "class", "axis-label");
            h.empty("rect", "class", "slot", "x", Fmt.n(x0 + sw * i + 1), "y", Fmt.n(top), "width", Fmt.n(sw - 2), "height", Fmt.n(height),
                    "fill", "none", "stroke", Palette.RULE, "stroke-width", "1", "stroke-dasharray", "3 3");
        }
        for (Sharing.MigSlice s : gpu.slices()) {
            double x = x0 + sw * s.start() + 1.5;
            double w = sw * s.memorySlices() - 3;
            boolean isSpare = s.tenant() == null;
            String fill = isSpare ? "url(#sw-hatch)" : Palette.tenant(tenantColour.computeIfAbsent(s.tenant(), k -> tenantColour.size()));
            String textFill = isSpare ? Palette.TEXT : Palette.textOn(fill);
            h.open("g", "class", "mig-slice" + (isSpare ? " spare" : ""), "data-profile", s.profile(),
                    "data-start", Integer.toString(s.start()), "data-size", Integer.toString(s.memorySlices()));
            h.el("title", s.profile() + " at " + slots(s) + ": "
                    + (isSpare ? "spare (no tenant yet)" : s.tenant()));
            h.empty("rect", "x", Fmt.n(x), "y", Fmt.n(top), "width", Fmt.n(w), "height", Fmt.n(height), "fill", fill,
                    "stroke", Palette.TEXT, "stroke-width", "1.2", "rx", "2");
            String profile = fit(s.profile(), w - 6, 7.4);
            if (profile != null) {
                h.el("text", profile, "x", Fmt.n(x + 5), "y", Fmt.n(top + 21), "class", "bar-label strong", "fill", textFill);
            }
            String tenant = fit(isSpare ? "spare" : shortName(s.tenant()), w - 6, 6.9);
            if (tenant != null) {
                h.el("text", tenant, "x", Fmt.n(x + 5), "y", Fmt.n(top + 42), "class", "bar-label", "fill", textFill);
            }
            h.close("g");
        }
        h.el("text", "compute " + (computeKnown ? computeUsed + "/" + (slots == 4 ? 4 : 7) : "?") + " · memory " + memUsed + "/" + slots
                + " slices", "x", Fmt.n(L), "y", Fmt.n(top + height + 18), "class", "caption");
        h.close("svg");
        h.open("ul", "class", "legend");
        for (Sharing.MigSlice s : gpu.slices()) {
            h.open("li");
            h.open("span", "class", "swatch", "aria-hidden", "true", "style",
                    s.tenant() == null ? null : "background:" + Palette.tenant(tenantColour.get(s.tenant()))).close("span");
            h.el("span", s.tenant() == null ? "spare" : s.tenant(), "class", "tenant-name");
            h.text(" — " + s.profile() + ", " + slots(s));
            h.close("li");
        }
        h.close("ul");
        h.close("div");
    }

    static String slots(Sharing.MigSlice s) {
        return s.memorySlices() == 1 ? "memory slice " + s.start() : "memory slices " + s.start() + "–" + (s.start() + s.memorySlices() - 1);
    }

    /**
     * Memory slices of one GPU: 8 on A100/H100/H200/B200-class parts, 4 on A30 (nvidia-k8s reference §3.1). The
     * record carries only the model key, so the count is derived from it; a layout reaching past it widens the bar
     * rather than drawing outside it.
     */
    static int memorySlices(String gpuModel, List<Sharing.MigSlice> slices) {
        int slots = gpuModel != null && gpuModel.toUpperCase(Locale.ROOT).startsWith("A30") ? 4 : 8;
        for (Sharing.MigSlice s : slices) slots = Math.max(slots, s.start() + s.memorySlices());
        return slots;
    }

    /** Compute slices from the profile name ({@code <compute>g.<memory>gb}, §3.1), -1 when it does not follow it. */
    static int computeSlices(String profile) {
        Matcher m = COMPUTE_SLICES.matcher(profile == null ? "" : profile);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** {@code namespace/pod} → {@code pod}: the bar has little room; the full name is in the title and legend. */
    static String shortName(String tenant) {
        int slash = tenant.lastIndexOf('/');
        return slash >= 0 ? tenant.substring(slash + 1) : tenant;
    }

    /** The label, shortened with an ellipsis to fit {@code width} at about {@code charWidth} per character; null if nothing fits. */
    static String fit(String label, double width, double charWidth) {
        int max = (int) Math.floor(width / charWidth);
        if (max < 3) return null;
        if (label.length() <= max) return label;
        return label.substring(0, max - 1) + "…";
    }
}
