package dev.slicewise.kube.apply;

import dev.slicewise.apply.ApplierSettings;
import dev.slicewise.apply.DevicePluginTarget;
import dev.slicewise.apply.MountedConfigProbe;
import dev.slicewise.apply.PodExecMountedConfigProbe;
import dev.slicewise.apply.Waiter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * What the applier waits with and how it looks into the NVIDIA pods: in a Lambda, real sleeps and the exec probe;
 * in the whole-loop test, the applier's simulated controllers (a mock API server has no kubelet or device plugin).
 *
 * @param probes   the mount probe for a cluster's client and device-plugin target
 * @param settings timeouts; an apply must finish within the apply function's timeout
 */
public record ApplierRuntime(Waiter waiter, BiFunction<KubernetesClient, DevicePluginTarget, MountedConfigProbe> probes,
                             ApplierSettings settings) {
    public ApplierRuntime {
        Objects.requireNonNull(waiter, "waiter");
        Objects.requireNonNull(probes, "probes");
        Objects.requireNonNull(settings, "settings");
    }

    /** Thread sleeps and the pod-exec probe. */
    public static ApplierRuntime live(ApplierSettings settings) {
        return new ApplierRuntime(Waiter.threadSleep(), PodExecMountedConfigProbe::forTarget, settings);
    }
}
