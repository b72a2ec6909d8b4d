package dev.slicewise.functions.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.slicewise.functions.support.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SAM templates pass cfn-lint and {@code sam validate --lint} without a single finding (both from pip:
 * {@code pip install cfn-lint aws-sam-cli}; .ci/run installs them). A missing tool fails the test with that instruction.
 */
class TemplateLintIT {
    final Path root = Repo.root();

    @Test
    void cfnLintFindsNothing() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("cfn-lint", "template.yaml"));
        cmd.addAll(infraTemplates());
        Result r = run(cmd);
        assertThat(r.output()).as("cfn-lint output").isBlank();
        assertThat(r.exit()).as("cfn-lint exit code (%s)", r.output()).isZero();
    }

    @Test
    void samValidateLintFindsNothing() throws Exception {
        List<String> templates = new ArrayList<>(List.of("template.yaml"));
        templates.addAll(infraTemplates());
        for (String t : templates) {
            Result r = run(List.of("sam", "validate", "--lint", "--template-file", t));
            assertThat(r.exit()).as("sam validate --lint %s: %s", t, r.output()).isZero();
            assertThat(r.output()).as(t).contains("is a valid SAM Template");
        }
    }

    @Test
    void aBrokenTemplateIsReported() throws Exception {
        // the tools really lint: the same template with a wrong property type must fail
        Path broken = Files.createTempFile(root.resolve("functions/target"), "broken-", ".yaml");
        Files.writeString(broken, Files.readString(root.resolve("template.yaml")).replace("MemorySize: 2048", "MemorySize: lots"));
        Result r = run(List.of("cfn-lint", root.relativize(broken).toString()));
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("E3012");
    }

    private List<String> infraTemplates() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("infra/sam"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().map(p -> root.relativize(p).toString()).toList();
        }
    }

    record Result(int exit, String output) {}

    private Result run(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        pb.environment().put("SAM_CLI_TELEMETRY", "0");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return fail(cmd.get(0) + " is not installed: pip install cfn-lint aws-sam-cli (.ci/run does)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), out.strip());
    }
}
