package dev.slicewise.approve;

import java.time.Instant;

/** The result of checking a link's token: valid for exactly the recommendation and action asked, or why not. */
public sealed interface TokenCheck {

    record Valid(String recordId, Action action, Instant expiresAt) implements TokenCheck {}

    /** @param message one sentence for the person who clicked (never echoes the token) */
    record Rejected(Reason reason, String message) implements TokenCheck {}

    enum Reason {
        /** not a Slicewise token at all (wrong shape, bad encoding, too long) */
        MALFORMED,
        /** signed with another key, or any byte of it was changed */
        BAD_SIGNATURE,
        /** a genuine token for a different recommendation than the link names */
        OTHER_RECOMMENDATION,
        /** a genuine token for a different action (e.g. a reject token on the approve link) */
        OTHER_ACTION,
        /** a genuine token past its expiry */
        EXPIRED
    }
}
