package dev.slicewise.cli;

import dev.slicewise.apply.ApplyReport;
import dev.slicewise.apply.ApprovedPlanCodec;
import dev.slicewise.apply.FileApplyJournal;
import dev.slicewise.kube.KubeClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What apply and rollback share: how to reach the cluster, where the journal is, how to print the report. */
final class ApplyOptions {
    enum Format { table, json }

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Reach the Kubernetes API through this kubeconfig (default: $KUBECONFIG or ~/.kube/config). "
                    + "The identity needs the writes listed in docs/apply.md (RBAC).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Context of the kubeconfig to use (default: its current context).")
    String context;

    @Option(names = "--journal-dir", paramLabel = "DIR",
            description = "Where each apply's before-images are recorded, one JSON file per apply id (default: ~/.slicewise/applies).")
    Path journalDir;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "table: the outcome and one line per step; json: the apply report as JSON, nothing else on stdout "
                    + "(default: ${DEFAULT-VALUE}).")
    Format format;

    FileApplyJournal journal() {
        return journalDir == null ? FileApplyJournal.inHome() : new FileApplyJournal(journalDir);
    }

    KubernetesClient client() {
        if (kubeconfig != null) return KubeClients.fromKubeconfig(kubeconfig, context);
        // fabric8's own discovery: $KUBECONFIG, ~/.kube/config, in-cluster service account
        return new KubernetesClientBuilder().withConfig(Config.autoConfigure(context)).build();
    }

    void print(ApplyReport report, PrintWriter out) {
        out.print(format == Format.json ? ApprovedPlanCodec.write(report) + "\n" : report.render());
        out.flush();
    }
}
