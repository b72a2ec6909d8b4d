package dev.slicewise.approve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ApprovalTokensTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final String ID = "r-0123456789abcdef01234567";
    static final Instant EXPIRY = Instant.parse("2025-11-26T10:00:00Z");
    static final Instant BEFORE = EXPIRY.minusSeconds(3600);

    final ApprovalTokens tokens = new ApprovalTokens(() -> KEY);

    @Test
    void matchesAnIndependentlyComputedHmac() {
        // computed with Python's hmac/hashlib/base64 over the documented format, not with this class
        assertThat(tokens.issue(ID, Action.APPROVE, EXPIRY)).isEqualTo(
                "v1.ci0wMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1NjcKYXBwcm92ZQoxNzY0MTUxMjAw.YAM41UNwkfa-e6oSeyJovpNIMbEARiF32en6bQz4hx4");
    }

    @Test
    void aGenuineTokenIsValidForItsRecordAndActionUntilItExpires() {
        String t = tokens.issue(ID, Action.APPROVE, EXPIRY);
        assertThat(tokens.check(t, ID, Action.APPROVE, BEFORE)).isEqualTo(new TokenCheck.Valid(ID, Action.APPROVE, EXPIRY));
        assertThat(tokens.check(t, ID, Action.APPROVE, EXPIRY.minusSeconds(1))).isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void expiresAtTheExpiryInstant() {
        String t = tokens.issue(ID, Action.APPROVE, EXPIRY);
        assertThat(reason(tokens.check(t, ID, Action.APPROVE, EXPIRY))).isEqualTo(TokenCheck.Reason.EXPIRED);
        assertThat(reason(tokens.check(t, ID, Action.APPROVE, EXPIRY.plusSeconds(86_400)))).isEqualTo(TokenCheck.Reason.EXPIRED);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsForged() {
        String forged = new ApprovalTokens(() -> "another-key-another-key-another-k".getBytes(StandardCharsets.UTF_8))
                .issue(ID, Action.APPROVE, EXPIRY);
        assertThat(reason(tokens.check(forged, ID, Action.APPROVE, BEFORE))).isEqualTo(TokenCheck.Reason.BAD_SIGNATURE);
    }

    @Test
    void changingTheRecordIdInsideTheTokenBreaksTheSignature() {
        String t = tokens.issue(ID, Action.APPROVE, EXPIRY);
        String[] p = t.split("\\.");
        String other = "r-ffffffffffffffffffffffff";
        String tampered = p[0] + "." + b64(other + "\napprove\n" + EXPIRY.getEpochSecond()) + "." + p[2];
        assertThat(reason(tokens.check(tampered, other, Action.APPROVE, BEFORE))).isEqualTo(TokenCheck.Reason.BAD_SIGNATURE);
    }

    @Test
    void extendingTheExpiryInsideTheTokenBreaksTheSignature() {
        String t = tokens.issue(ID, Action.APPROVE, BEFORE);
        String[] p = t.split("\\.");
        String tampered = p[0] + "." + b64(ID + "\napprove\n" + EXPIRY.plusSeconds(86_400).getEpochSecond()) + "." + p[2];
        assertThat(reason(tokens.check(tampered, ID, Action.APPROVE, BEFORE.plusSeconds(60)))).isEqualTo(TokenCheck.Reason.BAD_SIGNATURE);
    }

    @Test
    void flippingOneBitOfTheSignatureIsDetected() {
        String t = tokens.issue(ID, Action.APPROVE, EXPIRY);
        String[] p = t.split("\\.");
        byte[] mac = Base64.getUrlDecoder().decode(p[2]);
        mac[mac.length - 1] ^= 1;
        String tampered = p[0] + "." + p[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
        assertThat(reason(tokens.check(tampered, ID, Action.APPROVE, BEFORE))).isEqualTo(TokenCheck.Reason.BAD_SIGNATURE);
    }

    @Test
    void aGenuineTokenOnAnotherRecordsLinkIsRefused() {
        String t = tokens.issue(ID, Action.APPROVE, EXPIRY);
        TokenCheck c = tokens.check(t, "r-aaaaaaaaaaaaaaaaaaaaaaaa", Action.APPROVE, BEFORE);
        assertThat(reason(c)).isEqualTo(TokenCheck.Reason.OTHER_RECOMMENDATION);
    }

    @Test
    void aTokenForAnotherActionIsRefused() {
        String reject = tokens.issue(ID, Action.REJECT, EXPIRY);
        String view = tokens.issue(ID, Action.VIEW, EXPIRY);
        assertThat(reason(tokens.check(reject, ID, Action.APPROVE, BEFORE))).isEqualTo(TokenCheck.Reason.OTHER_ACTION);
        assertThat(reason(tokens.check(view, ID, Action.APPROVE, BEFORE))).isEqualTo(TokenCheck.Reason.OTHER_ACTION);
        assertThat(((TokenCheck.Rejected) tokens.check(view, ID, Action.APPROVE, BEFORE)).message()).contains("'view'", "'approve'");
    }

    @Test
    void garbageIsMalformedNotAnError() {
        for (String g : new String[] {null, "", "abc", "v1.abc", "v2.YQ.YQ", "v1.***.YQ", "v1.YQ.YQ.YQ", "x".repeat(5000)}) {
            assertThat(reason(tokens.check(g, ID, Action.APPROVE, BEFORE))).as(String.valueOf(g)).isEqualTo(TokenCheck.Reason.MALFORMED);
        }
    }

    @Test
    void aCorrectlySignedButIllFormedPayloadIsMalformed() throws Exception {
        // someone holding the key (e.g. a future version) signs two fields only, or an unknown action
        assertThat(reason(tokens.check(signed(ID + "\napprove"), ID, Action.APPROVE, BEFORE))).isEqualTo(TokenCheck.Reason.MALFORMED);
        assertThat(reason(tokens.check(signed(ID + "\ndelete\n" + EXPIRY.getEpochSecond()), ID, Action.APPROVE, BEFORE)))
                .isEqualTo(TokenCheck.Reason.MALFORMED);
        assertThat(reason(tokens.check(signed(ID + "\napprove\nsoon"), ID, Action.APPROVE, BEFORE))).isEqualTo(TokenCheck.Reason.MALFORMED);
    }

    @Test
    void refusesAShortKeyAndMultiLineIds() {
        ApprovalTokens weak = new ApprovalTokens(() -> "short".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> weak.issue(ID, Action.APPROVE, EXPIRY)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> tokens.issue("r-1\napprove", Action.APPROVE, EXPIRY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheKeyOnEveryUseSoItCanBeFetchedLazily() {
        int[] reads = {0};
        ApprovalTokens lazy = new ApprovalTokens(() -> {
            reads[0]++;
            return KEY;
        });
        assertThat(reads[0]).isZero();
        lazy.issue(ID, Action.VIEW, EXPIRY);
        assertThat(reads[0]).isEqualTo(1);
    }

    private static TokenCheck.Reason reason(TokenCheck c) {
        assertThat(c).isInstanceOf(TokenCheck.Rejected.class);
        return ((TokenCheck.Rejected) c).reason();
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String signed(String payload) throws Exception {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(KEY, "HmacSHA256"));
        m.update("slicewise/approval-link/v1\n".getBytes(StandardCharsets.UTF_8));
        byte[] mac = m.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        return "v1." + b64(payload) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }
}
