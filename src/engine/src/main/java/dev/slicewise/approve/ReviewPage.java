package dev.slicewise.approve;

import dev.slicewise.workflow.StoredRecommendation;

/**
 * Port: renders the review page a link opens (plan, savings, why, risks, evidence/charts). Rendering never changes
 * anything: the page's button POSTs the form back with the link's token. Adapter: the report module's renderer.
 */
public interface ReviewPage {

    /**
     * @param form the button to show, or null for a read-only page (view link, or a recommendation that is no longer
     *             pending)
     */
    String render(StoredRecommendation record, Form form);

    /**
     * One {@code <form method="post">}: {@code actionPath} is relative to the endpoint ({@code /r/<id>/approve}) and the
     * token goes in a hidden field named {@code t}.
     */
    record Form(Action action, String actionPath, String token) {
        public static final String TOKEN_FIELD = "t";
    }
}
