package dev.slicewise.functions.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

class JBossLoggingManagerTest {
    @Test
    void isFoundByPowertoolsAndMapsLevelsBothWays() {
        assertThat(ServiceLoader.load(LoggingManager.class).stream().map(p -> p.type().getName()))
                .contains(JBossLoggingManager.class.getName());
        for (org.slf4j.event.Level l : org.slf4j.event.Level.values()) {
            assertThat(JBossLoggingManager.fromJul(JBossLoggingManager.toJul(l))).isEqualTo(l);
        }
    }
}
