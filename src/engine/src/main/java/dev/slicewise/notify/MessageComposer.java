package dev.slicewise.notify;

import dev.slicewise.approve.Links;
import dev.slicewise.plan.PlanStep;
import dev.slicewise.pricing.Savings;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Risk;
import dev.slicewise.recommend.Sharing;
import dev.slicewise.workflow.ApplyOutcome;
import dev.slicewise.workflow.StoredRecommendation;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the messages: what is proposed, what it saves, why, what could go wrong, and the links — once as plain text
 * for email, once as a chat notification. Pure: everything shown comes from the stored recommendation.
 */
public final class MessageComposer {
    /** Chat descriptions stay short (Slack truncates long sections); the page has everything. */
    static final int CHAT_ITEMS = 3;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public Notification created(StoredRecommendation stored, Links links) {
        Recommendation r = stored.recommendation();
        int freed = r.before().nodes() - r.after().nodes();
        String saving = r.savings() == null ? "unknown (no price for " + r.instanceType() + ")" : money(r.savings().monthlySavings()) + "/month";
        String gain = r.savings() == null ? "frees " + freed + " node" + (freed == 1 ? "" : "s") : "saves " + saving;
        String subject = "Slicewise: " + shortSharing(r.sharing()) + " on " + r.cluster() + "/" + r.nodePool() + " " + gain;

        StringBuilder t = new StringBuilder();
        t.append("Slicewise recommends ").append(sharing(r.sharing())).append(" for NodePool \"").append(r.nodePool())
                .append("\" in cluster \"").append(r.cluster()).append("\" (").append(r.region()).append(", ")
                .append(r.instanceType()).append(", ").append(r.gpuModel()).append(").\n\n");
        t.append("Savings: ").append(saving).append('\n');
        t.append("  ").append(r.before().nodes()).append(" -> ").append(r.after().nodes()).append(' ').append(r.instanceType())
                .append(" nodes (").append(r.before().gpus()).append(" -> ").append(r.after().gpus()).append(" GPUs)");
        if (r.savings() != null) t.append(priceLine(r.savings()));
        t.append('\n');
        if (r.savings() != null && r.savings().note() != null) t.append("  ").append(r.savings().note()).append('\n');
        section(t, "Why", r.reasons());
        section(t, "Risks", r.risks().stream().map(MessageComposer::risk).toList());
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < r.plan().steps().size(); i++) steps.add((i + 1) + ". " + r.plan().steps().get(i).describe());
        if (!steps.isEmpty()) {
            t.append("\nPlan (nothing changes before someone approves):\n");
            steps.forEach(s -> t.append("  ").append(s).append('\n'));
        }
        section(t, "Warnings", r.plan().warnings());
        section(t, "Rollback", r.plan().rollback());
        t.append("\nApprove: ").append(links.approve()).append('\n');
        t.append("Reject:  ").append(links.reject()).append('\n');
        t.append("Review the plan, evidence and charts: ").append(links.view()).append("\n\n");
        t.append("Opening a link changes nothing: it shows the review page, whose button records the decision.\n");
        t.append("The links expire ").append(WHEN.format(links.expiresAt())).append(". Record ").append(stored.id())
                .append(" (recommendation ").append(r.id()).append("), triggered by ").append(stored.trigger()).append(".\n");

        String sms = "Slicewise: " + shortSharing(r.sharing()) + " on " + r.cluster() + "/" + r.nodePool() + " " + gain
                + ". Review: " + links.view();

        StringBuilder d = new StringBuilder();
        d.append('*').append(capitalise(sharing(r.sharing()))).append("* for NodePool `").append(r.nodePool()).append("` (")
                .append(r.instanceType()).append(", ").append(r.gpuModel()).append("): ").append(r.before().nodes())
                .append(" → ").append(r.after().nodes()).append(" nodes, *").append(r.savings() == null ? "savings " + saving : saving).append("*");
        if (r.savings() != null) d.append(" at ").append(rate(r.savings())).append(" (").append(source(r.savings())).append(")");
        d.append(".\n");
        chatList(d, "Why", r.reasons());
        chatList(d, "Risks", r.risks().stream().map(MessageComposer::risk).toList());
        d.append("Links expire ").append(WHEN.format(links.expiresAt())).append(". Opening a link changes nothing.");

