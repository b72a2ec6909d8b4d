package dev.slicewise.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.detect.DetectionPolicy;
import dev.slicewise.pack.PackingPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnalysisPolicyTest {
    @Test
    void impossibleKnobsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> new DetectionPolicy(150, 0.6, 0.75, 72, Duration.ofHours(72), 1)).hasMessageContaining("maxP95UtilPct");
        assertThatThrownBy(() -> new DetectionPolicy(50, 1.5, 0.75, 72, Duration.ofHours(72), 1)).hasMessageContaining("maxPeakMemFraction");
        assertThatThrownBy(() -> new DetectionPolicy(50, 0.6, 2, 72, Duration.ofHours(72), 1)).hasMessageContaining("minCoverage");
        assertThatThrownBy(() -> new DetectionPolicy(50, 0.6, 0.75, 0, Duration.ofHours(72), 1)).hasMessageContaining("minPoints");
        assertThatThrownBy(() -> new DetectionPolicy(50, 0.6, 0.75, 72, Duration.ofHours(-1), 1)).hasMessageContaining("minNodeAge");
        assertThatThrownBy(() -> new DetectionPolicy(50, 0.6, 0.75, 72, Duration.ofHours(72), 60)).hasMessageContaining("idleMaxUtilPct");
        assertThatThrownBy(() -> new AnalysisPolicy(DetectionPolicy.DEFAULT, PackingPolicy.DEFAULT, 0, null)).hasMessageContaining("hoursPerMonth");
        assertThatThrownBy(() -> new AnalysisPolicy(DetectionPolicy.DEFAULT, PackingPolicy.DEFAULT, 730, -1.0)).hasMessageContaining("priceOverride");
        assertThatThrownBy(() -> new AnalysisPolicy(null, PackingPolicy.DEFAULT, 730, null)).hasMessageContaining("detection");
    }
}
