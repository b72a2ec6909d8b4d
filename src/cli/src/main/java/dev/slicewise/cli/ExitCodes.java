package dev.slicewise.cli;

import dev.slicewise.apply.ApplyReport;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.recommend.Recommendation;

/** The command's exit codes, shown in --help and documented in docs/formats.md. */
public final class ExitCodes {
    /** At least one recommendation frees nodes; or: the plan was applied (or passed its dry-run), the apply rolled back. */
    public static final int SAVINGS = 0;
    public static final int INTERNAL_ERROR = 1;
    /** The snapshot or plan could not be read, or some input was rejected (the rest is still reported). */
    public static final int BAD_INPUT = 2;
    /** The analysis ran and nothing is worth changing; or: the cluster already is as the plan wants it. */
    public static final int NOTHING_TO_RECOMMEND = 3;
    /** The cluster could not be reached or read (EKS, Kubernetes, CloudWatch, credentials): nothing was analysed. */
    public static final int UNREACHABLE = 4;
    /** apply/rollback refused (stale, expired or invalid plan, a dry-run rejected, changed since): cluster unchanged. */
    public static final int REFUSED = 5;
    /** apply failed after writing began and every change was undone: cluster as before. */
    public static final int ROLLED_BACK = 6;
    /** apply or rollback failed and some object could NOT be restored: the report says which; a person must look. */
    public static final int NOT_RESTORED = 7;
    /** Wrong options or arguments (EX_USAGE of sysexits.h). */
    public static final int USAGE = 64;

    /** For the analysing commands' --help: picocli's "code:description" form. */
    static final String[] ANALYZE_HELP = {
            " 0:recommendations with savings (at least one pool frees nodes)",
            " 3:the analysis ran and there is nothing to recommend",
            " 2:bad input: the snapshot cannot be read, or some of it was rejected, or a whole collection source failed "
                    + "(the recommendations for the rest are still printed)",
            " 4:--cluster: the cluster, its API or CloudWatch cannot be reached or read (credentials, permissions, "
                    + "names); nothing analysed",
            " 1:internal error",
            "64:usage error (unknown option, missing or out-of-range value)"};

    /** For apply's and rollback's --help. */
    static final String[] APPLY_HELP = {
            " 0:APPLIED (or DRY_RUN_PASSED with --dry-run; ROLLED_BACK on request for rollback)",
            " 3:NOTHING_TO_DO: the cluster already is as the plan wants it (or the apply was already rolled back)",
            " 5:REFUSED: stale, expired or invalid plan, a server-side dry-run rejected, or objects changed since; "
                    + "the cluster is unchanged",
            " 6:ROLLED_BACK: the apply failed after writing began and every change was undone",
            " 7:FAILED: something could not be restored; the report names each object",
            " 2:bad input: the plan file cannot be read, or the apply id is malformed",
            " 4:the cluster's API cannot be reached",
            " 1:internal error",
            "64:usage error"};

    private ExitCodes() {}

    /** Input problems win over savings: a partial analysis must not look like a clean one to a script. */
    static int of(AnalysisReport report) {
        if (!report.problems().isEmpty()) return BAD_INPUT;
        return report.recommendations().stream().anyMatch(Recommendation::actionable) ? SAVINGS : NOTHING_TO_RECOMMEND;
    }

    /** @param onRequest the report of {@code rollback ID}: there, rolled back is the success asked for */
    static int of(ApplyReport report, boolean onRequest) {
        return switch (report.outcome()) {
            case ApplyReport.Applied a -> SAVINGS;
            case ApplyReport.DryRunPassed d -> SAVINGS;
            case ApplyReport.NothingToDo n -> NOTHING_TO_RECOMMEND;
            case ApplyReport.Refused r -> REFUSED;
            case ApplyReport.RolledBack r -> onRequest ? SAVINGS : ROLLED_BACK;
            case ApplyReport.Failed f -> NOT_RESTORED;
        };
    }
}
