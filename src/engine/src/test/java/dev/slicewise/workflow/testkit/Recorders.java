package dev.slicewise.workflow.testkit;

import dev.slicewise.notify.Notification;
import dev.slicewise.notify.Notifier;
import dev.slicewise.workflow.ApplyOutcome;
import dev.slicewise.workflow.EventPublisher;
import dev.slicewise.workflow.PlanApplier;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.WorkflowEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Small recording fakes of the workflow's ports. */
public final class Recorders {
    private Recorders() {}

    public static final class Events implements EventPublisher {
        public final List<WorkflowEvent> published = new CopyOnWriteArrayList<>();
        public volatile RuntimeException failWith;

        public void publish(List<? extends WorkflowEvent> events) {
            if (failWith != null) throw failWith;
            published.addAll(events);
        }

        public <T extends WorkflowEvent> List<T> of(Class<T> type) {
            return published.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    public static final class Messages implements Notifier {
        public final List<Notification> sent = new CopyOnWriteArrayList<>();
        /** fail this many times, then succeed */
        public final AtomicInteger failures = new AtomicInteger();

        public void send(Notification n) {
            if (failures.getAndUpdate(i -> Math.max(0, i - 1)) > 0) throw new IllegalStateException("SNS unavailable (test)");
            sent.add(n);
        }
    }

    public static final class Applier implements PlanApplier {
        public final List<String> applied = new CopyOnWriteArrayList<>();
        public volatile Function<StoredRecommendation, ApplyOutcome> outcome =
                r -> new ApplyOutcome.Applied("Applied 2 steps and verified.", List.of("device-plugin config added", "NodePool updated"));

        public final List<String> rolledBack = new CopyOnWriteArrayList<>();
        public volatile Function<StoredRecommendation, ApplyOutcome> rollbackOutcome =
                r -> new ApplyOutcome.RolledBack("rolled back on request", List.of("ConfigMap restored", "NodePool restored"));

        public ApplyOutcome apply(StoredRecommendation approved) {
            applied.add(approved.id());
            return outcome.apply(approved);
        }

        public ApplyOutcome rollback(StoredRecommendation applied) {
            rolledBack.add(applied.id());
            return rollbackOutcome.apply(applied);
        }
    }

    /** A clock tests move by hand. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        public Instant instant() {
            return now;
        }

        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
