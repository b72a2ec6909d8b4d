package dev.slicewise.cli;

import dev.slicewise.detect.DetectionPolicy;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.pack.PackingPolicy;
import java.time.Duration;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The analysis knobs as options, mapped onto {@link AnalysisPolicy}. Shares and thresholds are given in percent on the
 * command line (fractions in the policy). Defaults come from {@link AnalysisPolicy#DEFAULT} via {@link Defaults}, so
 * --help always shows what the engine really uses.
 */
final class PolicyOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--max-p95-util", paramLabel = "PCT", converter = Converters.Percent.class,
            description = "A GPU is underused when the p95 of its hourly average utilization is below this (default: ${DEFAULT-VALUE}%%).")
    double maxP95Util;

    @Option(names = "--max-peak-mem", paramLabel = "PCT", converter = Converters.Percent.class,
            description = "... and its peak memory use is below this share of its memory (default: ${DEFAULT-VALUE}%%).")
    double maxPeakMem;

    @Option(names = "--min-coverage", paramLabel = "PCT", converter = Converters.Percent.class,
            description = "Share of the window's hours that must hold data, else \"insufficient data\" (default: ${DEFAULT-VALUE}%%).")
    double minCoverage;

    @Option(names = "--min-points", paramLabel = "HOURS",
            description = "Hours of data needed at least (default: ${DEFAULT-VALUE}).")
    int minPoints;

    @Option(names = "--min-node-age", paramLabel = "DURATION", converter = Converters.Span.class,
            description = "Younger nodes get no recommendation, e.g. 72h or 3d (default: ${DEFAULT-VALUE}).")
    Duration minNodeAge;

    @Option(names = "--idle-max-util", paramLabel = "PCT", converter = Converters.Percent.class,
            description = "A GPU whose highest hourly utilization stays at or below this counts as idle (default: ${DEFAULT-VALUE}%%).")
    double idleMaxUtil;

    @Option(names = "--target-util", paramLabel = "PCT", converter = Converters.Percent.class,
            description = "The p95 of the summed utilization of a time-sliced GPU's tenants must stay at or below this (default: ${DEFAULT-VALUE}%%).")
    double targetUtil;

    @Option(names = "--mem-headroom", paramLabel = "PCT", converter = Converters.Percent.class,
            description = "Share of GPU (or MIG slice) memory kept free above the tenants' summed peak (default: ${DEFAULT-VALUE}%%).")
    double memHeadroom;

    @Option(names = "--max-replicas", paramLabel = "N",
            description = "Most tenants per time-sliced GPU, at least 2 (default: ${DEFAULT-VALUE}).")
    int maxReplicas;

    @Option(names = "--mig-compute-target", paramLabel = "PCT", converter = Converters.Percent.class,
            description = "A tenant fits a MIG slice when its compute demand is at most this share of the slice's SMs (default: ${DEFAULT-VALUE}%%).")
    double migComputeTarget;

    @Option(names = "--hours-per-month", paramLabel = "HOURS",
            description = "Hours in a billing month for the savings (default: ${DEFAULT-VALUE}).")
    double hoursPerMonth;

    @Option(names = "--price-override", paramLabel = "USD_PER_HOUR",
            description = "Price every instance at this USD/hour instead of the price list (e.g. a negotiated rate).")
    Double priceOverride;

    AnalysisPolicy toPolicy() {
        percent("--max-p95-util", maxP95Util, false);
        percent("--max-peak-mem", maxPeakMem, false);
        percent("--min-coverage", minCoverage, true);
        percent("--idle-max-util", idleMaxUtil, true);
        percent("--mig-compute-target", migComputeTarget, false);
        percent("--target-util", targetUtil, false);
        if (!(memHeadroom >= 0 && memHeadroom < 100)) throw usage("--mem-headroom must be at least 0 % and below 100 %, got " + memHeadroom);
        if (minPoints < 1) throw usage("--min-points must be at least 1, got " + minPoints);
        if (maxReplicas < 2) throw usage("--max-replicas must be at least 2 (the device plugin rejects fewer), got " + maxReplicas);
        if (minNodeAge.isNegative()) throw usage("--min-node-age must not be negative");
        if (!(hoursPerMonth > 0 && hoursPerMonth <= 744)) throw usage("--hours-per-month must be above 0 and at most 744, got " + hoursPerMonth);
        if (priceOverride != null && !(priceOverride >= 0 && Double.isFinite(priceOverride))) {
            throw usage("--price-override must be a price in USD per hour, got " + priceOverride);
        }
        return new AnalysisPolicy(
                new DetectionPolicy(maxP95Util, maxPeakMem / 100, minCoverage / 100, minPoints, minNodeAge, idleMaxUtil),
                new PackingPolicy(targetUtil, memHeadroom / 100, maxReplicas, migComputeTarget),
                hoursPerMonth, priceOverride);
    }

    private void percent(String option, double value, boolean zeroAllowed) {
        if (!((zeroAllowed ? value >= 0 : value > 0) && value <= 100)) {
            throw usage(option + " must be " + (zeroAllowed ? "from 0" : "above 0") + " up to 100 %, got " + value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Option defaults from {@link AnalysisPolicy#DEFAULT}, in the units the options use. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec o)) return null;
            DetectionPolicy d = AnalysisPolicy.DEFAULT.detection();
            PackingPolicy p = AnalysisPolicy.DEFAULT.packing();
            return switch (o.longestName()) {
                case "--max-p95-util" -> num(d.maxP95UtilPct());
                case "--max-peak-mem" -> num(d.maxPeakMemFraction() * 100);
                case "--min-coverage" -> num(d.minCoverage() * 100);
                case "--min-points" -> Integer.toString(d.minPoints());
                case "--min-node-age" -> d.minNodeAge().toHours() + "h";
                case "--idle-max-util" -> num(d.idleMaxUtilPct());
                case "--target-util" -> num(p.targetUtilPct());
                case "--mem-headroom" -> num(p.memHeadroomFraction() * 100);
                case "--max-replicas" -> Integer.toString(p.maxReplicas());
                case "--mig-compute-target" -> num(p.migComputeTargetPct());
                case "--hours-per-month" -> num(AnalysisPolicy.DEFAULT.hoursPerMonth());
                default -> null;
            };
        }

        private static String num(double v) {
            double r = Math.round(v * 1e6) / 1e6; // 0.6 * 100 is 60.00000000000001
            return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
        }
    }
}
