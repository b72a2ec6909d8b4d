package dev.slicewise.approve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LinksTest {
    final ApprovalTokens tokens = new ApprovalTokens(() -> "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    final Instant expiry = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void threeLinksUnderTheFunctionUrlEachWithItsOwnToken() {
        Links l = new LinkFactory(URI.create("https://abc123.lambda-url.us-east-1.on.aws/"), tokens).links("r-1a2b", expiry);
        assertThat(l.approve().toString()).startsWith("https://abc123.lambda-url.us-east-1.on.aws/r/r-1a2b/approve?t=v1.");
        assertThat(l.reject().getPath()).isEqualTo("/r/r-1a2b/reject");
        assertThat(l.view().getPath()).isEqualTo("/r/r-1a2b/view");
        String approveToken = l.approve().getQuery().substring(2);
        assertThat(tokens.check(approveToken, "r-1a2b", Action.APPROVE, expiry.minusSeconds(1))).isInstanceOf(TokenCheck.Valid.class);
        assertThat(tokens.check(approveToken, "r-1a2b", Action.REJECT, expiry.minusSeconds(1))).isInstanceOf(TokenCheck.Rejected.class);
        assertThat(l.expiresAt()).isEqualTo(expiry);
    }

    @Test
    void parsesOnlyWellFormedPaths() {
        assertThat(LinkTarget.parse("/r/r-1a2b/approve")).contains(new LinkTarget("r-1a2b", Action.APPROVE));
        assertThat(LinkTarget.parse("/r/r-1a2b/view/")).contains(new LinkTarget("r-1a2b", Action.VIEW));
        assertThat(LinkTarget.parse("/r/r-1a2b/delete")).isEmpty();
        assertThat(LinkTarget.parse("/r/../etc/approve")).isEmpty();
        assertThat(LinkTarget.parse("/r/a%2Fb/approve")).isEmpty();
        assertThat(LinkTarget.parse("/")).isEmpty();
        assertThat(LinkTarget.parse(null)).isEmpty();
    }

    @Test
    void refusesABaseUrlThatIsNotAbsoluteAndIdsThatAreNotUrlSafe() {
        assertThatThrownBy(() -> new LinkFactory(URI.create("/relative"), tokens)).isInstanceOf(IllegalArgumentException.class);
        LinkFactory f = new LinkFactory(URI.create("https://x.example"), tokens);
        assertThatThrownBy(() -> f.links("r 1/2", expiry)).isInstanceOf(IllegalArgumentException.class);
    }
}
