package dev.slicewise.workflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Opaque, URL-safe record ids. */
final class Ids {
    private Ids() {}

    /**
     * {@code r-} + 24 hex digits of SHA-256(recommendation id, trigger id): the same trigger (a retried or redriven
     * event) yields the same record, another trigger a new one.
     */
    static String recordId(String recommendationId, String triggerId) {
        return "r-" + sha256(recommendationId + "\n" + triggerId).substring(0, 24);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
