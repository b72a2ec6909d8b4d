package dev.slicewise.testkit;

import dev.slicewise.testing.MotoServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(MotoPerClass.class)}: the JVM-wide moto server (started on first use on a free loopback port,
 * stopped with the JVM — see {@link MotoServer}) with its state reset before each test class, injectable as a
 * {@link MotoServer} parameter. For the SNS/DynamoDB/EventBridge tests of other modules, via this module's test-jar.
 */
public final class MotoPerClass implements BeforeAllCallback, ParameterResolver {
    @Override
    public void beforeAll(ExtensionContext context) {
        MotoServer.shared().reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return MotoServer.shared();
    }
}
