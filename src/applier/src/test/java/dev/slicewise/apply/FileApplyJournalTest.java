package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileApplyJournalTest {
    @TempDir
    Path dir;

    private static ApplyRecord record(String id, String plan, Instant started) {
        Map<String, String> before = new HashMap<>();
        before.put("nvidia.com/device-plugin.config", null); // the label did not exist: a rollback removes it
        TouchedObject node = new TouchedObject(ObjectRef.node("n1"), "{\"metadata\":{\"name\":\"n1\"}}", "fp-after", "42",
                before, Map.of("nvidia.com/device-plugin.config", "ts-4"), false, false, false);
        TouchedObject overlay = new TouchedObject(ObjectRef.nodeOverlay("o"), null, "fp", "43", null, null, false, false, false);
        ApplyReport report = new ApplyReport(id, plan, "demo", new ApplyReport.Applied(List.of("n1 allocatable nvidia.com/gpu=4")),
                started, started.plusSeconds(60), List.of(new ApplyReport.StepResult("label", "n1", ApplyReport.Status.OK, null)), List.of());
        return new ApplyRecord(id, plan, "demo", started, started.plusSeconds(60), ApplyRecord.State.APPLIED, List.of(node, overlay), report);
    }

    @Test
    void keepsEveryBeforeImageIncludingAbsentLabelsAndObjects() {
        FileApplyJournal journal = new FileApplyJournal(dir);
        ApplyRecord saved = record("apply-1", "plan-a", Instant.parse("2026-11-24T09:00:00Z"));

        journal.save(saved);
        ApplyRecord read = journal.find("apply-1").orElseThrow();

        assertThat(read).isEqualTo(saved);
        assertThat(read.touched().get(0).labelsBefore()).containsEntry("nvidia.com/device-plugin.config", null);
        assertThat(read.touched().get(1).existedBefore()).isFalse();
        assertThat(read.report().outcome()).isInstanceOf(ApplyReport.Applied.class);
    }

    @Test
    void findsTheAppliesOfAPlanOldestFirstAndReplacesAnEntryWhole() throws Exception {
        FileApplyJournal journal = new FileApplyJournal(dir.resolve("applies"));
        journal.save(record("apply-2", "plan-a", Instant.parse("2026-11-24T10:00:00Z")));
        journal.save(record("apply-1", "plan-a", Instant.parse("2026-11-24T09:00:00Z")));
        journal.save(record("apply-3", "plan-b", Instant.parse("2026-11-24T11:00:00Z")));
        ApplyRecord one = journal.find("apply-1").orElseThrow();
        journal.save(one.with(ApplyRecord.State.RESTORED, one.finishedAt(), one.touched(), one.report()));

        assertThat(journal.forPlan("plan-a")).extracting(ApplyRecord::applyId).containsExactly("apply-1", "apply-2");
        assertThat(journal.find("apply-1").orElseThrow().state()).isEqualTo(ApplyRecord.State.RESTORED);
        try (var files = Files.list(dir.resolve("applies"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("apply-1.json", "apply-2.json", "apply-3.json");
        }
        assertThat(journal.find("apply-9")).isEmpty();
    }

    @Test
    void refusesIdsThatAreNotFileNames() {
        FileApplyJournal journal = new FileApplyJournal(dir);

        assertThatThrownBy(() -> journal.find("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an apply id: '../../etc/passwd'");
    }
}
