package dev.slicewise.aws.secrets;

import dev.slicewise.approve.SigningKey;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The approval-link signing key from Secrets Manager (the stack generates it: 64 random characters). Fetched on first
 * use, then kept for the life of the execution environment — never at construction, so it is not read during the
 * SnapStart snapshot and a restored function fetches it itself.
 */
public final class SecretsManagerSigningKey implements SigningKey {
    private final SecretsManagerClient secrets;
    private final String secretId;
    private volatile byte[] key;

    public SecretsManagerSigningKey(SecretsManagerClient secrets, String secretId) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.secretId = Objects.requireNonNull(secretId, "secretId");
    }

    @Override
    public byte[] bytes() {
        byte[] k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    String s = secrets.getSecretValue(r -> r.secretId(secretId)).secretString();
                    if (s == null || s.length() < 32) {
                        throw new IllegalStateException("secret " + secretId + " must hold a string of at least 32 characters");
                    }
                    key = s.getBytes(StandardCharsets.UTF_8);
                }
                k = key;
            }
        }
        return k.clone();
    }
}
