package dev.slicewise.engine;

import dev.slicewise.fleet.Window;
import dev.slicewise.recommend.Recommendation;
import java.time.Instant;
import java.util.List;

/**
 * The result of one analysis run.
 *
 * @param recommendations one per NodePool × instance type analysed (including "leave as is")
 * @param problems        input the engine rejected, each naming the offending item
 */
public record AnalysisReport(Instant generatedAt, Window window, AnalysisPolicy policy, List<Recommendation> recommendations,
                             List<InputProblem> problems) {
    public AnalysisReport {
        recommendations = List.copyOf(recommendations);
        problems = List.copyOf(problems);
    }

    public double totalMonthlySavings() {
        return recommendations.stream().filter(Recommendation::actionable).filter(r -> r.savings() != null)
                .mapToDouble(r -> r.savings().monthlySavings()).sum();
    }
}
