package dev.slicewise.cli;

import dev.slicewise.aws.cloudwatch.MetricSchema;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.json.JsonFormatException;
import dev.slicewise.json.SnapshotJson;
import dev.slicewise.json.SnapshotRead;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Analyse a live EKS cluster (--cluster) or a fleet snapshot file (--snapshot).",
                "--cluster: reads the GPU nodes, GPU pods, NodePools and device-plugin setup from Kubernetes and the hourly GPU "
                        + "utilization and memory from CloudWatch (docs/collect.md), with the AWS SDK's default credential chain "
                        + "and endpoint settings (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_CLOUDWATCH, …). "
                        + "Prices come from the AWS Price List API, with the bundled table as fallback; the table says which. "
                        + "After the report: what was collected, the CloudWatch cost of the run, the price sources and every "
                        + "collection note (on stderr with -o json). --plan-dir also writes one plan file per recommendation "
                        + "that frees nodes, for `slicewise apply`.",
                "--snapshot: a file in the format of schemas/fleet-snapshot.schema.json (docs/formats.md), e.g. written by "
                        + "`slicewise demo --save-snapshot`. The analysis runs as of the snapshot's collectedAt, so the same file "
                        + "always gives the same report. Items the reader rejects are listed as input problems and the rest is "
                        + "still analysed (exit code 2)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./slicewise analyze --cluster prod --region eu-west-1",
                "  ./slicewise analyze --cluster prod --region eu-west-1 \\",
                "      --lookback 7d -o json > prod.json",
                "  ./slicewise analyze --cluster prod --region eu-west-1 \\",
                "      --html prod.html --plan-dir plans/",
                "  ./slicewise analyze --cluster prod --region eu-west-1 \\",
                "      --kubeconfig ~/.kube/config --context prod-admin",
                "  ./slicewise analyze --cluster prod --region eu-west-1 \\",
                "      --schema dcgm-exporter --dcgm-namespace ContainerInsights/Prometheus",
                "  AWS_PROFILE=readonly ./slicewise analyze --cluster prod --quiet",
                "  AWS_ENDPOINT_URL=http://localhost:5000 ./slicewise analyze --cluster c",
                "  ./slicewise analyze --snapshot fleet.json --lookback 7d --target-util 60"})
final class AnalyzeCommand implements Callable<Integer> {
    @ParentCommand
    SlicewiseCommand root;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nWhat to analyse: a snapshot file, or a live cluster (--cluster and the options after it):%n", order = 0)
    Source source;

    static final class Source {
        @Option(names = "--snapshot", required = true, paramLabel = "FILE", order = 1, description = "The fleet snapshot JSON to analyse.")
        Path snapshot;

        @ArgGroup(exclusive = false, multiplicity = "1", order = 2)
        LiveOptions live;
    }

    @Mixin
    OutputOptions output;

    @Option(names = "--lookback", paramLabel = "DURATION", converter = Converters.Span.class,
            description = "--cluster: the history to collect, whole hours up to the last full hour (default: 14d). "
                    + "--snapshot: analyse only the last DURATION of the snapshot's window, e.g. 7d (default: the whole window).")
    Duration lookback;

    @Mixin
    PolicyOptions policy;

    /** The options of a live analysis. */
    static final class LiveOptions {
        static final Duration DEFAULT_LOOKBACK = Duration.ofDays(14);

        @Option(names = "--cluster", required = true, paramLabel = "NAME", order = 10, description = "EKS cluster name.")
        String cluster;

        @Option(names = "--region", paramLabel = "REGION", order = 11,
                description = "The cluster's AWS region (default: the SDK's region chain: AWS_REGION, the profile's region).")
        String region;

        @Option(names = "--kubeconfig", paramLabel = "FILE", order = 12,
                description = "Reach the Kubernetes API through this kubeconfig (its exec plugin, e.g. `aws eks get-token`, "
                        + "supplies the credentials) instead of eks:DescribeCluster plus an IAM token.")
        Path kubeconfig;

        @Option(names = "--context", paramLabel = "NAME", order = 13,
                description = "Context of the kubeconfig to use (default: its current context).")
        String context;

