package dev.slicewise.bench.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Both subjects start with the JVM options Lambda gives the deployed functions: the template's JAVA_TOOL_OPTIONS (the
 * same for every function, in Globals) must all be among {@link StartupBench#JVM_FLAGS}, so changing them in the
 * template without the benchmark fails here.
 */
class StartupFlagsTest {

    @Test
    void theBenchmarkRunsWithTheTemplatesJavaToolOptions() throws Exception {
        String template = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("template.yaml"));
        Matcher m = Pattern.compile("(?m)^\\s*JAVA_TOOL_OPTIONS:\\s*\"?([^\"\\n]*)\"?\\s*$").matcher(template);
        assertThat(m.find()).as("JAVA_TOOL_OPTIONS in template.yaml").isTrue();
        List<String> options = Arrays.stream(m.group(1).trim().split("\\s+")).toList();
        assertThat(options).isNotEmpty();
        assertThat(StartupBench.JVM_FLAGS).containsAll(options);
        assertThat(m.find()).as("one JAVA_TOOL_OPTIONS for all functions (Globals)").isFalse();
    }
}
