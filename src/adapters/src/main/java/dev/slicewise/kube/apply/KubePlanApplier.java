package dev.slicewise.kube.apply;

import dev.slicewise.apply.Applier;
import dev.slicewise.apply.ApplyJournal;
import dev.slicewise.apply.ApplyRecord;
import dev.slicewise.apply.ApprovedPlan;
import dev.slicewise.apply.ApprovedPlanCodec;
import dev.slicewise.catalog.Catalog;
import dev.slicewise.kube.KubeConnections;
import dev.slicewise.workflow.ApplyOutcome;
import dev.slicewise.workflow.PlanApplier;
import dev.slicewise.workflow.Status;
import dev.slicewise.workflow.StatusChange;
import dev.slicewise.workflow.StoredRecommendation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The workflow's applier port on the real {@link Applier}: the plan approved is the one observed at analysis time
 * (stored with the record), journalled under the record's id in a journal that outlives the invocation, so the apply
 * re-checks the cluster against what the analysis saw, a second apply of the same record writes nothing, and a later
 * invocation can roll it back. A Kubernetes client is opened per call (EKS DescribeCluster + a fresh IAM token).
 */
public final class KubePlanApplier implements PlanApplier {
    private final KubeConnections clusters;
    private final Catalog catalog;
    private final ApplyJournal journal;
    private final ApplierRuntime runtime;
    private final Clock clock;

    public KubePlanApplier(KubeConnections clusters, Catalog catalog, ApplyJournal journal, ApplierRuntime runtime, Clock clock) {
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ApplyOutcome apply(StoredRecommendation approved) {
        if (approved.observed() == null) {
            return new ApplyOutcome.Failed("Not applied, nothing changed: the cluster was not observed when this recommendation"
                    + " was computed (how its device plugin is deployed was unknown), so Slicewise cannot tell whether it changed since.",
                    List.of());
        }
        String approvedBy = approved.lastChangeTo(Status.APPROVED).map(StatusChange::by).orElse(null);
        ApprovedPlan plan = ApprovedPlanCodec.read(approved.observed()).approvedAs(approved.id(), approvedBy);
        try (KubernetesClient client = clusters.open(approved.cluster());
             Applier applier = applier(client, plan)) {
            return ApplyOutcomes.ofApply(applier.apply(plan, false));
        }
    }

    @Override
    public ApplyOutcome rollback(StoredRecommendation applied) {
        Optional<ApplyRecord> last = journal.forPlan(applied.id()).stream()
                .filter(r -> r.state() == ApplyRecord.State.APPLIED).reduce((a, b) -> b);
        if (last.isEmpty()) {
            return new ApplyOutcome.Applied("Rollback refused, nothing changed: no apply of this recommendation wrote anything"
                    + " (the cluster already was as planned), so there is nothing of it to undo.", List.of());
        }
        ApprovedPlan plan = applied.observed() == null ? null : ApprovedPlanCodec.read(applied.observed());
        try (KubernetesClient client = clusters.open(applied.cluster());
             Applier applier = applier(client, plan)) {
            return ApplyOutcomes.ofRollback(applier.rollback(last.get().applyId()));
        }
    }

    private Applier applier(KubernetesClient client, ApprovedPlan plan) {
        return new Applier(client, catalog, journal, plan == null ? (node, component, name, content) -> false
                : runtime.probes().apply(client, plan.devicePlugin()), clock, runtime.waiter(), runtime.settings());
    }
}
