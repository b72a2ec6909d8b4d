package dev.slicewise.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slicewise.fleet.Window;
import dev.slicewise.testing.MotoServer;
import dev.slicewise.testkit.TestAws;
import dev.slicewise.workflow.UnknownClusterException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workflow's fleet port: which collection failures are worth a retry (EKS on moto). */
class ClusterFleetSourceIT {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T06:02:05Z"), ZoneOffset.UTC);
    static final Window WINDOW = FleetCollector.hourlyWindow(CLOCK, Duration.ofHours(6));

    @Test
    void aClusterEksDoesNotKnowIsAnUnknownClusterNotRetried() {
        MotoServer.shared().reset();
        List<LiveFleetSource> opened = new ArrayList<>();
        ClusterFleetSource fleet = new ClusterFleetSource(name -> {
            LiveFleetSource live = LiveFleetSource.open(ClusterTarget.eks(name, MotoServer.REGION), TestAws.moto(), CLOCK,
                    LiveFleetSource.KubeConnector.EKS, List.of());
            opened.add(live);
            return live;
        });
        assertThatThrownBy(() -> fleet.collect("no-such-cluster", WINDOW))
                .isInstanceOf(UnknownClusterException.class)
                .hasMessageContaining("EKS cluster \"no-such-cluster\" does not exist in region us-east-1");
        assertThat(opened).hasSize(1);
    }

    @Test
    void anEksThatCannotBeReachedIsRetriedNotDropped() {
        // nothing listens there: the SDK gives up after its retries, and the invocation must fail so Lambda retries it
        ClusterFleetSource fleet = new ClusterFleetSource(name -> LiveFleetSource.open(ClusterTarget.eks(name, MotoServer.REGION),
                TestAws.at(URI.create("http://127.0.0.1:9"), 1), CLOCK, LiveFleetSource.KubeConnector.EKS, List.of()));
        assertThatThrownBy(() -> fleet.collect("prod-eks", WINDOW))
                .isInstanceOf(CollectionException.class)
                .isNotInstanceOf(UnknownClusterException.class)
                .satisfies(e -> assertThat(((CollectionException) e).permanent()).isFalse());
    }
}
