package dev.slicewise.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rejects series that cannot be right instead of silently fixing them: a value the exporters can never produce
 * (NaN in an hour that claims samples, a negative value, a utilization above 100 %) means the collection or the
 * snapshot is broken, and every number derived from it would be too. The caller then treats the GPU as having no
 * usable data and names it in an input problem.
 */
public final class SampleCheck {
    private SampleCheck() {}

    /**
     * Checks the series of one GPU (or workload).
     *
     * @return one sentence per broken metric, empty when all are usable
     */
    public static List<String> problems(GpuMetrics m) {
        List<String> out = new ArrayList<>();
        if (m == null) return out;
        check("GPU_UTIL", m.util(), true).ifPresent(out::add);
        check("FB_USED", m.memUsedMiB(), false).ifPresent(out::add);
        check("SM_ACTIVE", m.smActive(), true).ifPresent(out::add);
        check("GR_ENGINE_ACTIVE", m.grEngineActive(), true).ifPresent(out::add);
        return out;
    }

    /**
     * @param percent the metric is a percentage: values above 100 are impossible (DCGM reports 0..100; a ratio
     *                exporter scaled twice, or a sum over devices, would exceed it)
     */
    public static Optional<String> check(String metric, UsageSeries s, boolean percent) {
        if (s == null) return Optional.empty();
        int nan = 0, negative = 0, over = 0;
        String first = null;
        for (int i = 0; i < s.length(); i++) {
            boolean claimsSamples = s.samples() != null && s.samples()[i] > 0;
            double avg = s.avg()[i];
            double max = s.max()[i];
            boolean avgPresent = !Double.isNaN(avg);
            // the hour is named only for the first problem: formatting it for every hour of every series cost most of
            // a large fleet's analysis time (benchmark 2, BENCHMARKS.md)
            if ((claimsSamples && !avgPresent) || (avgPresent && Double.isNaN(max))) {
                nan++;
                if (first == null) first = "NaN at " + at(s, i);
                continue;
            }
            if (!avgPresent) continue;
            if (avg < 0 || max < 0 || Double.isInfinite(avg) || Double.isInfinite(max)) {
                negative++;
                if (first == null) first = Math.min(avg, max) + " at " + at(s, i);
            } else if (percent && (avg > 100 || max > 100)) {
                over++;
                if (first == null) first = Math.max(avg, max) + " at " + at(s, i);
            }
        }
        if (nan + negative + over == 0) return Optional.empty();
        List<String> kinds = new ArrayList<>();
        if (nan > 0) kinds.add(nan + " hour(s) NaN although present");
        if (negative > 0) kinds.add(negative + " hour(s) negative or infinite");
        if (over > 0) kinds.add(over + " hour(s) above 100 %");
        return Optional.of(metric + " has " + String.join(", ", kinds) + " (first: " + first + ")");
    }

    private static String at(UsageSeries s, int i) {
        return s.start().plus(s.step().multipliedBy(i)).toString();
    }
}
