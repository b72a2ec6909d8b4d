package dev.slicewise.cli;

import static dev.slicewise.testkit.MetricPublisher.dims;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.apply.Applier;
import dev.slicewise.apply.ApplierSettings;
import dev.slicewise.apply.ApprovedPlan;
import dev.slicewise.apply.ApprovedPlanCodec;
import dev.slicewise.apply.SimulatedCluster;
import dev.slicewise.aws.AwsClients;
import dev.slicewise.catalog.BundledCatalog;
import dev.slicewise.testing.MotoServer;
import dev.slicewise.testkit.MetricPublisher;
import dev.slicewise.testkit.TestAws;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The local command end to end, as a user runs it: the real picocli command, the real engine, the real collectors
 * and applier. AWS is moto, reached the way a user points the SDK elsewhere (the {@code aws.endpointUrl} system
 * property, the JVM form of AWS_ENDPOINT_URL, and the default credential chain's {@code aws.accessKeyId}); the
 * Kubernetes API is fabric8's mock server with the applier's emulated API server behind a kubeconfig file. The only
 * stand-ins are the NVIDIA device plugin and Karpenter, simulated by the applier's test kit, whose ticks follow the
 * applier's waits.
 */
class LocalCommandIT {
    /**
     * The command's "now": five days after the test runs. The mock API server stamps every object it creates with the
     * real time (a given creationTimestamp is overwritten), so this makes the nodes 5 days old, past the 3-day minimum
     * age, and the 4-day window lies wholly in their lifetime. Moto takes metric timestamps in the future.
     */
    static final Instant NOW = Instant.now().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(10));
    /** --lookback 4d: 96 hourly points up to the last whole hour. */
    static final Instant END = NOW.truncatedTo(ChronoUnit.HOURS);
    static final Instant START = END.minus(Duration.ofDays(4));
    static final String CLUSTER = "sim-eks";
    static final List<String> NODES = List.of("ip-10-0-1-11.ec2.internal", "ip-10-0-1-12.ec2.internal", "ip-10-0-1-13.ec2.internal");
    static final List<String> INSTANCES = List.of("i-0a11", "i-0a12", "i-0a13");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    SimulatedCluster kube;
    Path kubeconfig;

    @BeforeAll
    static void pointTheSdkAtMotoAndPublishTheMetrics() {
        System.setProperty("aws.endpointUrl", MotoServer.shared().endpoint().toString());
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
        // moto has no Price List API and answers 500: two attempts are enough to fall back (the default is 8)
        System.setProperty("aws.maxAttempts", "2");
        MotoServer.shared().reset();
        try (CloudWatchClient cw = AwsClients.cloudWatch(TestAws.moto(), List.of())) {
            MetricPublisher pub = new MetricPublisher(cw, "ContainerInsights");
            for (int n = 0; n < NODES.size(); n++) {
                List<Map<String, String>> gpu = List.of(dims("ClusterName", CLUSTER, "NodeName", NODES.get(n), "InstanceId",
                        INSTANCES.get(n), "InstanceType", "g4dn.xlarge", "GpuDevice", "nvidia0"));
                // every 20 minutes for 96 hours: utilization 10, 15, 20 % each hour (average 15 %, maximum 20 %),
                // memory 2.0, 2.25, 2.5 GiB
                List<Double> util = new ArrayList<>(), mem = new ArrayList<>();
                for (int k = 0; k < 96 * 3; k++) {
                    util.add(10.0 + 5 * (k % 3));
                    mem.add((2048 + 256.0 * (k % 3)) * 1024 * 1024);
                }
                pub.series("node_gpu_utilization", gpu, START, Duration.ofMinutes(20), util, StandardUnit.PERCENT);
                pub.series("node_gpu_memory_used", gpu, START, Duration.ofMinutes(20), mem, StandardUnit.BYTES);
            }
            pub.flush();
        }
    }

    @AfterAll
    static void forgetMoto() {
        Stream.of("aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey", "aws.maxAttempts").forEach(System::clearProperty);
    }

    /** The cluster afresh for each test; the metrics stay (nothing writes to CloudWatch). */
    @BeforeEach
    void seed() {
        kube = SimulatedCluster.start("/dev/slicewise/cli/live/cluster.yaml", "gpu-operator", NOW);
        kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"), "sim-admin");
    }

    @AfterEach
    void close() {
        assertThat(kube.invalidWrites()).as("objects stored that violate their CRD schema").isEmpty();
        kube.close();
    }

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        Wiring wiring = new Wiring(Engines::defaultAnalyzer, Engines::pricedAnalyzer, Clock.fixed(NOW, ZoneOffset.UTC),
                (client, target, journal, clock) -> new Applier(SimulatedCluster.asApplier(client), BundledCatalog.get(), journal,
                        kube.probe(), kube.clock(), kube.waiter(), ApplierSettings.defaults()));
        CommandLine cmd = Main.commandLine(wiring);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    String[] analyze(String... more) {
        List<String> args = new ArrayList<>(List.of("analyze", "--cluster", CLUSTER, "--region", "us-east-1",
                "--kubeconfig", kubeconfig.toString(), "--lookback", "4d"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void analyzeCollectsTheLiveClusterAndPrintsTheRecommendationSavingsNotesAndCost() {
        Run r = run(analyze());

        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.SAVINGS);
        // 3 x $0.526 (bundled g4dn.xlarge) x 730 h = $1,151.94 before; one node after = $383.98; saving $767.96
        // three tenants of 15 % (p95 of the hourly averages) and 2.5 GiB peak each: 45 % <= 70 % and 7.5 GiB <= 90 % of
        // the T4's 15 GiB, so all three share one GPU with 3 replicas
        assertThat(r.out()).containsPattern("sim-eks +gpu-t4 +g4dn\\.xlarge +time-slicing +3 replicas per GPU on 1 GPU +3 -> 1 +"
                + "\\$1,151\\.94 -> \\$383\\.98 +\\$767\\.96 +bundled price table");
        assertThat(r.out()).contains("Total: $767.96 per month; 1 of 1 recommendation free 2 nodes");
        assertThat(r.out()).contains("Collected: cluster sim-eks (us-east-1): 3 GPU nodes, 3 GPUs, 3 GPU pods, 1 NodePool; "
                + "GPU metrics from Container Insights (namespace ContainerInsights)");
        // 3 GPUs x 2 metrics x 3 statistics = 18 metrics at $0.01 per 1,000; x 96 hours = 1,728 datapoints: 1 request
        assertThat(r.out()).contains("CloudWatch cost of this run: $0.00018 (18 metrics requested at $0.01 per 1,000: 1,728 datapoints "
                + "in 1 GetMetricData request, the minimum being 1;");
        // moto has no Price List API: the fallback is used, and said, in the price source and in the notes
        assertThat(r.out()).containsPattern("Prices: bundled price table \\(.*fallback: Price List API unavailable");
        assertThat(r.out()).contains("WARNING price g4dn.xlarge us-east-1: Price List API unavailable");
        assertThat(r.err()).contains("analysing 1 cluster, 3 GPU nodes, 3 GPUs, 3 GPU pods over " + START + " .. " + END);
    }

    @Test
    void jsonGoesToStdoutAloneWithTheCollectionOnStderrAndTheHtmlReportToo() throws Exception {
        Path html = tmp.resolve("report.html");
        Run r = run(analyze("-o", "json", "--html", html.toString(), "--quiet"));

        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.SAVINGS);
        JsonNode report = JSON.readTree(r.out());
        JsonNode rec = report.get("recommendations").get(0);
        assertThat(rec.get("nodePool").asText()).isEqualTo("gpu-t4");
        assertThat(rec.get("sharing").get("strategy").asText()).isEqualTo("time-slicing");
        assertThat(rec.get("savings").get("monthlySavings").asDouble()).isEqualTo(767.96);
        assertThat(rec.get("savings").get("price").get("source").get("kind").asText()).isEqualTo("BUNDLED_TABLE");
        assertThat(r.err()).contains("CloudWatch cost of this run: $0.00018").contains("Collection notes (")
                .doesNotContain("analysing"); // --quiet: no informational lines
        assertThat(Files.readString(html)).contains("sim-eks", "gpu-t4", "g4dn.xlarge", "$767.96");
    }

    @Test
    void aClusterEksDoesNotKnowEndsWithItsMessageAndExitCode4() {
        Run r = run("analyze", "--cluster", "nope", "--region", "us-east-1");

        assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("slicewise: EKS cluster \"nope\" does not exist in region us-east-1");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aPlanFileIsAppliedThenAgainWithNothingToDoThenRolledBackToTheObjectsAsBefore() throws Exception {
        Map<String, String> before = kube.objects();
        Path plans = tmp.resolve("plans"), journal = tmp.resolve("journal");

        Run analyzed = run(analyze("--plan-dir", plans.toString()));
        assertThat(analyzed.code()).as(analyzed.err()).isEqualTo(ExitCodes.SAVINGS);
        List<Path> files;
        try (Stream<Path> s = Files.list(plans)) {
            files = s.toList();
        }
        assertThat(files).hasSize(1);
        Path planFile = files.get(0);
        ApprovedPlan plan = ApprovedPlanCodec.read(Files.readString(planFile));
        assertThat(plan.cluster()).isEqualTo(CLUSTER);
        assertThat(plan.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(plan.observed()).isNotEmpty();
        assertThat(analyzed.err()).contains("wrote the plan for sim-eks/gpu-t4 g4dn.xlarge (time-slicing, nodes 3 -> 1) to " + planFile
                + "; it expires at " + NOW.plus(Duration.ofHours(24)));
        assertThat(kube.objects()).as("analysing writes nothing").isEqualTo(before);

        Run dryRun = run("apply", "--plan", planFile.toString(), "--dry-run", "--kubeconfig", kubeconfig.toString(),
                "--journal-dir", journal.toString());
        assertThat(dryRun.code()).as(dryRun.out() + dryRun.err()).isEqualTo(ExitCodes.SAVINGS);
        assertThat(dryRun.out()).startsWith("DRY_RUN_PASSED plan " + plan.planId());
        assertThat(kube.applierWrites()).isEmpty();

        Run applied = run("apply", "--plan", planFile.toString(), "--kubeconfig", kubeconfig.toString(), "--journal-dir", journal.toString());
        assertThat(applied.code()).as(applied.out() + applied.err()).isEqualTo(ExitCodes.SAVINGS);
        assertThat(applied.out()).startsWith("APPLIED plan " + plan.planId() + " on cluster sim-eks (apply apply-");
        String config = kube.client().nodes().withName(NODES.get(0)).get().getMetadata().getLabels().get("nvidia.com/device-plugin.config");
        assertThat(config).isEqualTo("slicewise-ts-3");
        assertThat(applied.out()).contains("applied and verified: ip-10-0-1-11.ec2.internal allocatable nvidia.com/gpu=3");
        assertThat(kube.client().nodes().withName(NODES.get(0)).get().getStatus().getAllocatable().get("nvidia.com/gpu").toString())
                .isEqualTo("3");
        // the freed nodes are cordoned and their pods evicted (their Deployment, absent here, would start them again on
        // the sliced node); Karpenter would then remove the empty nodes
        assertThat(kube.client().nodes().withName(NODES.get(1)).get().getSpec().getUnschedulable()).isTrue();
        assertThat(kube.pods()).containsExactly("inference/llm-small-6f7d8c9b5-7q2x9");
        Matcher id = Pattern.compile("\\(apply (apply-[^)]+)\\)").matcher(applied.out());
        assertThat(id.find()).isTrue();
        String applyId = id.group(1);
        assertThat(applied.err()).contains("to undo: ./slicewise rollback " + applyId + " --journal-dir " + journal);

        kube.clearCalls();
        Run again = run("apply", "--plan", planFile.toString(), "--kubeconfig", kubeconfig.toString(), "--journal-dir", journal.toString(),
                "-o", "json");
        assertThat(again.code()).as(again.out() + again.err()).isEqualTo(ExitCodes.NOTHING_TO_RECOMMEND);
        assertThat(JSON.readTree(again.out()).get("outcome").get("status").asText()).isEqualTo("NOTHING_TO_DO");
        assertThat(kube.applierWrites()).isEmpty();

        Run rolledBack = run("rollback", applyId, "--kubeconfig", kubeconfig.toString(), "--journal-dir", journal.toString());
        assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isEqualTo(ExitCodes.SAVINGS);
        assertThat(rolledBack.out()).startsWith("ROLLED_BACK plan " + plan.planId());
        kube.tick(5); // the simulated device plugin follows the labels back
        // every object the apply touched is as before (labels, cordons, ConfigMap, NodePool; the overlay is gone);
        // evicted pods are not the applier's to restore
        assertThat(kube.objects()).isEqualTo(before);

        Run twice = run("rollback", applyId, "--kubeconfig", kubeconfig.toString(), "--journal-dir", journal.toString());
        assertThat(twice.code()).isEqualTo(ExitCodes.NOTHING_TO_RECOMMEND);
        Run unknown = run("rollback", "apply-nope", "--journal-dir", journal.toString());
        assertThat(unknown.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("no recorded apply 'apply-nope' in " + journal);
    }
}
