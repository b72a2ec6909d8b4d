package dev.slicewise.cli;

import dev.slicewise.apply.ApprovedPlan;
import dev.slicewise.apply.ApprovedPlanCodec;
import dev.slicewise.apply.DevicePluginTarget;
import dev.slicewise.apply.PlanObserver;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.fleet.ClusterSnapshot;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.recommend.Recommendation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code analyze --cluster … --plan-dir DIR}: one {@link ApprovedPlan} file per actionable recommendation, with every
 * object the plan touches captured right after the analysis ({@link PlanObserver}), so {@code apply} can refuse the
 * plan when the cluster changed in between. Running {@code apply} on the file is the approval.
 */
final class PlanFiles {
    private PlanFiles() {}

    /** @return the files written; a recommendation whose plan cannot be captured is named on stderr and skipped */
    static List<Path> write(KubernetesClient client, AnalysisReport report, FleetSnapshot snapshot, Path dir, Instant now,
                            Duration validity, SlicewiseCommand root, PrintWriter err) throws IOException {
        List<Recommendation> actionable = report.recommendations().stream().filter(Recommendation::actionable).toList();
        if (actionable.isEmpty()) {
            root.info(err, "no plan written to " + dir + ": nothing to recommend");
            return List.of();
        }
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Recommendation rec : actionable) {
            String what = rec.cluster() + "/" + (rec.nodePool() == null ? "(no pool)" : rec.nodePool()) + " " + rec.instanceType();
            ClusterSnapshot cluster = snapshot.clusters().stream().filter(c -> c.name().equals(rec.cluster())).findFirst().orElse(null);
            ApprovedPlan plan;
            try {
                DevicePluginTarget target = DevicePluginTarget.forPlan(client, cluster == null ? null : cluster.devicePlugin(), rec.plan());
                plan = PlanObserver.observe(client, rec, target, now, validity);
            } catch (IllegalArgumentException e) {
                err.println("slicewise: no plan file for " + what + ": " + e.getMessage());
                continue;
            }
            Path file = dir.resolve(plan.planId() + ".json");
            Files.writeString(file, ApprovedPlanCodec.write(plan), StandardCharsets.UTF_8);
            written.add(file);
            root.info(err, "wrote the plan for " + what + " (" + TableReport.strategy(rec.sharing()) + ", nodes " + rec.before().nodes()
                    + " -> " + rec.after().nodes() + ") to " + file + "; it expires at " + plan.expiresAt()
                    + ". Review it, then: ./slicewise apply --plan " + file);
        }
        return written;
    }
}
