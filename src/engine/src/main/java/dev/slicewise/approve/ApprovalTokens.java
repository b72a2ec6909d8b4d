package dev.slicewise.approve;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the tokens of the one-click links: HMAC-SHA256 over (record id, action, expiry), so a token
 * works for one recommendation, one action and a limited time, and nobody without the key can make one.
 *
 * <p>Format: {@code v1.<base64url(payload)>.<base64url(mac)>} (no padding) with payload
 * {@code <recordId>\n<action>\n<expiry epoch seconds>}. The payload travels in the token (rather than only in the
 * link's path) so a refusal can say precisely what is wrong — another recommendation, another action, expired —
 * while any change to a single byte still fails the signature. The MAC input is prefixed with a purpose label so
 * the key can never be used to forge any other kind of Slicewise signature. Comparison is constant-time.
 */
public final class ApprovalTokens {
    static final String VERSION = "v1";
    private static final String PURPOSE = "slicewise/approval-link/v1\n";
    private static final int MAX_TOKEN_CHARS = 1024;
    private static final int MIN_KEY_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SigningKey key;

    public ApprovalTokens(SigningKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** A token letting its holder perform {@code action} on record {@code recordId} until {@code expiresAt}. */
    public String issue(String recordId, Action action, Instant expiresAt) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (recordId == null || recordId.isEmpty() || recordId.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("record id must be non-empty and on one line: " + recordId);
        }
        byte[] payload = (recordId + "\n" + action.wire() + "\n" + expiresAt.getEpochSecond()).getBytes(StandardCharsets.UTF_8);
        return VERSION + "." + B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
    }

    /**
     * Checks {@code token} for the record and action the link names. The signature is checked before anything in
     * the payload is believed; then the binding to the record and the action; then the expiry ({@code now} at or
     * after the expiry is expired).
     */
    public TokenCheck check(String token, String recordId, Action action, Instant now) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return malformed();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) return malformed();
        byte[] payload;
        byte[] mac;
        try {
            payload = B64D.decode(parts[1]);
            mac = B64D.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return malformed();
        }
        if (!MessageDigest.isEqual(mac, mac(payload))) {
            return new TokenCheck.Rejected(TokenCheck.Reason.BAD_SIGNATURE,
                    "This link's signature is not valid: it was altered or was not issued by this Slicewise installation.");
        }
        String[] fields = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (fields.length != 3) return malformed();
        Action signedAction = Action.fromWire(fields[1]).orElse(null);
        long expiry;
        try {
            expiry = Long.parseLong(fields[2]);
        } catch (NumberFormatException e) {
            return malformed();
        }
        if (signedAction == null) return malformed();
        if (!fields[0].equals(recordId)) {
            return new TokenCheck.Rejected(TokenCheck.Reason.OTHER_RECOMMENDATION,
                    "This link's token belongs to another recommendation.");
        }
        if (signedAction != action) {
            return new TokenCheck.Rejected(TokenCheck.Reason.OTHER_ACTION,
                    "This link's token allows '" + signedAction.wire() + "', not '" + action.wire() + "'.");
        }
        Instant expiresAt = Instant.ofEpochSecond(expiry);
        if (!now.isBefore(expiresAt)) {
            return new TokenCheck.Rejected(TokenCheck.Reason.EXPIRED, "This link expired at " + expiresAt + ".");
        }
        return new TokenCheck.Valid(recordId, action, expiresAt);
    }

    private static TokenCheck.Rejected malformed() {
        return new TokenCheck.Rejected(TokenCheck.Reason.MALFORMED, "This link's token is not a Slicewise approval token.");
    }

    private byte[] mac(byte[] payload) {
        byte[] k = key.bytes();
        if (k == null || k.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("approval signing key must have at least " + MIN_KEY_BYTES + " bytes, has "
                    + (k == null ? 0 : k.length));
        }
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(k, "HmacSHA256"));
            m.update(PURPOSE.getBytes(StandardCharsets.UTF_8));
            return m.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
