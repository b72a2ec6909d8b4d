package dev.slicewise.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slicewise.approve.ApprovalTokens;
import dev.slicewise.approve.LinkFactory;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.notify.MessageComposer;
import dev.slicewise.workflow.testkit.CannedAnalysis;
import dev.slicewise.workflow.testkit.InMemoryStore;
import dev.slicewise.workflow.testkit.Recorders;
import dev.slicewise.workflow.testkit.Samples;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FanOutAndTriggerTest {
    static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");
    final Recorders.Events events = new Recorders.Events();
    final Recorders.MutableClock clock = new Recorders.MutableClock(NOW);
    final CannedAnalysis canned = new CannedAnalysis();
    final Map<String, InstanceDirectory.Instance> instances = new HashMap<>();
    final List<String> rechecks = new ArrayList<>();
    final Set<String> scheduled = new HashSet<>();
    final RecheckScheduler scheduler = (cluster, pool, at, reason) -> {
        rechecks.add(cluster + "/" + pool + "@" + at + " " + reason);
        return scheduled.add(cluster + "/" + pool);
    };
    final TriggerService triggers = new TriggerService(new AnalysisService(canned, canned, new InMemoryStore(), events,
            new Recorders.Messages(), new MessageComposer(),
            new LinkFactory(URI.create("https://a.example"), new ApprovalTokens(() -> "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8))),
            clock, new AnalysisService.Settings(Duration.ofDays(7), Duration.ofDays(3), false, AnalysisPolicy.DEFAULT)),
            new StaticClusters(List.of(Samples.CLUSTER, "staging")), id -> Optional.ofNullable(instances.get(id)), scheduler,
            clock, Duration.ofMinutes(30));

    @Test
    void theScheduleFansOutOneEventPerEnabledCluster() {
        FanOutService f = new FanOutService(new StaticClusters(List.of(" staging", "prod-eks", "staging", "")), events);
        assertThat(f.fanOut("schedule", NOW).clusters()).containsExactly("prod-eks", "staging");
        assertThat(events.of(WorkflowEvent.AnalyzeClusterRequested.class)).containsExactly(
                new WorkflowEvent.AnalyzeClusterRequested("prod-eks", null, "schedule", NOW),
                new WorkflowEvent.AnalyzeClusterRequested("staging", null, "schedule", NOW));
        events.published.clear();
        assertThat(new FanOutService(new StaticClusters(List.of()), events).fanOut("schedule", NOW).clusters()).isEmpty();
        assertThat(events.published).isEmpty();
    }

    @Test
    void analyzeRequestsAndAlarmsAnalyseEnabledClustersOnly() {
        canned.recommendations = List.of(Samples.timeSlicing());
        TriggerService.Result r = triggers.handle(new Trigger.AnalyzeCluster(Samples.CLUSTER, null, "analyze now", "e1", NOW));
        assertThat(r.kind()).isEqualTo(TriggerService.Kind.ANALYZED);
        assertThat(r.analysis().created()).isEqualTo(1);
        assertThat(triggers.handle(new Trigger.AnalyzeCluster("someone-elses", null, "analyze now", "e2", NOW)).kind())
                .isEqualTo(TriggerService.Kind.IGNORED);
        assertThat(triggers.handle(new Trigger.AlarmFired("slicewise-low-gpu-prod-eks", Samples.CLUSTER, "ALARM", "e3", NOW)).kind())
                .isEqualTo(TriggerService.Kind.ANALYZED);
        assertThat(triggers.handle(new Trigger.AlarmFired("slicewise-low-gpu-prod-eks", Samples.CLUSTER, "OK", "e4", NOW)).kind())
                .isEqualTo(TriggerService.Kind.IGNORED);
        assertThat(canned.collected).containsExactly(Samples.CLUSTER, Samples.CLUSTER);
    }

    @Test
    void newGpuCapacitySchedulesOneDelayedRecheckOfItsNodePool() {
        instances.put("i-0a1", new InstanceDirectory.Instance("i-0a1", "g5.xlarge", 1,
                Map.of("karpenter.sh/nodepool", "gpu-inference", "eks:eks-cluster-name", Samples.CLUSTER)));
        instances.put("i-0a2", new InstanceDirectory.Instance("i-0a2", "g5.xlarge", 1,
                Map.of("karpenter.sh/nodepool", "gpu-inference", "kubernetes.io/cluster/prod-eks", "owned")));
        TriggerService.Result first = triggers.handle(new Trigger.InstanceRunning("i-0a1", "e1", NOW));
        TriggerService.Result second = triggers.handle(new Trigger.InstanceRunning("i-0a2", "e2", NOW));
        assertThat(first.kind()).isEqualTo(TriggerService.Kind.RECHECK_SCHEDULED);
        assertThat(second.kind()).isEqualTo(TriggerService.Kind.RECHECK_ALREADY_SCHEDULED);
        assertThat(rechecks.get(0)).isEqualTo("prod-eks/gpu-inference@2026-11-23T06:30:00Z new GPU capacity: i-0a1 (g5.xlarge)");
        assertThat(canned.collected).isEmpty(); // not analysed at once: the new node has no history yet
    }

    @Test
    void otherInstancesAreIgnored() {
        instances.put("i-cpu", new InstanceDirectory.Instance("i-cpu", "m7i.large", 0,
                Map.of("karpenter.sh/nodepool", "default", "eks:eks-cluster-name", Samples.CLUSTER)));
        instances.put("i-asg", new InstanceDirectory.Instance("i-asg", "g5.xlarge", 1, Map.of("eks:eks-cluster-name", Samples.CLUSTER)));
        instances.put("i-other", new InstanceDirectory.Instance("i-other", "g5.xlarge", 1,
                Map.of("karpenter.sh/nodepool", "gpu", "eks:eks-cluster-name", "not-enabled")));
        for (String id : List.of("i-cpu", "i-asg", "i-other", "i-gone")) {
            assertThat(triggers.handle(new Trigger.InstanceRunning(id, "e", NOW)).kind()).as(id).isEqualTo(TriggerService.Kind.IGNORED);
        }
        assertThat(rechecks).isEmpty();
    }
}
