package dev.slicewise.workflow;

import dev.slicewise.approve.LinkFactory;
import dev.slicewise.engine.AnalysisPolicy;
import dev.slicewise.engine.AnalysisReport;
import dev.slicewise.engine.Analyzer;
import dev.slicewise.engine.InputProblem;
import dev.slicewise.fleet.FleetSnapshot;
import dev.slicewise.fleet.Window;
import dev.slicewise.notify.MessageComposer;
import dev.slicewise.notify.Notifier;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.recommend.Sharing;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One analysis of one cluster: collect → analyse → for every pool with something to do, store the recommendation
 * (PENDING), announce it on the bus and notify people with signed links — unless the same recommendation was the last
 * one notified for that pool.
 *
 * <p>Safe to retry with the same trigger id: the record id derives from it, so a retried invocation finds its own
 * record and only redoes what had not happened (the notice is sent until it once succeeded). A failure in one pool does
 * not stop the others; the invocation still fails at the end so it is retried, then dead-lettered.
 */
public final class AnalysisService {
    private static final System.Logger LOG = System.getLogger(AnalysisService.class.getName());

    /**
     * @param lookback          telemetry window (whole hours up to the current hour)
     * @param approvalValidity  how long links and approval stay valid
     * @param notifyNothingToDo also notify pools that need no change (once, until something changes)
     */
    public record Settings(Duration lookback, Duration approvalValidity, boolean notifyNothingToDo, AnalysisPolicy policy) {
        public Settings {
            Objects.requireNonNull(policy, "policy");
            if (lookback.compareTo(Duration.ofHours(1)) < 0) throw new IllegalArgumentException("lookback must be at least 1 h: " + lookback);
            if (approvalValidity.isNegative() || approvalValidity.isZero()) throw new IllegalArgumentException("approval validity must be positive");
        }
    }

    /**
     * @param nodePool  null = every pool of the cluster
     * @param trigger   shown to people ({@code schedule}, {@code alarm <name>}, {@code analyze now})
     * @param triggerId the triggering event's id (stable across retries of that event)
     */
    public record Request(String cluster, String nodePool, String trigger, String triggerId) {
        public Request {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(triggerId, "triggerId");
        }
    }

    public enum Outcome {
        /** stored PENDING and notified */
        CREATED,
        /** same recommendation as the last one notified for the pool: not notified again */
        ALREADY_NOTIFIED,
        /** nothing to do; not notified */
        NOTHING_TO_DO,
        /** nothing to do, and the installation asked to hear about it */
        NOTHING_TO_DO_NOTIFIED
    }

    public record PoolResult(PoolKey pool, Outcome outcome, String recordId, String recommendationId) {}

    public record Result(String cluster, List<PoolResult> pools, List<InputProblem> problems) {
        public Result {
            pools = List.copyOf(pools);
            problems = List.copyOf(problems);
        }

        public long created() {
            return pools.stream().filter(p -> p.outcome() == Outcome.CREATED).count();
        }
    }

    private final FleetSource fleet;
    private final Analyzer analyzer;
    private final RecommendationStore store;
    private final EventPublisher events;
    private final Notifier notifier;
    private final MessageComposer composer;
    private final LinkFactory links;
    private final Clock clock;
    private final Settings settings;
    private final ContextSlicer slicer;
    private final ClusterObserver observer;

    public AnalysisService(FleetSource fleet, Analyzer analyzer, RecommendationStore store, EventPublisher events,
                           Notifier notifier, MessageComposer composer, LinkFactory links, Clock clock, Settings settings) {
        this(fleet, analyzer, store, events, notifier, composer, links, clock, settings, ContextSlicer.WITHOUT_TELEMETRY);
    }

    /** @param slicer keeps, with each stored recommendation, the part of the analysis its review page draws */
    public AnalysisService(FleetSource fleet, Analyzer analyzer, RecommendationStore store, EventPublisher events,
                           Notifier notifier, MessageComposer composer, LinkFactory links, Clock clock, Settings settings,
                           ContextSlicer slicer) {
        this(fleet, analyzer, store, events, notifier, composer, links, clock, settings, slicer, ClusterObserver.NONE);
    }

