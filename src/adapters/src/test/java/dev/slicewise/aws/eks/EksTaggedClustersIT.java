package dev.slicewise.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.aws.testing.MotoClients;
import dev.slicewise.testing.MotoServer;
import dev.slicewise.workflow.testkit.Recorders;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EksTaggedClustersIT {
    @BeforeEach
    void reset() {
        MotoServer.shared().reset();
    }

    @Test
    void findsTheTaggedClustersAndCachesTheAnswerForAFewMinutes() {
        create("prod-eks", Map.of("slicewise:enabled", "true", "team", "ml"));
        create("staging", Map.of("slicewise:enabled", "false"));
        create("legacy", Map.of());
        Recorders.MutableClock clock = new Recorders.MutableClock(Instant.parse("2026-11-23T06:00:00Z"));
        EksTaggedClusters d = EksTaggedClusters.forTag(MotoClients.eks(), "slicewise:enabled=true", clock);
        assertThat(d.enabledClusters()).containsExactly("prod-eks");
        create("research", Map.of("slicewise:enabled", "true"));
        assertThat(d.enabledClusters()).containsExactly("prod-eks");
        clock.advance(Duration.ofMinutes(6));
        assertThat(d.enabledClusters()).containsExactlyInAnyOrder("prod-eks", "research");
    }

    private static void create(String name, Map<String, String> tags) {
        MotoClients.eks().createCluster(r -> r.name(name).roleArn("arn:aws:iam::123456789012:role/eks")
                .resourcesVpcConfig(v -> v.subnetIds("subnet-1")).tags(tags));
    }
}
