package dev.slicewise.report;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** Which page the renderer makes of a report: the local file, or the approval page behind the one-click link. */
public sealed interface Page {

    /** The whole analysis, for {@code ./slicewise … --html FILE}: every pool, no controls, no token. */
    record LocalReport() implements Page {}

    /**
     * One recommendation with its Approve / Reject controls. Viewing it (GET) changes nothing: the buttons submit a
     * {@code <form method="post">} carrying {@code formToken} in a hidden field named {@value #TOKEN_FIELD} — the only
     * token in the page source — and {@code decision=approve|reject}. No JavaScript is needed to decide.
     *
     * @param approveAction absolute http(s) URL the Approve button posts to
     * @param rejectAction  absolute http(s) URL the Reject button posts to
     * @param formToken     single-use token the handler checks on POST (never a long-lived credential)
     * @param expiresAt     when the link stops working (shown to the reader)
     * @param status        where the recommendation is in its life; only {@link ApprovalStatus#PENDING} shows buttons
     * @param statusDetail  one line for the reader ("approved by … at …"), or null
     * @param rollbackAction absolute http(s) URL (carrying its own rollback-bound token) the Roll back button posts to,
     *                      shown only when the status is {@link ApprovalStatus#APPLIED}; null: no Roll back button
     */
    record ApprovalPage(String recommendationId, URI approveAction, URI rejectAction, String formToken,
                        Instant expiresAt, ApprovalStatus status, String statusDetail, URI rollbackAction) implements Page {
        public static final String TOKEN_FIELD = "token";
        public static final String DECISION_FIELD = "decision";

        public ApprovalPage {
            Objects.requireNonNull(recommendationId, "recommendationId");
            Objects.requireNonNull(status, "status");
            requireHttp("approveAction", approveAction);
            requireHttp("rejectAction", rejectAction);
            if (rollbackAction != null) requireHttp("rollbackAction", rollbackAction);
            if (status == ApprovalStatus.PENDING && (formToken == null || formToken.isBlank())) {
                throw new IllegalArgumentException("a pending approval page needs a form token");
            }
        }

        /** Without a Roll back button. */
        public ApprovalPage(String recommendationId, URI approveAction, URI rejectAction, String formToken,
                            Instant expiresAt, ApprovalStatus status, String statusDetail) {
            this(recommendationId, approveAction, rejectAction, formToken, expiresAt, status, statusDetail, null);
        }

        // The actions end up in HTML attributes: an absolute http(s) URL only, so a javascript: or data: URL
        // can never become a button's target, whatever produced it.
        private static void requireHttp(String what, URI uri) {
            Objects.requireNonNull(uri, what);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                throw new IllegalArgumentException(what + " must be an absolute http(s) URL: " + uri);
            }
        }
    }

    /** Where a recommendation is between notification and the applied change. */
    enum ApprovalStatus {
        PENDING("Waiting for a decision"),
        APPROVED("Approved — being applied"),
        APPLIED("Applied"),
        REJECTED("Rejected"),
        EXPIRED("Expired — the link is no longer valid"),
        FAILED("Applying failed — see the detail"),
        ROLLING_BACK("Rollback requested — being rolled back"),
        ROLLED_BACK("Rolled back");

        private final String label;

        ApprovalStatus(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
