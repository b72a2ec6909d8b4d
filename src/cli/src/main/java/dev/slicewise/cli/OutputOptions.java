package dev.slicewise.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where and how the report is printed. */
final class OutputOptions {
    enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "table: one row per recommendation with its reasons and risks; json: the recommendation JSON "
                    + "(schemas/analysis-report.schema.json), nothing else on stdout (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path file;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the report as one self-contained HTML page (charts per GPU, packing, plan; no script, "
                    + "works offline) to FILE.")
    Path html;
}
