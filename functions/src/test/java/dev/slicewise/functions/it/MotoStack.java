package dev.slicewise.functions.it;

import dev.slicewise.aws.testing.SlicewiseStack;
import dev.slicewise.testing.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the functions at the shared moto server through the AWS SDK's standard settings (the same code path as in
 * Lambda, where the environment supplies region, credentials and endpoints) and gives them the stack's resource names.
 * The approval links point at {@link FunctionUrlBridge}, which plays the Function URL in front of the mock event server.
 */
public class MotoStack implements QuarkusTestResourceLifecycleManager {
    /** The signing key the stack stores in Secrets Manager, so tests can sign (and forge) links themselves. */
    public static final String SIGNING_KEY = "test-signing-key-0123456789abcdef0123456789abcdef";
    public static final String APPLY_ROLE = "arn:aws:iam::123456789012:role/slicewise-rechecks";

    private static SlicewiseStack stack;

    /** Empties moto and recreates the stack (same names, same key) — call before each test. */
    public static SlicewiseStack reset() {
        MotoServer.shared().reset();
        stack = SlicewiseStack.create(SIGNING_KEY);
        return stack;
    }

    public static SlicewiseStack stack() {
        return stack;
    }

    @Override
    public Map<String, String> start() {
        MotoServer moto = MotoServer.shared();
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        System.setProperty("aws.region", MotoServer.REGION);
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
        SlicewiseStack s = reset();
        return Map.ofEntries(
                Map.entry("slicewise.table", s.table()),
                Map.entry("slicewise.topic-arn", s.topicArn()),
                Map.entry("slicewise.bus-name", s.busName()),
                Map.entry("slicewise.bus-arn", s.busArn()),
                Map.entry("slicewise.signing-secret", s.secretId()),
                Map.entry("slicewise.approval-url", FunctionUrlBridge.shared().base().toString()),
                Map.entry("slicewise.clusters", "prod-eks,staging"),
                Map.entry("slicewise.scheduler-group", s.scheduleGroup()),
                Map.entry("slicewise.scheduler-role-arn", APPLY_ROLE),
                Map.entry("slicewise.apply-lease", "PT10M"));
    }

    @Override
    public void stop() {
        // the moto server is shared by the JVM and stops with it
    }
}
