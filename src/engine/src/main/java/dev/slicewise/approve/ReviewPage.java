package dev.slicewise.approve;

import dev.slicewise.workflow.StoredRecommendation;
import java.net.URI;
import java.util.Objects;

/**
 * Port: renders the review page a link opens (plan, savings, why, risks, charts). Rendering never changes anything:
 * the page's Approve / Reject buttons POST a form to the decision URLs. Adapter: the report module's renderer.
 */
public interface ReviewPage {

    /** @param controls where the buttons post, and whether the reader may decide; null when unknown */
    String render(StoredRecommendation record, Controls controls);

    /**
     * The decision URLs of a recommendation. When the reader may decide, each URL carries its own action-bound token
     * ({@code ?t=…}), so the Approve button can only approve and the Reject button only reject, and {@code formToken}
     * is the token the page also puts in its form; otherwise the URLs carry no token and {@code formToken} is null
     * (read-only: the view link, or a recommendation that is no longer pending).
     *
     * @param rollback where the Roll back button posts (with its own rollback-bound token), or null: only an APPLIED
     *                 recommendation opened through a link that may act on it (approve, reject or rollback) shows it
     */
    record Controls(URI approve, URI reject, String formToken, URI rollback) {
        public static final String TOKEN_PARAMETER = "t";

        public Controls {
            Objects.requireNonNull(approve, "approve");
            Objects.requireNonNull(reject, "reject");
        }

        public Controls(URI approve, URI reject, String formToken) {
            this(approve, reject, formToken, null);
        }

        public boolean decidable() {
            return formToken != null;
        }
    }
}
