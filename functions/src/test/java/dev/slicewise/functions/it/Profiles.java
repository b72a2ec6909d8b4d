package dev.slicewise.functions.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** One Quarkus test application per handler, as one Lambda function per handler (QUARKUS_LAMBDA_HANDLER). */
public final class Profiles {
    private Profiles() {}

    public static class Schedule implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "schedule");
        }
    }

    public static class Analyze implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "analyze");
        }
    }

    public static class Approval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "approval");
        }
    }

    public static class Apply implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "apply");
        }
    }
}
