package dev.slicewise.functions.it;

import dev.slicewise.apply.ApplierSettings;
import dev.slicewise.kube.apply.ApplierRuntime;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The one part of the whole loop that is not production code: a mock API server has no kubelet, device plugin or
 * Karpenter, so the applier's waits tick the applier's own simulated controllers ({@link KubeApi#sim()}) instead of
 * sleeping, and its mount probe asks them what the device plugin's mount holds instead of exec'ing into a pod. The
 * applier itself — re-check, dry-run, server-side apply, journal, verification of the advertised capacity, rollback —
 * runs unchanged. Selected only by {@link Profiles.RealParts}.
 */
@Alternative
@Dependent
public class SimulatedControllers {

    @Produces
    @Singleton
    ApplierRuntime simulated() {
        // short timeouts: the simulated controllers settle within a few ticks, a hang should fail the test quickly
        Duration t = Duration.ofSeconds(30);
        return new ApplierRuntime(d -> KubeApi.sim().sleep(d),
                (client, target) -> (node, component, name, content) -> KubeApi.sim().carries(node, component, name, content),
                new ApplierSettings(ApplierSettings.FIELD_MANAGER, Duration.ofSeconds(10), t, t, t, t, t, 3));
    }
}
