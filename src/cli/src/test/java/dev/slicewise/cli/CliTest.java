package dev.slicewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.demo.DemoFleet;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.Analyzer;
import dev.slicewise.engine.InputProblem;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.json.ReportJson;
import dev.slicewise.json.SampleReports;
import dev.slicewise.json.SchemaValidation;
import dev.slicewise.json.SnapshotJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class CliTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:17:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(Supplier<Analyzer> engine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(engine, Clock.fixed(NOW, ZoneOffset.UTC));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(RecordingAnalyzer engine, String... args) {
        return run(() -> engine, args);
    }

    Path demoSnapshotFile() throws IOException {
        Path file = tmp.resolve("demo.json");
        SnapshotJson.write(DemoFleet.snapshot(Clock.fixed(NOW, ZoneOffset.UTC)), file);
        return file;
    }

    Path fixture(String resource) throws IOException {
        Path file = tmp.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = CliTest.class.getResourceAsStream(resource)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    // ------------------------------------------------------------------------------------------------ demo

    @Test
    void demoAnalysesTheDemoFleetAsOfNowWithTheDefaultPolicy() {
        var engine = new RecordingAnalyzer(SampleReports.withSavings());
        Run r = run(engine, "demo");
        assertThat(r.code()).isEqualTo(ExitCodes.SAVINGS);
        var call = engine.onlyCall();
        assertThat(call.snapshot()).isEqualTo(DemoFleet.snapshot(Clock.fixed(NOW, ZoneOffset.UTC)));
        assertThat(call.policy()).isEqualTo(AnalysisPolicy.DEFAULT);
        assertThat(call.clock().instant()).isEqualTo(NOW);
        assertThat(r.err()).contains("analysing 1 cluster, 17 GPU nodes, 45 GPUs, 31 GPU pods over 2026-11-09T10:00:00Z .. 2026-11-23T10:00:00Z");
    }

    @Test
    void theTableHasOneRowPerRecommendationWithItsReasonsRisksAndATotal() {
        Run r = run(new RecordingAnalyzer(SampleReports.withSavings()), "demo");
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Slicewise analysis as of 2026-11-23T10:00:00Z: window 2026-11-09T10:00:00Z .. 2026-11-23T10:00:00Z (14 days, hourly)");
        assertThat(lines.get(2)).matches("CLUSTER +NODEPOOL +INSTANCE TYPE +STRATEGY +REPLICAS / MIG LAYOUT +NODES +MONTHLY +SAVINGS/MONTH +PRICE SOURCE");
        // 4 x $0.752 x 730 h = $2,195.84 before, half after
        assertThat(lines.get(3)).matches("demo-eks +inference-g4dn +g4dn\\.2xlarge +time-slicing +2 replicas per GPU on 2 GPUs +4 -> 2 +"
                + "\\$2,195\\.84 -> \\$1,097\\.92 +\\$1,097\\.92 +bundled price table \\(us-east-1 list price 2026-07-20\\)");
        assertThat(lines.subList(4, 8)).containsExactly(
                "    why: 4 of 4 GPUs are underused: p95 utilization 21-26 % < 50 %, peak memory 2.3 GiB < 60 % of 15 GiB",
                "    risk: MEDIUM time-sliced pods share 15 GiB without isolation",
                "    risk: LOW p50 latency about +12 %",
                "");
        // 2 x $55.04 x 730 h = $80,358.40 before, one node after
        assertThat(r.out()).containsPattern("demo-eks +llm-p5 +p5\\.48xlarge +mig +mixed, 1 GPU 3g\\.40gb\\+2g\\.20gb\\+2x1g\\.10gb \\(1 spare\\) +2 -> 1 +"
                + "\\$80,358\\.40 -> \\$40,179\\.20 +\\$40,179\\.20 ");
        assertThat(r.out()).contains("    change: Deployment/chat-7b requests nvidia.com/mig-2g.20gb instead of nvidia.com/gpu");
        // left alone: costs stay, no savings
        assertThat(r.out()).containsPattern("demo-eks +training-p4d +p4d\\.24xlarge +unchanged +- +2 -> 2 +\\$32,058\\.10 -> \\$32,058\\.10 +\\$0\\.00 ");
        assertThat(r.out()).contains("    why: all 16 GPUs are busy");
        assertThat(r.out()).contains("Total: $41,277.12 per month; 2 of 3 recommendations free 3 nodes");
        assertThat(r.out()).endsWith("Input problems: none\n");
    }

    @Test
    void jsonOutputIsTheReportJsonAndNothingElse() throws Exception {
        AnalysisReport report = SampleReports.withSavings();
        Run r = run(new RecordingAnalyzer(report), "demo", "--output", "json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(ReportJson.write(report));
        assertThat(SchemaValidation.errors(SchemaValidation.reportSchema(), r.out())).isEmpty();
        assertThat(JSON.readTree(r.out()).get("recommendations")).hasSize(3);
        assertThat(r.err()).contains("analysing");
    }

    @Test
    void everyPolicyOptionReachesTheEngine() {
        var engine = new RecordingAnalyzer(SampleReports.withSavings());
        Run r = run(engine, "demo", "--max-p95-util", "40", "--max-peak-mem", "50%", "--min-coverage", "80", "--min-points", "100",
                "--min-node-age", "48h", "--idle-max-util", "2", "--target-util", "60", "--mem-headroom", "20%", "--max-replicas", "4",
                "--mig-compute-target", "65", "--hours-per-month", "720", "--price-override", "0.752");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(engine.onlyCall().policy()).isEqualTo(SampleReports.customPolicy());
    }

    @Test
    void demoOptionsShapeTheFleetAndSaveItForAnalyze() throws Exception {
        var engine = new RecordingAnalyzer(SampleReports.withSavings());
        Path saved = tmp.resolve("saved.json");
        Run r = run(engine, "demo", "--lookback", "3d", "--seed", "7", "--now", "2026-12-01T00:30:00Z", "--save-snapshot", saved.toString());
        assertThat(r.code()).as(r.err()).isZero();
        FleetSnapshot given = engine.onlyCall().snapshot();
        assertThat(given.window().points()).isEqualTo(72);
        assertThat(given.window().end()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(given).isEqualTo(new DemoFleet(7, Duration.ofDays(3)).build(Clock.fixed(Instant.parse("2026-12-01T00:30:00Z"), ZoneOffset.UTC)));
        var back = SnapshotJson.read(saved);
        assertThat(back.problems()).isEmpty();
        assertThat(back.snapshot()).isEqualTo(given);
        assertThat(r.err()).contains("wrote the demo fleet snapshot to " + saved);
    }

    @Test
    void outWritesTheReportToAFileAndKeepsStdoutEmpty() throws Exception {
        Path file = tmp.resolve("report.json");
        Run r = run(new RecordingAnalyzer(SampleReports.withSavings()), "demo", "-o", "json", "--out", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo(ReportJson.write(SampleReports.withSavings()));
    }

    @Test
    void htmlWritesTheSelfContainedPageBesideTheUsualOutput() throws Exception {
        Path page = tmp.resolve("report.html");
        Run r = run(new RecordingAnalyzer(SampleReports.withSavings()), "demo", "--html", page.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Total: $41,277.12 per month");
        String html = Files.readString(page);
        assertThat(html).startsWithIgnoringCase("<!doctype html>").contains("inference-g4dn", "llm-p5", "training-p4d").doesNotContain("<script");
        assertThat(r.err()).contains("wrote the HTML report to " + page);
    }

    // --------------------------------------------------------------------------------------------- analyze

    @Test
    void analyzeRunsAsOfTheSnapshotsCollectionTime() throws Exception {
        var engine = new RecordingAnalyzer(SampleReports.withSavings());
        Path file = demoSnapshotFile();
        Run r = run(engine, "analyze", "--snapshot", file.toString());
        assertThat(r.code()).isZero();
        assertThat(engine.onlyCall().snapshot()).isEqualTo(DemoFleet.snapshot(Clock.fixed(NOW, ZoneOffset.UTC)));
        assertThat(engine.onlyCall().clock().instant()).isEqualTo(NOW);
    }

    @Test
    void lookbackKeepsTheLastPartOfTheSnapshot() throws Exception {
        var engine = new RecordingAnalyzer(SampleReports.withSavings());
        FleetSnapshot full = DemoFleet.snapshot(Clock.fixed(NOW, ZoneOffset.UTC));
        Run r = run(engine, "analyze", "--snapshot", demoSnapshotFile().toString(), "--lookback", "7d");
        assertThat(r.code()).isZero();
        FleetSnapshot cut = engine.onlyCall().snapshot();
        assertThat(cut.window().start()).isEqualTo(Instant.parse("2026-11-16T10:00:00Z"));
        assertThat(cut.window().end()).isEqualTo(full.window().end());
        var fullSeries = full.clusters().get(0).nodes().get(0).gpus().get(0).metrics().util();
        var cutSeries = cut.clusters().get(0).nodes().get(0).gpus().get(0).metrics().util();
        assertThat(cutSeries.start()).isEqualTo(cut.window().start());
        assertThat(cutSeries.avg()).containsExactly(Arrays.copyOfRange(fullSeries.avg(), 168, 336));
        assertThat(cutSeries.samples()).containsExactly(Arrays.copyOfRange(fullSeries.samples(), 168, 336));
    }

    @Test
    void aLookbackLongerThanTheSnapshotUsesTheWholeWindowAndSaysSo() throws Exception {
        var engine = new RecordingAnalyzer(SampleReports.withSavings());
        Run r = run(engine, "analyze", "--snapshot", demoSnapshotFile().toString(), "--lookback", "30d");
        assertThat(r.code()).isZero();
        assertThat(engine.onlyCall().snapshot().window().points()).isEqualTo(336);
        assertThat(r.err()).contains("--lookback PT720H is longer than the snapshot's window (PT336H); using the whole window");
    }

    @Test
    void inputProblemsAreListedAfterTheRecommendationsAndExitWith2() throws Exception {
        AnalysisReport withEngineProblem = SampleReports.report(SampleReports.withSavings().recommendations(),
                List.of(new InputProblem("c1/node-f", "unknown instance type g9.xlarge")));
        var engine = new RecordingAnalyzer(withEngineProblem);
        Run r = run(engine, "analyze", "--snapshot", fixture("/dev/slicewise/json/bad-items.snapshot.json").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        // the reader left node-e out, and the engine got the rest
        assertThat(engine.onlyCall().snapshot().clusters().get(0).nodes()).hasSize(5);
        assertThat(r.out()).contains("demo-eks  inference-g4dn").contains("Total: $41,277.12 per month");
        assertThat(r.out()).contains("Input problems (12): these items were left out or partly used\n"
                + "    fleet: unknown field 'comment' ignored\n");
        assertThat(r.out()).contains("    c1/node-e: missing required field 'instanceType'; this node is left out\n");
        assertThat(r.out()).endsWith("    c1/node-f: unknown instance type g9.xlarge\n");
        assertThat(r.err()).contains("12 input problems (listed in the report); the rest was analysed");
    }

    @Test
    void inputProblemsAreInTheJsonToo() throws Exception {
        var engine = new RecordingAnalyzer(SampleReports.withSavings());
        Run r = run(engine, "analyze", "-o", "json", "--snapshot", fixture("/dev/slicewise/json/bad-items.snapshot.json").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(SchemaValidation.errors(SchemaValidation.reportSchema(), r.out())).isEmpty();
        JsonNode problems = JSON.readTree(r.out()).get("problems");
        assertThat(problems).hasSize(11);
        assertThat(problems.get(7).get("item").asText()).isEqualTo("c1/node-e");
    }

    @Test
    void aMalformedSnapshotIsRejectedWithItsPositionAndNothingIsAnalysed() throws Exception {
        var engine = new RecordingAnalyzer(SampleReports.withSavings());
        Path file = fixture("/dev/slicewise/json/malformed.snapshot.json");
        Run r = run(engine, "analyze", "--snapshot", file.toString(), "--output", "json");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(file + ": malformed JSON").contains("(line 5, column 3)");
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void aMissingSnapshotFileIsBadInput() {
        var engine = new RecordingAnalyzer(SampleReports.withSavings());
        Path missing = tmp.resolve("nope.json");
        Run r = run(engine, "analyze", "--snapshot", missing.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("cannot read the snapshot " + missing + ": no such file");
        assertThat(engine.calls).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ exit codes

    @Test
    void nothingToRecommendExitsWith3() {
        Run r = run(new RecordingAnalyzer(SampleReports.nothingToRecommend()), "demo");
        assertThat(r.code()).isEqualTo(ExitCodes.NOTHING_TO_RECOMMEND);
        assertThat(r.out()).contains("Total: $0.00 per month; 0 of 1 recommendation free 0 nodes");
    }

    @Test
    void anEngineFailureIsAnInternalErrorWithCleanStdout() {
        Run r = run(() -> (snapshot, policy, clock) -> {
            throw new IllegalStateException("packing blew up");
        }, "demo", "--output", "json");
        assertThat(r.code()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("slicewise: internal error: packing blew up").contains("IllegalStateException");
    }

    @ParameterizedTest
    @CsvSource({"demo", "analyze", "apply", "rollback"})
    void everyCommandsHelpHasExamplesAndItsExitCodes(String command) {
        Run r = run(Engines::defaultAnalyzer, command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Examples:", "./slicewise " + command, "Exit codes:", "64", "--quiet");
        if (command.equals("apply") || command.equals("rollback")) {
            assertThat(r.out()).contains("REFUSED", "NOTHING_TO_DO", "--journal-dir", "--kubeconfig");
        } else {
            assertThat(r.out()).contains("nothing to recommend");
        }
    }

    @Test
    void quietSilencesTheInformationalLinesButNotTheReport() {
        Run r = run(new RecordingAnalyzer(SampleReports.withSavings()), "demo", "--quiet");
        assertThat(r.code()).isZero();
        assertThat(r.err()).doesNotContain("analysing");
        assertThat(r.out()).contains("Total: $41,277.12 per month");
    }

    @Test
    void aPlanFileThatIsMissingOrIsNoPlanIsBadInputAndReachesNoCluster() throws IOException {
        Run missing = run(Engines::defaultAnalyzer, "apply", "--plan", tmp.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("cannot read the plan " + tmp.resolve("nope.json") + ": no such file");

        Path notAPlan = Files.writeString(tmp.resolve("report.json"), "{\"schemaVersion\": \"slicewise.dev/analysis-report/v1\"}");
        Run wrong = run(Engines::defaultAnalyzer, "apply", "--plan", notAPlan.toString());
        assertThat(wrong.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(wrong.err()).contains(notAPlan + ": not an approved plan");
        assertThat(wrong.out()).isEmpty();
    }

    @Test
    void aRollbackOfAnUnknownOrMalformedIdIsBadInput() {
        Run unknown = run(Engines::defaultAnalyzer, "rollback", "apply-20261125T000000-00000000", "--journal-dir", tmp.toString());
        assertThat(unknown.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("no recorded apply 'apply-20261125T000000-00000000' in " + tmp);
        Run malformed = run(Engines::defaultAnalyzer, "rollback", "../../etc/passwd", "--journal-dir", tmp.toString());
        assertThat(malformed.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(malformed.err()).contains("not an apply id: '../../etc/passwd'");
    }

    @Test
    void anUnreadableKubeconfigIsBadInputBeforeAnyAwsCall() {
        Run r = run(Engines::defaultAnalyzer, "analyze", "--cluster", "prod", "--region", "eu-west-1",
                "--kubeconfig", tmp.resolve("missing-kubeconfig").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("cannot read the kubeconfig " + tmp.resolve("missing-kubeconfig"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "demo --target-util 0                     | --target-util must be above 0 up to 100 %, got 0.0",
            "demo --mem-headroom 150                  | --mem-headroom must be at least 0 % and below 100 %, got 150.0",
            "demo --max-replicas 1                    | --max-replicas must be at least 2",
            "demo --max-p95-util lots                 | 'lots' is not a percentage",
            "demo --min-node-age soon                 | 'soon' is not a duration",
            "demo --lookback 90m                      | --lookback must be a whole number of hours",
            "demo --output xml                        | Invalid value for option '--output'",
            "demo --bogus                             | Unknown option: '--bogus'",
            "analyze                                  | Missing required argument (specify one of these): (--snapshot=FILE | (--cluster=NAME",
            "analyze --snapshot x.json --cluster c    | Error: --snapshot=FILE and (--cluster=NAME",
            "analyze --region eu-west-1               | Missing required argument(s): --cluster=NAME",
            "analyze --cluster c --lookback 90m       | --lookback must be a whole number of hours",
            "analyze --cluster c --region r --context x | --context needs --kubeconfig",
            "analyze --cluster c --schema prometheus  | 'prometheus' is not one of auto, container-insights, dcgm-exporter",
            "apply                                    | Missing required option: '--plan=FILE'",
            "rollback                                 | Missing required parameter: 'APPLY_ID'",
            "analyze --snapshot x.json --hours-per-month 0 | --hours-per-month must be above 0",
            "frobnicate                               | Unmatched argument at index 0: 'frobnicate'"})
    void usageErrorsExitWith64AndSayWhy(String args, String message) {
        var engine = new RecordingAnalyzer(SampleReports.withSavings());
        Run r = run(engine, args.trim().split("\\s+"));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(message.trim());
        assertThat(r.out()).isEmpty();
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void noCommandIsAUsageError() {
        Run r = run(new RecordingAnalyzer(SampleReports.withSavings()));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("missing command").contains("Commands:");
    }

    @Test
    void helpShowsTheCommandsDefaultsAndExitCodes() {
        Run top = run(Engines::defaultAnalyzer, "--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("demo", "analyze", "Exit codes:", "64", "nothing to recommend");
        Run demo = run(Engines::defaultAnalyzer, "help", "demo");
        assertThat(demo.code()).isZero();
        String demoHelp = demo.out().replaceAll("\\s+", " "); // undo the line wrapping
        assertThat(demoHelp).contains("--target-util=PCT The p95 of the summed utilization", "(default: 70%)")
                .contains("--max-p95-util=PCT A GPU is underused when the p95 of its hourly average utilization is below this (default: 50%)")
                .contains("(default: 60%)", "(default: 72h)", "(default: 730)", "--price-override=USD_PER_HOUR", "Exit codes:");
        Run analyze = run(Engines::defaultAnalyzer, "analyze", "--help");
        assertThat(analyze.code()).isZero();
        assertThat(analyze.out()).contains("--snapshot=FILE", "--lookback=DURATION", "--output=table|json");
    }
}
