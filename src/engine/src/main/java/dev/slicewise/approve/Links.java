package dev.slicewise.approve;

import java.net.URI;
import java.time.Instant;

/** The three one-click links of a recommendation notice; all stop working at {@code expiresAt}. */
public record Links(URI view, URI approve, URI reject, Instant expiresAt) {}
