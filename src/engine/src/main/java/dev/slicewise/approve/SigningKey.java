package dev.slicewise.approve;

/**
 * Port: the secret key the approval tokens are signed with (adapter: AWS Secrets Manager, fetched on first use and
 * cached — never during a SnapStart snapshot, so a restored function does not carry a key it should re-read).
 */
@FunctionalInterface
public interface SigningKey {
    /** At least 32 bytes of key material. */
    byte[] bytes();
}
