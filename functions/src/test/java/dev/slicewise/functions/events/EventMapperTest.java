package dev.slicewise.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slicewise.functions.support.Repo;
import dev.slicewise.workflow.Trigger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventMapperTest {
    @Test
    void mapsEverySampleTrigger() {
        assertThat(ok(EventMapper.trigger(Repo.eventJson("analyze-cluster-requested.json")))).isEqualTo(new Trigger.AnalyzeCluster(
                "prod-eks", null, "schedule", "6a7e8feb-b491-4cf7-a9f1-bf3703467718", Instant.parse("2026-11-23T06:00:02Z")));
        assertThat(ok(EventMapper.trigger(Repo.eventJson("analyze-now.json")))).isEqualTo(new Trigger.AnalyzeCluster(
                "prod-eks", "gpu-inference", "analyze now (alice@example.com)", "0b5c1a4e-2f7d-4d43-8d55-9c3b2b8e6a10",
                Instant.parse("2026-11-23T14:12:09Z")));
        assertThat(ok(EventMapper.trigger(Repo.eventJson("cloudwatch-alarm-low-gpu.json")))).isEqualTo(new Trigger.AlarmFired(
                "slicewise-low-gpu-prod-eks", "prod-eks", "ALARM", "c4c1c1c9-6542-e61b-6ef0-8c4d36933a92", Instant.parse("2026-11-23T09:04:40Z")));
        assertThat(((Trigger.AlarmFired) ok(EventMapper.trigger(Repo.eventJson("cloudwatch-alarm-low-gpu-ok.json")))).state()).isEqualTo("OK");
        assertThat(ok(EventMapper.trigger(Repo.eventJson("ec2-gpu-instance-running.json")))).isEqualTo(new Trigger.InstanceRunning(
                "i-0a1b2c3d4e5f60718", "7bf73129-1428-4cd3-a780-95db273d1602", Instant.parse("2026-11-23T10:29:54Z")));
        assertThat(((Mapped.Ok<ApplyRequest>) EventMapper.applyRequest(Repo.eventJson("recommendation-approved.json"))).value())
                .isEqualTo(new ApplyRequest.Apply("r-5f0c3a9d1e7b24c86a1d0e93"));
        assertThat(((Mapped.Ok<ApplyRequest>) EventMapper.applyRequest(Repo.eventJson("rollback-requested.json"))).value())
                .isEqualTo(new ApplyRequest.Rollback("r-5f0c3a9d1e7b24c86a1d0e93"));
    }

    @Test
    void theAlarmsClusterComesFromItsDimensionElseFromItsName() {
        ObjectNode alarm = (ObjectNode) Repo.eventJson("cloudwatch-alarm-low-gpu.json");
        ((ObjectNode) alarm.path("detail")).remove("configuration");
        assertThat(((Trigger.AlarmFired) ok(EventMapper.trigger(alarm))).cluster()).isEqualTo("prod-eks");
        ((ObjectNode) alarm.path("detail")).put("alarmName", "someone-elses-alarm");
        assertThat(refused(EventMapper.trigger(alarm))).contains("names no cluster");
    }

    @Test
    void refusesMalformedAndUnexpectedEventsWithAReason() {
        assertThat(refused(EventMapper.trigger(Repo.eventJson("invalid/not-an-event.json")))).isEqualTo("not an EventBridge event (expected a JSON object)");
        assertThat(refused(EventMapper.trigger(Repo.eventJson("invalid/missing-detail.json")))).isEqualTo("event has no detail object");
        assertThat(refused(EventMapper.trigger(Repo.eventJson("invalid/unexpected-source.json")))).startsWith("unexpected event");
        assertThat(refused(EventMapper.trigger(Repo.eventJson("invalid/bad-cluster-name.json")))).contains("not an EKS cluster name");
        assertThat(refused(EventMapper.trigger(Repo.eventJson("ec2-instance-stopped.json")))).contains("not 'running'");
        assertThat(refused(EventMapper.trigger(Repo.eventJson("recommendation-approved.json")))).startsWith("unexpected event");
        assertThat(refused(EventMapper.applyRequest(Repo.eventJson("invalid/approved-without-record.json")))).contains("recordId");
        assertThat(refused(EventMapper.applyRequest(Repo.eventJson("analyze-now.json"))))
                .contains("only takes Recommendation Approved and Rollback Requested");
        assertThat(refused(EventMapper.applyRequest(Repo.eventJson("recommendation-rejected.json")))).startsWith("unexpected event");
        ObjectNode badTime = (ObjectNode) Repo.eventJson("analyze-now.json");
        badTime.put("time", "yesterday");
        assertThat(refused(EventMapper.trigger(badTime))).contains("not an ISO-8601 instant");
        Mapped.Refused<Trigger> r = (Mapped.Refused<Trigger>) EventMapper.trigger(Repo.eventJson("invalid/unexpected-source.json"));
        assertThat(r.describe()).isEqualTo("id=1f2e3d4c-5b6a-4798-8a6b-5c4d3e2f1a0b, source=aws.s3, detail-type=Object Created");
    }

    private static Trigger ok(Mapped<Trigger> m) {
        assertThat(m).isInstanceOf(Mapped.Ok.class);
        return ((Mapped.Ok<Trigger>) m).value();
    }

    private static String refused(Mapped<?> m) {
        assertThat(m).isInstanceOf(Mapped.Refused.class);
        return ((Mapped.Refused<?>) m).reason();
    }
}