        Map<String, String> ctx = context(stored);
        ctx.put("Savings", saving);
        ChatNotification chat = new ChatNotification("slicewise-" + stored.id(),
                new ChatNotification.Content(":money_with_wings: Slicewise: " + (r.savings() == null ? gain : "save " + saving)
                        + " on " + r.cluster() + " / " + r.nodePool(), d.toString(),
                        List.of(slackLink(links.view(), "Review") + " the plan, evidence and charts",
                                slackLink(links.approve(), "Approve") + " (confirm on the page; Slicewise then applies the plan)",
                                slackLink(links.reject(), "Reject")),
                        List.of("slicewise", r.cluster(), r.nodePool(), kind(r.sharing()))),
                new ChatNotification.Metadata(thread(r), "Slicewise recommendation for " + r.cluster() + "/" + r.nodePool(),
                        "SlicewiseRecommendationCreated", List.of(), ctx));
        return new Notification(Notification.Kind.RECOMMENDATION_CREATED, subject, t.toString(), sms, chat);
    }

    /** "Nothing to do" for a pool, sent only when the installation asks for it. */
    public Notification nothingToDo(Recommendation r) {
        String why = r.sharing() instanceof Sharing.Unchanged u ? u.why() : String.join(" ", r.reasons());
        String subject = "Slicewise: nothing to change on " + r.cluster() + "/" + r.nodePool();
        StringBuilder t = new StringBuilder();
        t.append("Slicewise analysed NodePool \"").append(r.nodePool()).append("\" in cluster \"").append(r.cluster())
                .append("\" (").append(r.instanceType()).append(") and recommends no change.\n\n").append(why).append('\n');
        section(t, "Details", r.reasons());
        t.append("\nYou receive this because notifications for \"nothing to do\" are switched on.\n");
        ChatNotification chat = new ChatNotification("slicewise-noop-" + r.id(),
                new ChatNotification.Content(":white_check_mark: Slicewise: nothing to change on " + r.cluster() + " / " + r.nodePool(),
                        why, null, List.of("slicewise", r.cluster(), r.nodePool())),
                new ChatNotification.Metadata(thread(r), "No change for " + r.cluster() + "/" + r.nodePool(),
                        "SlicewiseNothingToDo", List.of(), Map.of("Cluster", r.cluster(), "NodePool", r.nodePool())));
        return new Notification(Notification.Kind.NOTHING_TO_DO, subject, t.toString(), subject, chat);
    }

    /** The outcome of an apply; {@code view} is a fresh read-only link, or null when none can be made. */
    public Notification outcome(StoredRecommendation stored, ApplyOutcome outcome, URI view) {
        return outcome(stored, outcome, view, null);
    }

    /**
     * The outcome of an apply or of a rollback on request.
     *
     * @param rollback a link to the page with the Roll back button (only for an applied change), or null
     */
    public Notification outcome(StoredRecommendation stored, ApplyOutcome outcome, URI view, URI rollback) {
        Recommendation r = stored.recommendation();
        String verb = switch (outcome) {
            case ApplyOutcome.Applied a -> "applied";
            case ApplyOutcome.RolledBack b -> "rolled back";
            case ApplyOutcome.Failed f -> "FAILED";
        };
        String emoji = switch (outcome) {
            case ApplyOutcome.Applied a -> ":white_check_mark:";
            case ApplyOutcome.RolledBack b -> ":leftwards_arrow_with_hook:";
            case ApplyOutcome.Failed f -> ":rotating_light:";
        };
        String subject = "Slicewise: " + shortSharing(r.sharing()) + " on " + r.cluster() + "/" + r.nodePool() + " " + verb;
        StringBuilder t = new StringBuilder();
        t.append("The approved recommendation for NodePool \"").append(r.nodePool()).append("\" in cluster \"")
                .append(r.cluster()).append("\" was ").append(verb).append(".\n\n").append(outcome.summary()).append('\n');
        section(t, "Details", outcome.details());
        if (outcome instanceof ApplyOutcome.Failed) {
            t.append("\nA person must check the cluster: the failure could not be undone automatically, or the apply could not start.\n");
        }
        if (view != null) t.append("\nRecord: ").append(view).append('\n');
        if (rollback != null) t.append("Roll back (opens the page; the button there undoes the change): ").append(rollback).append('\n');
        t.append("Record ").append(stored.id()).append(" (recommendation ").append(r.id()).append(").\n");

        StringBuilder d = new StringBuilder(outcome.summary()).append('\n');
        chatList(d, "Details", outcome.details());
        Map<String, String> ctx = context(stored);
        ctx.put("Outcome", outcome.status().name());
        ChatNotification chat = new ChatNotification("slicewise-outcome-" + stored.id(),
                new ChatNotification.Content(emoji + " Slicewise " + verb + ": " + sharing(r.sharing()) + " on " + r.cluster()
                        + " / " + r.nodePool(), d.toString().strip(),
                        nextSteps(view, rollback),
                        List.of("slicewise", r.cluster(), r.nodePool(), outcome.status().name().toLowerCase(Locale.ROOT))),
                new ChatNotification.Metadata(thread(r), "Slicewise " + verb + " on " + r.cluster() + "/" + r.nodePool(),
                        "SlicewiseApplyOutcome", List.of(), ctx));
        return new Notification(Notification.Kind.APPLY_OUTCOME, subject, t.toString(), subject, chat);
    }

    private static List<String> nextSteps(URI view, URI rollback) {
        List<String> steps = new java.util.ArrayList<>();
        if (view != null) steps.add(slackLink(view, "View") + " the record");
        if (rollback != null) steps.add(slackLink(rollback, "Roll back") + " from its page");
        return steps.isEmpty() ? null : steps;
    }

    public static String sharing(Sharing s) {
        return switch (s) {
            case Sharing.TimeSlicing ts -> "time-slicing (" + ts.replicas() + " replicas per GPU)";
            case Sharing.Mig m -> "MIG (" + m.strategy() + " strategy, config " + m.migConfigName() + ")";
            case Sharing.Unchanged u -> "no change";
        };
    }

    /** For subjects (at most 100 characters): MIG without its config name. */
    static String shortSharing(Sharing s) {
        return s instanceof Sharing.Mig m ? "MIG (" + m.strategy() + " strategy)" : sharing(s);
    }

    static String kind(Sharing s) {
        return switch (s) {
            case Sharing.TimeSlicing ts -> "time-slicing";
            case Sharing.Mig m -> "mig";
            case Sharing.Unchanged u -> "unchanged";
        };
    }

    /** US-style dollars with cents: {@code $1,468.76}. */
    public static String money(double usd) {
        return String.format(Locale.US, "$%,.2f", usd);
    }

    private static String rate(Savings s) {
        java.math.BigDecimal p = java.math.BigDecimal.valueOf(s.price().usdPerHour()).setScale(4, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros();
        if (p.scale() < 2) p = p.setScale(2);
        return "$" + p.toPlainString() + "/h per node";
    }

    private static String source(Savings s) {
        String d = s.price().source().detail();
        return s.price().source().kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + (d == null || d.isBlank() ? "" : ": " + d);
    }

    private static String priceLine(Savings s) {
        return " at " + rate(s) + " (" + source(s) + "), " + (int) Math.round(s.hoursPerMonth()) + " h/month: "
                + money(s.monthlyBefore()) + " -> " + money(s.monthlyAfter());
    }

    private static String risk(Risk k) {
        return k.severity() + " " + k.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + k.text();
    }

    private static void section(StringBuilder t, String title, List<String> lines) {
        if (lines.isEmpty()) return;
        t.append('\n').append(title).append(":\n");
        for (String l : lines) t.append("  - ").append(l).append('\n');
    }

    private static void chatList(StringBuilder d, String title, List<String> lines) {
        if (lines.isEmpty()) return;
        d.append('*').append(title).append(":*\n");
        lines.stream().limit(CHAT_ITEMS).forEach(l -> d.append("• ").append(l).append('\n'));
        if (lines.size() > CHAT_ITEMS) d.append("• … and ").append(lines.size() - CHAT_ITEMS).append(" more on the review page\n");
    }

    /** Slack mrkdwn link (client-markdown passes the chat client's own markdown through). */
    private static String slackLink(URI uri, String text) {
        return "<" + uri + "|" + text + ">";
    }

    private static String thread(Recommendation r) {
        return "slicewise-" + r.cluster() + "-" + r.nodePool();
    }

    private static Map<String, String> context(StoredRecommendation s) {
        Recommendation r = s.recommendation();
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("Cluster", r.cluster());
        ctx.put("NodePool", r.nodePool());
        ctx.put("Instance type", r.instanceType());
        ctx.put("Nodes", r.before().nodes() + " → " + r.after().nodes());
        ctx.put("Record", s.id());
        return ctx;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Plan steps as one line each, for pages and logs. */
    public static List<String> describe(List<PlanStep> steps) {
        return steps.stream().map(PlanStep::describe).toList();
    }

    static String when(Instant i) {
        return WHEN.format(i);
    }
}
