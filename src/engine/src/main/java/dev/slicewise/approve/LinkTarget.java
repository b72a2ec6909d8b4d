package dev.slicewise.approve;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a link path names: {@code /r/<recordId>/<action>}. The token travels separately (query {@code t} on GET,
 * form field {@code t} on POST).
 */
public record LinkTarget(String recordId, Action action) {
    /** Record ids are opaque and URL-safe by construction; anything else in the path is refused before any look-up. */
    private static final Pattern PATH = Pattern.compile("/r/([A-Za-z0-9._-]{1,128})/([a-z]{1,16})/?");

    public static Optional<LinkTarget> parse(String rawPath) {
        if (rawPath == null) return Optional.empty();
        Matcher m = PATH.matcher(rawPath);
        if (!m.matches()) return Optional.empty();
        return Action.fromWire(m.group(2)).map(a -> new LinkTarget(m.group(1), a));
    }

    public String path() {
        return "/r/" + recordId + "/" + action.wire();
    }
}
