package dev.slicewise.cli;

import dev.slicewise.apply.Applier;
import dev.slicewise.apply.ApplyReport;
import dev.slicewise.apply.ApprovedPlan;
import dev.slicewise.apply.ApprovedPlanCodec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Apply a plan file written by `slicewise analyze --cluster … --plan-dir DIR`. Running this command is the "
                        + "approval: read the plan first (its steps, warnings and rollback are in the file and in the report).",
                "The applier re-reads every object the plan touches and refuses a stale plan (expired, nodes gone or re-created, "
                        + "objects edited since the analysis), runs a server-side dry-run of every write, records the "
                        + "before-images in the journal, writes with server-side apply, waits for the NVIDIA device plugin / MIG "
                        + "manager, verifies the capacity the nodes advertise, and on any failure restores every touched object "
                        + "(docs/apply.md). Applying the same plan again writes nothing (NOTHING_TO_DO).",
                "Undo a successful apply later with `slicewise rollback APPLY_ID` (the id is printed)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./slicewise apply --plan plans/<id>.json --dry-run   # re-check + dry-run only",
                "  ./slicewise apply --plan plans/<id>.json",
                "  ./slicewise apply --plan plans/<id>.json \\",
                "      --kubeconfig ~/.kube/prod --context prod-admin -o json"})
final class ApplyCommand implements Callable<Integer> {
    @ParentCommand
    SlicewiseCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "The plan file (an approved plan as JSON).")
    Path plan;

    @Option(names = "--dry-run", description = "Stop after the re-check and the server-side dry-run of every write; change nothing.")
    boolean dryRun;

    @Mixin
    ApplyOptions options;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ApprovedPlan approved;
        try {
            approved = ApprovedPlanCodec.read(Files.readString(plan, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            err.println("slicewise: cannot read the plan " + plan + ": no such file");
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("slicewise: cannot read the plan " + plan + ": " + e);
            return ExitCodes.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("slicewise: " + plan + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        root.info(err, (dryRun ? "dry-run of" : "applying") + " plan " + approved.planId() + " (cluster " + approved.cluster()
                + ", " + approved.plan().steps().size() + " steps, expires " + approved.expiresAt() + ")"
                + (dryRun ? "" : "; waiting for the NVIDIA components can take minutes"));
        ApplyReport report;
        try (KubernetesClient client = options.client();
             Applier applier = root.wiring.appliers().open(client, approved.devicePlugin(), options.journal(), root.clock)) {
            report = applier.apply(approved, dryRun);
        } catch (KubernetesClientException e) {
            err.println("slicewise: Kubernetes API: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
        options.print(report, spec.commandLine().getOut());
        if (report.outcome() instanceof ApplyReport.Applied && report.applyId() != null) {
            root.info(err, "to undo: ./slicewise rollback " + report.applyId()
                    + (options.journalDir == null ? "" : " --journal-dir " + options.journalDir));
        }
        err.flush();
        return ExitCodes.of(report, false);
    }
}
