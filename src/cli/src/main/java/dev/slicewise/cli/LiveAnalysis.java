package dev.slicewise.cli;

import dev.slicewise.aws.cloudwatch.CloudWatchSettings;
import dev.slicewise.aws.pricing.PricingApiPriceBook;
import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.collect.ClusterTarget;
import dev.slicewise.collect.CollectionException;
import dev.slicewise.collect.CollectionNote;
import dev.slicewise.collect.CollectionResult;
import dev.slicewise.collect.FleetCollector;
import dev.slicewise.collect.LiveFleetSource;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.InputProblem;
import dev.slicewise.fleet.Window;
import dev.slicewise.pricing.BundledPriceBook;
import dev.slicewise.progress.Progress;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * {@code analyze --cluster}: collect the live cluster, analyse it as of now with Price List prices (bundled table as
 * fallback), print the report and how it was collected, and optionally capture plan files. A collection that cannot
 * go on (cluster not found, access denied, credentials missing) ends with its message as is and exit code 4; a
 * whole source that failed (e.g. CloudWatch denied) is an input problem of the report (exit code 2).
 */
final class LiveAnalysis {
    private final SlicewiseCommand root;
    private final CommandLine cmd;
    private final PrintWriter err;

    LiveAnalysis(SlicewiseCommand root, CommandLine cmd) {
        this.root = root;
        this.cmd = cmd;
        this.err = cmd.getErr();
    }

    int run(AnalyzeCommand.LiveOptions o, Duration lookback, AnalysisPolicy policy, OutputOptions output) throws IOException {
        if (o.kubeconfig != null && !Files.isReadable(o.kubeconfig)) {
            err.println("slicewise: cannot read the kubeconfig " + o.kubeconfig);
            return ExitCodes.BAD_INPUT;
        }
        String region = o.region != null ? o.region : defaultRegion();
        CloudWatchSettings metrics = new CloudWatchSettings(o.schema.schema, o.dcgmNamespace, CloudWatchSettings.AUTO.dcgmClusterDimension());
        ClusterTarget target = new ClusterTarget(o.cluster, region, o.kubeconfig, o.context, metrics);
        Window window = FleetCollector.hourlyWindow(root.clock, lookback);
        Progress progress = root.progress();
        try (LiveFleetSource live = LiveFleetSource.open(target, root.clock)) {
            progress.clusterStarted(o.cluster, 1, 1);
            CollectionResult collected = live.collect(window, progress);
            progress.clusterDone(o.cluster, CollectionSummary.found(collected.snapshot().clusters().get(0)));

            PricingApiPriceBook prices = live.priceBook(new BundledPriceBook(BundledCatalog.get()));
            root.info(err, Reporting.summary(collected.snapshot()));
            AnalysisReport report = root.wiring.pricedAnalyzers().apply(prices).analyze(collected.snapshot(), policy, root.clock);
            // a source that failed as a whole makes the analysis partial: a script must see that in the exit code
            List<InputProblem> failedSources = collected.notes().stream().filter(n -> n.severity() == CollectionNote.Severity.ERROR)
                    .map(n -> new InputProblem(n.item(), n.message())).toList();
            report = Reporting.withProblemsFirst(report, failedSources);
            String collection = CollectionSummary.render(collected, prices.notes(), report);
            int code = Reporting.print(root, report, collected.snapshot(), output, collection, cmd.getOut(), err);

            if (o.planDir != null) {
                PlanFiles.write(live.kubernetes(), report, collected.snapshot(), o.planDir, root.clock.instant(), o.planValidity, root, err);
            }
            return code;
        } catch (CollectionException e) {
            root.endProgressLine();
            err.println("slicewise: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        } catch (SdkException e) {
            // e.g. no credentials in the default chain, or an endpoint that does not answer
            root.endProgressLine();
            err.println("slicewise: AWS: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        } catch (KubernetesClientException e) {
            root.endProgressLine();
            err.println("slicewise: Kubernetes API: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        } finally {
            err.flush();
        }
    }

    private String defaultRegion() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (SdkException e) {
            throw new ParameterException(cmd, "--region is required: no region is configured (AWS_REGION or the profile's region)");
        }
    }
}
