package dev.slicewise.functions.web;

import static dev.slicewise.approve.StatusPages.escape;

import dev.slicewise.approve.Action;
import dev.slicewise.approve.ReviewPage;
import dev.slicewise.notify.MessageComposer;
import dev.slicewise.plan.PlanStep;
import dev.slicewise.recommend.GpuEvidence;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Risk;
import dev.slicewise.workflow.StatusChange;
import dev.slicewise.workflow.StoredRecommendation;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained review page (no scripts, inline CSS, an inline SVG chart of each GPU's p95 utilization): what is
 * proposed, savings, why, risks, the exact plan, the evidence, the history, and — when the link allows it — one
 * button that POSTs the decision. Stands in until the report module's renderer is wired.
 */
public final class BasicReviewPage implements ReviewPage {

    @Override
    public String render(StoredRecommendation rec, Form form) {
        Recommendation r = rec.recommendation();
        StringBuilder h = new StringBuilder(8192);
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"robots\" content=\"noindex, nofollow\">")
                .append("<title>Slicewise · ").append(escape(r.cluster() + "/" + r.nodePool())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2933}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #cbd2d9;padding:.25rem .5rem;text-align:left}")
                .append(".status{display:inline-block;padding:.1rem .5rem;border-radius:.25rem;background:#e4e7eb}")
                .append("button{font-size:1.1rem;padding:.5rem 1.5rem;border:0;border-radius:.3rem;color:#fff;cursor:pointer}")
                .append("#approve{background:#1f7a4d}#reject{background:#a61b1b}pre{background:#f5f7fa;padding:.5rem;overflow:auto}")
                .append("</style></head><body>");
        h.append("<h1>").append(escape(capital(MessageComposer.sharing(r.sharing())))).append(" for NodePool <code>")
                .append(escape(r.nodePool())).append("</code> in cluster <code>").append(escape(r.cluster())).append("</code></h1>");
        h.append("<p>Status: <span class=\"status\" id=\"status\">").append(rec.status()).append("</span> · record <code>")
                .append(escape(rec.id())).append("</code> · links valid until ").append(escape(rec.expiresAt().toString())).append("</p>");

        h.append("<h2>Savings</h2><p id=\"savings\">");
        if (r.savings() == null) {
            h.append("Unknown: no price for ").append(escape(r.instanceType())).append('.');
        } else {
            h.append("<strong>").append(MessageComposer.money(r.savings().monthlySavings())).append(" per month</strong>: ")
                    .append(r.before().nodes()).append(" → ").append(r.after().nodes()).append(' ').append(escape(r.instanceType()))
                    .append(" nodes (").append(r.before().gpus()).append(" → ").append(r.after().gpus()).append(" GPUs), ")
                    .append(MessageComposer.money(r.savings().monthlyBefore())).append(" → ")
                    .append(MessageComposer.money(r.savings().monthlyAfter())).append(" at ")
                    .append(String.format(Locale.US, "$%s/h", stripZeros(r.savings().price().usdPerHour()))).append(" (")
                    .append(escape(r.savings().price().source().kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
            if (r.savings().price().source().detail() != null) h.append(": ").append(escape(r.savings().price().source().detail()));
            h.append("), ").append(Math.round(r.savings().hoursPerMonth())).append(" h/month.");
            if (r.savings().note() != null) h.append(" ").append(escape(r.savings().note()));
        }
        h.append("</p>");

        list(h, "Why", "why", r.reasons());
        list(h, "Risks", "risks", r.risks().stream().map(k -> k.severity() + " · " + label(k) + ": " + k.text()).toList());

        h.append("<h2>Plan</h2><ol id=\"plan\">");
        for (PlanStep s : r.plan().steps()) {
            h.append("<li>").append(escape(s.describe()));
            if (s instanceof PlanStep.DevicePluginConfig c) h.append("<pre>").append(escape(c.yaml())).append("</pre>");
            if (s instanceof PlanStep.MigConfig m && m.migPartedYaml() != null) h.append("<pre>").append(escape(m.migPartedYaml())).append("</pre>");
            h.append("</li>");
        }
        h.append("</ol>");
        list(h, "Warnings", "warnings", r.plan().warnings());
        list(h, "Rollback", "rollback", r.plan().rollback());

        h.append("<h2>Evidence</h2>").append(chart(r.evidence()));
        h.append("<table id=\"evidence\"><tr><th>Node</th><th>GPU</th><th>Verdict</th><th>p95 util %</th><th>peak memory MiB</th><th>coverage</th></tr>");
        for (GpuEvidence e : r.evidence()) {
            var ev = e.verdict().evidence();
            h.append("<tr><td>").append(escape(e.node())).append("</td><td>").append(escape(e.device())).append("</td><td>")
                    .append(escape(e.verdict().getClass().getSimpleName())).append(": ").append(escape(e.verdict().reason()))
                    .append("</td><td>").append(num(ev == null ? Double.NaN : ev.p95UtilPct())).append("</td><td>")
                    .append(num(ev == null ? Double.NaN : ev.peakMemMiB())).append("</td><td>")
                    .append(ev == null ? "–" : Math.round(ev.coverage() * 100) + " %").append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>History</h2><ul id=\"history\">");
        for (StatusChange c : rec.history()) {
            h.append("<li>").append(escape(c.at().toString())).append(" · ").append(c.to()).append(" · ").append(escape(c.summary()))
                    .append(c.by() == null ? "" : " (" + escape(c.by()) + ")").append("</li>");
        }
        h.append("</ul>");

        if (form != null) {
            boolean approve = form.action() == Action.APPROVE;
            h.append("<form method=\"post\" action=\"").append(escape(form.actionPath())).append("\">")
                    .append("<input type=\"hidden\" name=\"").append(Form.TOKEN_FIELD).append("\" value=\"").append(escape(form.token())).append("\">")
                    .append("<button type=\"submit\" id=\"").append(approve ? "approve" : "reject").append("\">")
                    .append(approve ? "Approve and apply" : "Reject").append("</button></form>")
                    .append("<p>Nothing has changed yet: only this button records the decision.</p>");
        } else {
            h.append("<p id=\"readonly\">This page is read-only.</p>");
        }
        return h.append("</body></html>\n").toString();
    }

    /** Horizontal bars: each GPU's p95 utilization, 0–100 %. */
    static String chart(List<GpuEvidence> evidence) {
        int rowH = 22;
        int height = Math.max(1, evidence.size()) * rowH + 20;
        StringBuilder s = new StringBuilder("<svg id=\"chart\" role=\"img\" aria-label=\"p95 GPU utilization per GPU\" width=\"600\" height=\"")
                .append(height).append("\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\">");
        int y = 0;
        for (GpuEvidence e : evidence) {
            var ev = e.verdict().evidence();
            double p95 = ev == null ? Double.NaN : ev.p95UtilPct();
            s.append("<text x=\"0\" y=\"").append(y + 15).append("\">").append(escape(e.node() + "/" + e.device())).append("</text>");
            if (Double.isFinite(p95)) {
                s.append("<rect x=\"220\" y=\"").append(y + 4).append("\" height=\"14\" width=\"")
                        .append(Math.round(Math.max(0, Math.min(100, p95)) * 3.5)).append("\" fill=\"#3e7cb1\"/>")
                        .append("<text x=\"").append(230 + Math.round(Math.max(0, Math.min(100, p95)) * 3.5)).append("\" y=\"").append(y + 15)
                        .append("\">").append(num(p95)).append(" %</text>");
            } else {
                s.append("<text x=\"220\" y=\"").append(y + 15).append("\">no data</text>");
            }
            y += rowH;
        }
        return s.append("<text x=\"220\" y=\"").append(y + 15).append("\">0 %</text><text x=\"555\" y=\"").append(y + 15)
                .append("\">100 %</text></svg>").toString();
    }

    private static void list(StringBuilder h, String title, String id, List<String> items) {
        if (items.isEmpty()) return;
        h.append("<h2>").append(title).append("</h2><ul id=\"").append(id).append("\">");
        items.forEach(i -> h.append("<li>").append(escape(i)).append("</li>"));
        h.append("</ul>");
    }

    private static String label(Risk k) {
        return k.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.US, "%.1f", v) : "–";
    }

    private static String stripZeros(double v) {
        java.math.BigDecimal b = java.math.BigDecimal.valueOf(v).stripTrailingZeros();
        return (b.scale() < 2 ? b.setScale(2) : b).toPlainString();
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
