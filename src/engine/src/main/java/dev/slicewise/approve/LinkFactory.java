package dev.slicewise.approve;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/** Builds the signed view / approve / reject links under the approval endpoint's base URL (the Function URL). */
public final class LinkFactory {
    private final URI base;
    private final ApprovalTokens tokens;

    public LinkFactory(URI base, ApprovalTokens tokens) {
        Objects.requireNonNull(base, "base");
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        if (this.base.getScheme() == null || this.base.getHost() == null) {
            throw new IllegalArgumentException("approval base URL must be absolute: " + base);
        }
    }

    public Links links(String recordId, Instant expiresAt) {
        return new Links(link(recordId, Action.VIEW, expiresAt), link(recordId, Action.APPROVE, expiresAt),
                link(recordId, Action.REJECT, expiresAt), expiresAt);
    }

    /** One signed link: {@code <base>/r/<recordId>/<action>?t=<token>}. */
    public URI link(String recordId, Action action, Instant expiresAt) {
        LinkTarget target = new LinkTarget(recordId, action);
        if (LinkTarget.parse(target.path()).isEmpty()) throw new IllegalArgumentException("record id is not URL-safe: " + recordId);
        // base64url tokens and the "v1." prefix need no percent-encoding
        return URI.create(base + target.path() + "?t=" + tokens.issue(recordId, action, expiresAt));
    }
}