    /**
     * @param observer captures, with each stored recommendation, the cluster objects its plan touches as they are now,
     *                 so an apply after approval can tell whether someone changed them in between
     */
    public AnalysisService(FleetSource fleet, Analyzer analyzer, RecommendationStore store, EventPublisher events,
                           Notifier notifier, MessageComposer composer, LinkFactory links, Clock clock, Settings settings,
                           ContextSlicer slicer, ClusterObserver observer) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.composer = Objects.requireNonNull(composer, "composer");
        this.links = Objects.requireNonNull(links, "links");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.slicer = Objects.requireNonNull(slicer, "slicer");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    public Result analyze(Request request) {
        Instant now = clock.instant();
        Instant end = now.truncatedTo(ChronoUnit.HOURS);
        Window window = new Window(end.minus(settings.lookback()), end, Duration.ofHours(1));
        FleetSnapshot snapshot = fleet.collect(request.cluster(), window);
        AnalysisReport report = analyzer.analyze(snapshot, settings.policy(), clock);
        for (InputProblem p : report.problems()) {
            LOG.log(Level.WARNING, "cluster {0}: input problem {1}", request.cluster(), p);
        }
        List<Recommendation> recs = report.recommendations().stream()
                .filter(r -> request.cluster().equals(r.cluster()))
                .filter(r -> request.nodePool() == null || request.nodePool().equals(r.nodePool()))
                .toList();
        List<InputProblem> problems = new ArrayList<>(report.problems());
        if (request.nodePool() != null && recs.isEmpty()) {
            problems.add(new InputProblem(request.cluster() + "/" + request.nodePool(),
                    "no GPU NodePool of that name was found in the analysis"));
            LOG.log(Level.WARNING, "cluster {0}: NodePool {1} not found in the analysis; nothing to do",
                    request.cluster(), request.nodePool());
        }

        List<PoolResult> results = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (Recommendation r : recs) {
            try {
                results.add(handle(r, request, now, report, snapshot));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "pool " + PoolKey.of(r) + ": recommendation " + r.id() + " could not be completed: " + e, e);
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException(failures.size() + " of " + recs.size() + " pool(s) of cluster "
                    + request.cluster() + " failed; the invocation will be retried (completed pools are not repeated): "
                    + failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
        return new Result(request.cluster(), results, problems);
    }

    private static dev.slicewise.fleet.DevicePluginSetup devicePlugin(FleetSnapshot snapshot, String cluster) {
        return snapshot.clusters().stream().filter(c -> c.name().equals(cluster)).findFirst()
                .map(dev.slicewise.fleet.ClusterSnapshot::devicePlugin).orElse(null);
    }

    private PoolResult handle(Recommendation r, Request request, Instant now, AnalysisReport report, FleetSnapshot snapshot) {
        PoolKey pool = PoolKey.of(r);
        String recordId = Ids.recordId(r.id(), request.triggerId());
        if (!r.actionable()) {
            if (settings.notifyNothingToDo() && store.claimNotification(pool, r.id(), recordId, now)) {
                notifier.send(composer.nothingToDo(r));
                return new PoolResult(pool, Outcome.NOTHING_TO_DO_NOTIFIED, null, r.id());
            }
            LOG.log(Level.INFO, "pool {0}: nothing to do ({1})", pool,
                    r.sharing() instanceof Sharing.Unchanged u ? u.why() : "no node freed");
            return new PoolResult(pool, Outcome.NOTHING_TO_DO, null, r.id());
        }
        if (!store.claimNotification(pool, r.id(), recordId, now)) {
            LOG.log(Level.INFO, "pool {0}: recommendation {1} is the one notified last; not notifying again", pool, r.id());
            return new PoolResult(pool, Outcome.ALREADY_NOTIFIED, null, r.id());
        }
        Instant expiresAt = now.plus(settings.approvalValidity());
        StoredRecommendation stored = store.find(recordId).orElse(null); // a retry keeps what the first attempt observed
        if (stored == null) {
            stored = store.createIfAbsent(StoredRecommendation.pending(recordId, r, now, expiresAt, request.trigger(),
                    slicer.slice(report, snapshot, r.id()), observer.observe(r, devicePlugin(snapshot, r.cluster()), now, expiresAt)));
        }
        if (stored.notifiedAt() == null) {
            events.publish(new WorkflowEvent.RecommendationCreated(stored.id(), r.id(), r.cluster(), r.nodePool(),
                    r.instanceType(), dev.slicewise.notify.MessageComposer.sharing(r.sharing()),
                    r.savings() == null ? null : r.savings().monthlySavings(), stored.expiresAt()));
            notifier.send(composer.created(stored, links.links(stored.id(), stored.expiresAt())));
            store.markNotified(stored.id(), clock.instant());
            LOG.log(Level.INFO, "pool {0}: recommendation {1} stored as {2} and notified", pool, r.id(), stored.id());
        }
        return new PoolResult(pool, Outcome.CREATED, stored.id(), r.id());
    }
}
