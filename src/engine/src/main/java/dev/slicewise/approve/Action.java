package dev.slicewise.approve;

import java.util.Locale;
import java.util.Optional;

/** What a one-click link lets its holder do. Each link's token is bound to exactly one action. */
public enum Action {
    /** Show the review page; never changes anything. */
    VIEW,
    /** Approve the recommendation (POST only): it becomes eligible for apply. */
    APPROVE,
    /** Reject the recommendation (POST only). */
    REJECT,
    /**
     * Undo an applied recommendation (POST only; GET shows the page with the Roll back button). Only the apply
     * function writes to the cluster: the approval endpoint records the request and hands it on over the bus.
     */
    ROLLBACK;

    /** The lower-case name used in link paths and tokens ({@code approve}). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Action> fromWire(String s) {
        for (Action a : values()) if (a.wire().equals(s)) return Optional.of(a);
        return Optional.empty();
    }
}
