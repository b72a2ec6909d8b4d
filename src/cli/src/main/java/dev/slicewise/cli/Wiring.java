package dev.slicewise.cli;

import dev.slicewise.apply.Applier;
import dev.slicewise.apply.ApplierSettings;
import dev.slicewise.apply.ApplyJournal;
import dev.slicewise.apply.DevicePluginTarget;
import dev.slicewise.apply.MountedConfigProbe;
import dev.slicewise.apply.PodExecMountedConfigProbe;
import dev.slicewise.apply.Waiter;
import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.engine.Analyzer;
import dev.slicewise.pricing.PriceBook;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the commands take from outside, in one place so tests can replace it: the engine (with the bundled prices, or
 * with a given price book for live clusters), the clock, and how an applier is made. AWS clients and Kubernetes
 * clients are not here: they follow the user's own settings (default credential chain, AWS_ENDPOINT_URL…,
 * kubeconfig), which is exactly what the end-to-end tests set.
 */
record Wiring(Supplier<Analyzer> analyzers, Function<PriceBook, Analyzer> pricedAnalyzers, Clock clock, Appliers appliers) {

    static Wiring production() {
        return new Wiring(Engines::defaultAnalyzer, Engines::pricedAnalyzer, Clock.systemUTC(), Appliers.PRODUCTION);
    }

    /** Makes the applier for one command run; the caller closes it. */
    @FunctionalInterface
    interface Appliers {
        /**
         * @param target where the plan's device-plugin configs live; null for a rollback, which restores before-images
         *               and never waits for a mounted config
         */
        Applier open(KubernetesClient client, DevicePluginTarget target, ApplyJournal journal, Clock clock);

        /** Reads the mounted configs through pods/exec, sleeps for real, the applier's default timeouts. */
        Appliers PRODUCTION = (client, target, journal, clock) -> new Applier(client, BundledCatalog.get(), journal,
                target == null ? NO_PROBE : PodExecMountedConfigProbe.forTarget(client, target), clock, Waiter.threadSleep(),
                ApplierSettings.defaults());
    }

    /** A rollback never probes a mount; if that changes, say so loudly rather than guess. */
    static final MountedConfigProbe NO_PROBE = (node, component, name, content) -> {
        throw new IllegalStateException("a rollback does not wait for mounted configs");
    };
}
