package dev.slicewise.aws.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.aws.testing.MotoClients;
import dev.slicewise.aws.testing.SlicewiseStack;
import dev.slicewise.testing.MotoServer;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;

class SchedulerRecheckIT {
    SlicewiseStack stack;

    @BeforeEach
    void setUp() {
        MotoServer.shared().reset();
        stack = SlicewiseStack.create();
    }

    @Test
    void schedulesOneSelfDeletingRecheckPerPool() throws Exception {
        SchedulerRecheck r = new SchedulerRecheck(MotoClients.scheduler(), stack.scheduleGroup(), stack.busArn(),
                "arn:aws:iam::123456789012:role/slicewise-scheduler", "arn:aws:sqs:us-east-1:123456789012:slicewise-dlq");
        Instant at = Instant.parse("2026-11-23T06:30:00.123Z");
        assertThat(r.scheduleRecheck("prod-eks", "gpu-inference", at, "new GPU capacity: i-0a1 (g5.xlarge)")).isTrue();
        assertThat(r.scheduleRecheck("prod-eks", "gpu-inference", at.plusSeconds(5), "new GPU capacity: i-0a2 (g5.xlarge)")).isFalse();
        assertThat(r.scheduleRecheck("prod-eks", "gpu-batch", at, "new GPU capacity: i-0b1 (p5.48xlarge)")).isTrue();

        GetScheduleResponse s = MotoClients.scheduler().getSchedule(g -> g.groupName(stack.scheduleGroup())
                .name(SchedulerRecheck.name("prod-eks", "gpu-inference")));
        assertThat(s.scheduleExpression()).isEqualTo("at(2026-11-23T06:30:00)");
        assertThat(s.scheduleExpressionTimezone()).isEqualTo("UTC");
        assertThat(s.actionAfterCompletionAsString()).isEqualTo("DELETE");
        assertThat(s.target().arn()).isEqualTo(stack.busArn());
        assertThat(s.target().eventBridgeParameters().detailType()).isEqualTo("Analyze Cluster Requested");
        assertThat(s.target().eventBridgeParameters().source()).isEqualTo("dev.slicewise");
        JsonNode input = new ObjectMapper().readTree(s.target().input());
        assertThat(input.path("cluster").asText()).isEqualTo("prod-eks");
        assertThat(input.path("nodePool").asText()).isEqualTo("gpu-inference");
        assertThat(input.path("reason").asText()).isEqualTo("re-check after new GPU capacity: i-0a1 (g5.xlarge)");
    }

    @Test
    void namesFitTheSchedulerLimitAndDifferPerPool() {
        String a = SchedulerRecheck.name("a-very-long-cluster-name-for-production-workloads", "nodepool-with-a-long-name-a");
        String b = SchedulerRecheck.name("a-very-long-cluster-name-for-production-workloads", "nodepool-with-a-long-name-b");
        assertThat(a).hasSizeLessThanOrEqualTo(64).matches("[0-9A-Za-z_.-]+");
        assertThat(a).isNotEqualTo(b);
    }
}
