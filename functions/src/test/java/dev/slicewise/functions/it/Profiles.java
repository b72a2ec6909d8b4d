package dev.slicewise.functions.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * One Quarkus test application per handler, as one Lambda function per handler (QUARKUS_LAMBDA_HANDLER). The handler
 * ITs replace the cluster-side ports with recording fakes; the whole-loop test ({@link RealParts}) runs everything real.
 */
public final class Profiles {
    private Profiles() {}

    /** The handler ITs' profile: the selected handler, and the fakes of the cluster-side ports. */
    abstract static class WithFakes implements QuarkusTestProfile {
        abstract String handler();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", handler());
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(Fakes.Fleet.class, Fakes.Applier.class);
        }
    }

    public static class Schedule extends WithFakes {
        String handler() {
            return "schedule";
        }
    }

    public static class Analyze extends WithFakes {
        String handler() {
            return "analyze";
        }
    }

    public static class Approval extends WithFakes {
        String handler() {
            return "approval";
        }
    }

    public static class Apply extends WithFakes {
        String handler() {
            return "apply";
        }
    }

    /**
     * The whole loop: the approval handler behind the mock event server (the Function URL stand-in posts there), every
     * port real. Only the NVIDIA controllers a mock API server lacks are simulated ({@link SimulatedControllers}), and
     * the telemetry window is the 4 days of probe-derived metrics the test publishes.
     */
    public static class RealParts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "approval", "slicewise.lookback", "P4D");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SimulatedControllers.class);
        }
    }
}
