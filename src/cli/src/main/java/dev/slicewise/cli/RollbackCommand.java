package dev.slicewise.cli;

import dev.slicewise.apply.Applier;
import dev.slicewise.apply.ApplyReport;
import dev.slicewise.apply.FileApplyJournal;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Undo a recorded apply: restore every object it touched from the before-images in the journal, newest first "
                        + "(node labels and cordon with compare-and-set JSON patches, ConfigMaps, ClusterPolicy, NodePools and "
                        + "NodeOverlays as they were; objects it created are deleted).",
                "Refuses without touching anything when any of those objects was changed by someone else after the apply "
                        + "(the before-images stay in the journal). Nodes freed by the plan are not brought back: Karpenter "
                        + "provisions again when pods are pending."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./slicewise rollback apply-20261125T101500-1a2b3c4d",
                "  ./slicewise rollback apply-20261125T101500-1a2b3c4d \\",
                "      --journal-dir plans/journal --kubeconfig ~/.kube/prod"})
final class RollbackCommand implements Callable<Integer> {
    @ParentCommand
    SlicewiseCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APPLY_ID", description = "The apply to undo, as printed by `slicewise apply`.")
    String applyId;

    @Mixin
    ApplyOptions options;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        FileApplyJournal journal = options.journal();
        try {
            if (journal.find(applyId).isEmpty()) {
                err.println("slicewise: no recorded apply '" + applyId + "' in " + (options.journalDir == null
                        ? "~/.slicewise/applies" : options.journalDir) + " (see --journal-dir)");
                return ExitCodes.BAD_INPUT;
            }
        } catch (IllegalArgumentException e) {
            err.println("slicewise: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        root.info(err, "rolling back apply " + applyId);
        ApplyReport report;
        try (KubernetesClient client = options.client();
             Applier applier = root.wiring.appliers().open(client, null, journal, root.clock)) {
            report = applier.rollback(applyId);
        } catch (KubernetesClientException e) {
            err.println("slicewise: Kubernetes API: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
        options.print(report, spec.commandLine().getOut());
        err.flush();
        return ExitCodes.of(report, true);
    }
}