        @Option(names = "--schema", paramLabel = "auto|container-insights|dcgm-exporter", order = 14,
                converter = SchemaConverter.class, defaultValue = "auto",
                description = "Where the GPU metrics are in CloudWatch: auto detects it with ListMetrics (Container Insights "
                        + "first) (default: ${DEFAULT-VALUE}).")
        Schema schema = Schema.AUTO;

        @Option(names = "--dcgm-namespace", paramLabel = "NAMESPACE", order = 15,
                description = "CloudWatch namespace of dcgm-exporter metrics scraped by the CloudWatch agent (default: "
                        + "ContainerInsights/Prometheus).")
        String dcgmNamespace;

        @Option(names = "--plan-dir", paramLabel = "DIR", order = 16,
                description = "Also write one plan file (an approved plan, docs/apply.md) per recommendation that frees "
                        + "nodes to DIR, with the objects it touches as they are now; `slicewise apply --plan FILE` applies it.")
        Path planDir;

        @Option(names = "--plan-validity", paramLabel = "DURATION", order = 17, converter = Converters.Span.class,
                defaultValue = "24h", description = "How long a plan file may be applied; later it is refused as stale "
                + "(default: ${DEFAULT-VALUE}).")
        Duration planValidity = Duration.ofHours(24);
    }

    /** --schema values; AUTO detects. */
    enum Schema {
        AUTO(null), CONTAINER_INSIGHTS(MetricSchema.CONTAINER_INSIGHTS), DCGM_EXPORTER(MetricSchema.DCGM_EXPORTER);

        final MetricSchema schema;

        Schema(MetricSchema schema) {
            this.schema = schema;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static final class SchemaConverter implements ITypeConverter<Schema> {
        @Override
        public Schema convert(String value) {
            for (Schema s : Schema.values()) if (s.toString().equalsIgnoreCase(value.trim())) return s;
            throw new TypeConversionException("'" + value + "' is not one of auto, container-insights, dcgm-exporter");
        }
    }

    @Override
    public Integer call() throws Exception {
        AnalysisPolicy p = policy.toPolicy();
        PrintWriter err = spec.commandLine().getErr();
        if (source.live != null) {
            LiveOptions live = source.live;
            Duration window = lookback == null ? LiveOptions.DEFAULT_LOOKBACK : lookback;
            if (window.compareTo(Duration.ofHours(1)) < 0 || window.toSeconds() % 3600 != 0) {
                throw new ParameterException(spec.commandLine(), "--lookback must be a whole number of hours, at least 1h: " + window);
            }
            if (live.planValidity.isNegative() || live.planValidity.isZero()) {
                throw new ParameterException(spec.commandLine(), "--plan-validity must be positive: " + live.planValidity);
            }
            if (live.context != null && live.kubeconfig == null) {
                throw new ParameterException(spec.commandLine(), "--context needs --kubeconfig");
            }
            return new LiveAnalysis(root, spec.commandLine()).run(live, window, p, output);
        }
        return analyzeSnapshot(p, err);
    }

    private int analyzeSnapshot(AnalysisPolicy p, PrintWriter err) throws IOException {
        Path snapshot = source.snapshot;
        SnapshotRead read;
        try {
            read = SnapshotJson.read(snapshot);
        } catch (NoSuchFileException e) {
            err.println("slicewise: cannot read the snapshot " + snapshot + ": no such file");
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("slicewise: cannot read the snapshot " + snapshot + ": " + e);
            return ExitCodes.BAD_INPUT;
        } catch (JsonFormatException e) {
            err.println("slicewise: " + snapshot + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        FleetSnapshot fleet = read.snapshot();
        if (lookback != null) {
            if (lookback.compareTo(fleet.window().length()) > 0) {
                err.println("slicewise: --lookback " + lookback + " is longer than the snapshot's window ("
                        + fleet.window().length() + "); using the whole window");
            } else {
                try {
                    fleet = Lookback.lastPart(fleet, lookback);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--lookback: " + e.getMessage());
                }
            }
        }
        return Reporting.analyzeAndPrint(root, fleet, read.problems(), p, output, spec.commandLine().getOut(), err);
    }
}
