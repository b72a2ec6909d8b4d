package dev.slicewise.functions.web;

import dev.slicewise.approve.ReviewPage;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.fleet.Window;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.report.Page;
import dev.slicewise.report.ReportRenderer;
import dev.slicewise.workflow.AnalysisContext;
import dev.slicewise.workflow.StatusChange;
import dev.slicewise.workflow.StoredRecommendation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The review page from the report module's renderer: the recommendation with its charts (from the stored analysis
 * context), and Approve / Reject while it may be decided; its status once decided; for the view link the same page
 * without controls; once applied, a Roll back button for links that may act on the record.
 */
public final class ReportReviewPage implements ReviewPage {
    private final Clock clock;

    public ReportReviewPage(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String render(StoredRecommendation rec, Controls controls) {
        AnalysisContext ctx = context(rec);
        if (controls == null || (!controls.decidable() && pending(rec))) {
            return ReportRenderer.render(ctx.report(), ctx.snapshot(), new Page.LocalReport());
        }
        Page.ApprovalStatus status = controls.decidable() ? Page.ApprovalStatus.PENDING : status(rec);
        String detail = controls.decidable() ? null : detail(rec.lastChange());
        return ReportRenderer.render(ctx.report(), ctx.snapshot(), new Page.ApprovalPage(rec.recommendation().id(),
                controls.approve(), controls.reject(), controls.formToken(), rec.expiresAt(), status, detail, controls.rollback()));
    }

    private boolean pending(StoredRecommendation rec) {
        return rec.status() == dev.slicewise.workflow.Status.PENDING && !rec.expired(clock.instant());
    }

    private Page.ApprovalStatus status(StoredRecommendation rec) {
        return switch (rec.status()) {
            case PENDING -> rec.expired(clock.instant()) ? Page.ApprovalStatus.EXPIRED : Page.ApprovalStatus.PENDING;
            case APPROVED, APPLYING -> Page.ApprovalStatus.APPROVED;
            case APPLIED -> Page.ApprovalStatus.APPLIED;
            case REJECTED -> Page.ApprovalStatus.REJECTED;
            case ROLLBACK_REQUESTED, ROLLING_BACK -> Page.ApprovalStatus.ROLLING_BACK;
            case ROLLED_BACK -> Page.ApprovalStatus.ROLLED_BACK;
            case FAILED -> Page.ApprovalStatus.FAILED;
        };
    }

    private static String detail(StatusChange c) {
        return c.summary() + (c.by() == null ? "" : " — " + c.by()) + ", " + c.at();
    }

    /** The stored context, or (records stored without one) a report of just the recommendation, without charts. */
    static AnalysisContext context(StoredRecommendation rec) {
        AnalysisContext c = rec.context();
        Recommendation r = rec.recommendation();
        if (c != null && c.report().recommendations().stream().anyMatch(x -> x.id().equals(r.id()))) return c;
        Window w = new Window(rec.createdAt().minus(Duration.ofDays(7)), rec.createdAt(), Duration.ofHours(1));
        return new AnalysisContext(new AnalysisReport(rec.createdAt(), w, AnalysisPolicy.DEFAULT, List.of(r), List.of()), null);
    }
}
