package dev.slicewise.aws.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.aws.testing.MotoClients;
import dev.slicewise.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecretsManagerSigningKeyIT {
    @BeforeEach
    void reset() {
        MotoServer.shared().reset();
    }

    @Test
    void readsTheSecretOnFirstUseOnlyAndKeepsIt() {
        // built before the secret exists: construction (SnapStart init) must not read it
        SecretsManagerSigningKey key = new SecretsManagerSigningKey(MotoClients.secrets(), "slicewise/key");
        String value = "k".repeat(64);
        MotoClients.secrets().createSecret(r -> r.name("slicewise/key").secretString(value));
        assertThat(key.bytes()).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
        MotoClients.secrets().deleteSecret(r -> r.secretId("slicewise/key").forceDeleteWithoutRecovery(true));
        assertThat(key.bytes()).isEqualTo(value.getBytes(StandardCharsets.UTF_8)); // cached
    }

    @Test
    void aShortSecretIsRefusedByName() {
        MotoClients.secrets().createSecret(r -> r.name("weak").secretString("short"));
        assertThatThrownBy(() -> new SecretsManagerSigningKey(MotoClients.secrets(), "weak").bytes())
                .hasMessageContaining("secret weak must hold a string of at least 32 characters");
    }
}
