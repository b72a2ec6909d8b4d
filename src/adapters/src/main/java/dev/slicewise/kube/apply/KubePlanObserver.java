package dev.slicewise.kube.apply;

import dev.slicewise.apply.ApprovedPlan;
import dev.slicewise.apply.ApprovedPlanCodec;
import dev.slicewise.apply.DevicePluginTarget;
import dev.slicewise.apply.PlanObserver;
import dev.slicewise.fleet.DevicePluginSetup;
import dev.slicewise.kube.KubeConnections;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.workflow.ClusterObserver;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The analysis-time half of "compute → store → re-check → apply": reads, with the analyze function's read-only
 * Kubernetes access, every object the recommendation's plan touches and keeps its fingerprint ({@link PlanObserver}),
 * so the apply refuses the plan when someone changed any of them between analysis and approval. The result is the
 * applier's own {@link ApprovedPlan} JSON, stored with the recommendation.
 */
public final class KubePlanObserver implements ClusterObserver {
    private static final System.Logger LOG = System.getLogger(KubePlanObserver.class.getName());

    private final KubeConnections clusters;

    public KubePlanObserver(KubeConnections clusters) {
        this.clusters = Objects.requireNonNull(clusters, "clusters");
    }

    /**
     * @return null when the device plugin's deployment is unknown (the apply then refuses: it cannot know what to
     *         write); Kubernetes API failures propagate, so the pool's analysis is retried
     */
    @Override
    public String observe(Recommendation r, DevicePluginSetup devicePlugin, Instant now, Instant expiresAt) {
        if (devicePlugin == null || devicePlugin.mode() == DevicePluginSetup.Mode.UNKNOWN) {
            LOG.log(Level.WARNING, "recommendation {0}: the device plugin''s deployment on {1} is unknown; not observed, it cannot be applied",
                    r.id(), r.cluster());
            return null;
        }
        try (KubernetesClient client = clusters.open(r.cluster())) {
            String policy = devicePlugin.mode() == DevicePluginSetup.Mode.GPU_OPERATOR ? clusterPolicy(client) : null;
            DevicePluginTarget target = DevicePluginTarget.forPlan(devicePlugin, r.plan(), policy);
            ApprovedPlan observed = PlanObserver.observe(client, r, target, now, Duration.between(now, expiresAt));
            return ApprovedPlanCodec.write(observed);
        }
    }

    /** The GPU Operator runs one ClusterPolicy; its name is whatever the chart (or the admin) gave it. */
    private static String clusterPolicy(KubernetesClient client) {
        List<GenericKubernetesResource> policies = client.genericKubernetesResources("nvidia.com/v1", "ClusterPolicy").list().getItems();
        return policies.isEmpty() ? null : policies.get(0).getMetadata().getName();
    }
}
