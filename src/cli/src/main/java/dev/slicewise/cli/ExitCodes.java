package dev.slicewise.cli;

import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.recommend.Recommendation;

/** The command's exit codes, shown in --help and documented in docs/formats.md. */
public final class ExitCodes {
    /** At least one recommendation frees nodes. */
    public static final int SAVINGS = 0;
    public static final int INTERNAL_ERROR = 1;
    /** The snapshot could not be read, or some input was rejected (the rest is still reported). */
    public static final int BAD_INPUT = 2;
    /** The analysis ran and nothing is worth changing. */
    public static final int NOTHING_TO_RECOMMEND = 3;
    /** Wrong options or arguments (EX_USAGE of sysexits.h). */
    public static final int USAGE = 64;

    /** For --help: picocli's "code:description" form. */
    static final String[] HELP = {
            " 0:recommendations with savings (at least one pool frees nodes)",
            " 3:the analysis ran and there is nothing to recommend",
            " 2:bad input: the snapshot cannot be read, or some of it was rejected (the recommendations for the rest are still printed)",
            " 1:internal error",
            "64:usage error (unknown option, missing or out-of-range value)"};

    private ExitCodes() {}

    /** Input problems win over savings: a partial analysis must not look like a clean one to a script. */
    static int of(AnalysisReport report) {
        if (!report.problems().isEmpty()) return BAD_INPUT;
        return report.recommendations().stream().anyMatch(Recommendation::actionable) ? SAVINGS : NOTHING_TO_RECOMMEND;
    }
}
