package dev.slicewise.bench.startup;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Lambda start-up, measured the way Lambda pays it on a cold start without SnapStart: from starting the JVM process to
 * the first event's response reaching the Runtime API. Two subjects, each a fresh JVM under the Lambda runtime
 * interface client (the managed java21 runtime's own client, 2.10.1) polling this harness's {@link RuntimeApiServer}:
 * <ul>
 *   <li><b>analyze</b>: {@code functions/target/function.zip} unpacked as Lambda does (its root and {@code lib/*} on the
 *       class path), handler {@code QuarkusStreamHandler::handleRequest}, {@code QUARKUS_LAMBDA_HANDLER=analyze}, the
 *       environment the SAM template gives the function;</li>
 *   <li><b>plain</b>: {@link PlainHandler} alone with aws-lambda-java-core.</li>
 * </ul>
 * Both get the same event ({@code events/analyze-cluster-requested.json}), the same JVM flags and the same machine, in
 * alternation, so machine noise hits both alike; the result is the ratio of medians.
 *
 * <p>The analysis handler is configured for another cluster ({@code SLICEWISE_CLUSTERS}), so the event is mapped,
 * checked and answered "IGNORED" without a network call: start-up is Quarkus boot, CDI wiring, event mapping,
 * Powertools logging/metrics and the response, not the cluster's API latency (the analysis itself is measured
 * in-process by the speed benchmark). AWS endpoints point at a closed local port, so a call would fail the run rather
 * than reach anything.
 */
public final class StartupBench {
    /** JVM flags for both subjects: the template's JAVA_TOOL_OPTIONS plus what a ~1-vCPU Lambda JVM runs with. */
    public static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
            "-Xshare:auto", "-Xmx1740m");
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /** One timed start. */
    public record Run(String subject, int index, double initMs, double totalMs, boolean ok, String answer) {}

    /**
     * Classes one start loads (an extra, untimed run with {@code -Xlog:class+load}): what start-up work is made of.
     *
     * @param groups the largest package groups outside the JDK (first three name segments) and their class counts
     */
    public record Classes(String subject, int total, int fromCdsArchive, Map<String, Integer> groups) {}

    /** Every run, both subjects. */
    public record Result(List<Run> runs, String javaVersion, List<Classes> classes) {
        public List<Run> of(String subject) {
            return runs.stream().filter(r -> r.subject().equals(subject) && r.ok()).toList();
        }
    }

    private final Path repo;
    private final Path work;
    private final String javaCommand;

    /**
     * @param repo the repository root (function.zip, events/)
     * @param work a scratch directory (the unpacked function, the plain handler, logs)
     */
    public StartupBench(Path repo, Path work) {
        this.repo = repo;
        this.work = work;
        this.javaCommand = ProcessHandle.current().info().command().orElse("java");
    }

    public Result run(int warmups, int runsEach) throws IOException, InterruptedException {
        Path zip = repo.resolve("functions/target/function.zip");
        if (!Files.isRegularFile(zip)) throw new IllegalStateException(zip + " is missing: build the functions module first (./slicewise-bench does)");
        Path function = unzip(zip, work.resolve("function"));
        Path plain = plainHandlerDir(work.resolve("plain"));
        Path ric = repo.resolve("bench/target/lambda-runtime");
        if (!Files.isDirectory(ric)) throw new IllegalStateException(ric + " is missing: package the bench module first");
        String event = Files.readString(repo.resolve("events/analyze-cluster-requested.json"));

        Subject analyze = new Subject("analyze", List.of(ric + "/*", function.toString(), function + "/lib/*"),
                "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest", function, functionEnv(), "\"IGNORED\"");
        Subject plainSubject = new Subject("plain", List.of(ric + "/*", plain.toString()),
                "dev.slicewise.bench.startup.PlainHandler::handleRequest", plain, Map.of(), "\"IGNORED\"");
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < warmups; i++) {
            start(analyze, -1 - i, event);
            start(plainSubject, -1 - i, event);
        }
        for (int i = 0; i < runsEach; i++) {
            // alternate which goes first, so neither always follows the other's disk and CPU traffic
            if (i % 2 == 0) {
                runs.add(start(analyze, i, event));
                runs.add(start(plainSubject, i, event));
            } else {
                runs.add(start(plainSubject, i, event));
                runs.add(start(analyze, i, event));
            }
        }
        List<Classes> classes = List.of(classes(analyze, event), classes(plainSubject, event));
        return new Result(runs, System.getProperty("java.runtime.version"), classes);
    }

    private Classes classes(Subject s, String event) throws IOException, InterruptedException {
        Path log = work.resolve(s.name() + "-classes.txt");
        Files.deleteIfExists(log);
        start(s, -99, event, List.of("-Xlog:class+load:file=" + log));
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        int shared = 0;
        Map<String, Integer> groups = new java.util.TreeMap<>();
        for (String l : lines) {
            if (l.contains("shared objects file")) shared++;
            String[] f = l.split("\\s+");
            for (int i = 0; i < f.length; i++) {
                if (f[i].endsWith("]") && i + 1 < f.length && f[i + 1].contains(".")) {
                    String[] parts = f[i + 1].split("\\.");
                    if (parts[0].equals("java") || parts[0].equals("jdk") || parts[0].equals("sun")) break; // the JDK's own
                    groups.merge(String.join(".", Arrays.asList(parts).subList(0, Math.min(3, parts.length - 1))), 1, Integer::sum);
                    break;
                }
            }
        }
        Map<String, Integer> top = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return new Classes(s.name(), lines.size(), shared, top);
    }

    record Subject(String name, List<String> classPath, String handler, Path taskRoot, Map<String, String> env, String expect) {}

    /** One start of the plain handler (no timing claims): what the start-up IT checks the machinery with. */
    Run runPlainOnce() throws IOException, InterruptedException {
        Path ric = repo.resolve("bench/target/lambda-runtime");
        if (!Files.isDirectory(ric)) throw new IllegalStateException(ric + " is missing: package the bench module first");
        Path plain = plainHandlerDir(work.resolve("plain"));
        return start(new Subject("plain", List.of(ric + "/*", plain.toString()), "dev.slicewise.bench.startup.PlainHandler::handleRequest",
                plain, Map.of(), "\"IGNORED\""), 0, Files.readString(repo.resolve("events/analyze-cluster-requested.json")));
    }

    private Run start(Subject s, int index, String event) throws IOException, InterruptedException {
        return start(s, index, event, List.of());
    }

    private Run start(Subject s, int index, String event, List<String> extraFlags) throws IOException, InterruptedException {
        try (RuntimeApiServer api = new RuntimeApiServer(event)) {
            List<String> cmd = new ArrayList<>();
            cmd.add(javaCommand);
            cmd.addAll(JVM_FLAGS);
            cmd.addAll(extraFlags);
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, s.classPath()));
            cmd.add(RIC_MAIN);
            cmd.add(s.handler());
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            String path = env.getOrDefault("PATH", "/usr/bin:/bin");
            env.clear();
            env.putAll(lambdaEnv(s, api.address(), path));
            Path log = work.resolve(s.name() + (index == -99 ? "-classes" : index < 0 ? "-warmup" + (-index) : "-" + index) + ".log");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            long t0 = System.nanoTime();
            Process p = pb.start();
            try {
                RuntimeApiServer.Outcome o = api.outcome().get(120, TimeUnit.SECONDS);
                boolean ok = !o.error() && o.body().contains(s.expect());
                return new Run(s.name(), index, (o.firstPollNanos() - t0) / 1e6, (o.answeredNanos() - t0) / 1e6, ok,
                        o.body().length() > 300 ? o.body().substring(0, 300) : o.body());
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return new Run(s.name(), index, Double.NaN, Double.NaN, false, "no answer within 120 s; see " + log);
            } finally {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** What Lambda puts in every function's environment, and the subject's own variables. */
    private static Map<String, String> lambdaEnv(Subject s, String runtimeApi, String path) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", path);
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "slicewise-bench-" + s.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/slicewise-bench-" + s.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/25/[1]bench");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("LAMBDA_TASK_ROOT", s.taskRoot().toString());
        env.put("_HANDLER", s.handler());
        env.putAll(s.env());
        return env;
    }

    /** The analysis function's variables from template.yaml, with the enabled cluster set so the sample event is ignored. */
    private static Map<String, String> functionEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_LAMBDA_HANDLER", "analyze");
        env.put("POWERTOOLS_SERVICE_NAME", "slicewise");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "Slicewise");
        env.put("SLICEWISE_CLUSTERS", "bench-only-cluster");
        env.put("SLICEWISE_TABLE", "slicewise-bench");
        env.put("SLICEWISE_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:slicewise-bench");
        env.put("SLICEWISE_BUS_NAME", "slicewise-bench");
        env.put("SLICEWISE_BUS_ARN", "arn:aws:events:us-east-1:123456789012:event-bus/slicewise-bench");
        env.put("SLICEWISE_SIGNING_SECRET", "slicewise-bench/signing-key");
        env.put("SLICEWISE_APPROVAL_URL", "https://bench.lambda-url.us-east-1.on.aws/");
        env.put("SLICEWISE_SCHEDULER_GROUP", "slicewise-bench");
        env.put("SLICEWISE_SCHEDULER_ROLE_ARN", "arn:aws:iam::123456789012:role/slicewise-bench-scheduler");
        // any AWS call would go to a closed port and fail the run: the measured path makes none
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        return env;
    }

    private static Path unzip(Path zip, Path dir) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) throw new IOException("zip entry outside the target: " + e.getName());
                if (e.isDirectory()) Files.createDirectories(target);
                else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    /** The plain handler's one class, alone in a directory. */
    private static Path plainHandlerDir(Path dir) throws IOException {
        deleteTree(dir);
        String resource = "/" + PlainHandler.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(resource.substring(1));
        Files.createDirectories(target.getParent());
        try (InputStream in = PlainHandler.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " not found");
            Files.copy(in, target);
        }
        return dir;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]).toAbsolutePath().normalize();
        Path work = repo.resolve("bench/target/startup");
        Files.createDirectories(work);
        Result r = new StartupBench(repo, work).run(1, Integer.parseInt(args[1]));
        r.runs().forEach(System.out::println);
    }
}
