package dev.slicewise.aws.dynamodb;

import dev.slicewise.plan.PlanStep;
import dev.slicewise.recommend.GpuEvidence;
import dev.slicewise.recommend.Recommendation;
import dev.slicewise.workflow.AnalysisContext;
import dev.slicewise.workflow.PoolKey;
import dev.slicewise.workflow.RecommendationJson;
import dev.slicewise.workflow.RecommendationStore;
import dev.slicewise.workflow.Status;
import dev.slicewise.workflow.StatusChange;
import dev.slicewise.workflow.StoredRecommendation;
import dev.slicewise.workflow.Transition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The recommendation store in one DynamoDB table (partition key {@code id}, TTL attribute {@value #TTL}). Every state
 * change is a conditional write, so of two concurrent approvals or applies exactly one succeeds.
 *
 * <p>Besides the full recommendation (attribute {@code recommendation}, lossless JSON for the applier), the item keeps
 * the fields people look at in the console as plain attributes: cluster, NodePool, status, savings, plan, evidence;
 * and, in {@code observed}, the applier's observation of the cluster at analysis time (what the apply re-checks).
 * A second kind of item, {@code pool#<cluster>#<nodePool>#<instanceType>}, remembers the last recommendation notified
 * for a pool.
 *
 * <p>The analysis context (the pool's hourly series, for the review page's charts) is stored gzip-compressed in
 * {@code context}; when even compressed it would push the item past DynamoDB's 400 KB limit, only its report part is
 * kept and the page says it has no telemetry (an S3 object would be the next step for such pools).
 */
public final class DynamoDbRecommendationStore implements RecommendationStore {
    public static final String TTL = "ttl";
    static final String ID = "id";
    static final String STATUS = "status";
    static final String HISTORY = "history";
    /** Leaves room for the rest of the item under DynamoDB's 400 KB item limit. */
    static final int MAX_CONTEXT_BYTES = 300 * 1024;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    /**
     * @param retention how long an item stays after its links expire, for the audit trail (the TTL is
     *                  expiresAt + retention; DynamoDB deletes expired items within a few days of that)
     */
    public DynamoDbRecommendationStore(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public StoredRecommendation createIfAbsent(StoredRecommendation record) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(toItem(record)).conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", ID)));
            return record;
        } catch (ConditionalCheckFailedException e) {
            return find(record.id()).orElseThrow(() -> new IllegalStateException(
                    "record " + record.id() + " exists according to DynamoDB but cannot be read back"));
        }
    }

    @Override
    public Optional<StoredRecommendation> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(id)).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !item.containsKey(STATUS)) return Optional.empty();
        return Optional.of(fromItem(item));
    }

    @Override
    public Transition transition(String id, Set<Status> from, StatusChange change) {
        if (from.isEmpty()) throw new IllegalArgumentException("no status to move from");
        Map<String, String> names = new HashMap<>(Map.of("#s", STATUS, "#h", HISTORY, "#u", "updatedAt"));
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> placeholders = new ArrayList<>();
        int i = 0;
        for (Status s : from) {
            placeholders.add(":f" + i);
            values.put(":f" + i++, s(s.name()));
        }
        values.put(":to", s(change.to().name()));
        values.put(":change", AttributeValue.fromL(List.of(change(change))));
        values.put(":at", s(change.at().toString()));
        String update = "SET #s = :to, #h = list_append(#h, :change), #u = :at";
        if (change.to().terminal()) {
            names.put("#o", "outcome");
            names.put("#od", "outcomeDetails");
            values.put(":o", s(change.summary()));
            values.put(":od", strings(change.details()));
            update += ", #o = :o, #od = :od";
        }
        String finalUpdate = update;
        try {
            UpdateItemResponse r = dynamo.updateItem(u -> u.tableName(table).key(key(id))
                    .conditionExpression("#s IN (" + String.join(", ", placeholders) + ")")
                    .updateExpression(finalUpdate).expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW));
            return new Transition.Moved(fromItem(r.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return find(id).<Transition>map(cur -> new Transition.Refused(cur.status())).orElse(new Transition.Missing());
        }
    }

    @Override
    public void markNotified(String id, Instant at) {
        setInstant(id, "notifiedAt", at);
    }

    @Override
    public void markDecisionPublished(String id, Instant at) {
        setInstant(id, "decisionPublishedAt", at);
    }

    @Override
    public void markOutcomeNotified(String id, Instant at) {
        setInstant(id, "outcomeNotifiedAt", at);
    }

    @Override
    public boolean claimNotification(PoolKey pool, String recommendationId, String recordId, Instant at) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(poolId(pool)))
                    .conditionExpression("attribute_not_exists(#last) OR #last <> :rid OR #rec = :rec")
                    .updateExpression("SET #last = :rid, #rec = :rec, #at = :at, #kind = :kind, #c = :c, #p = :p")
                    .expressionAttributeNames(Map.of("#last", "lastRecommendationId", "#rec", "lastRecordId", "#at", "notifiedAt",
                            "#kind", "kind", "#c", "cluster", "#p", "nodePool"))
                    .expressionAttributeValues(Map.of(":rid", s(recommendationId), ":rec", s(recordId), ":at", s(at.toString()),
                            ":kind", s("pool"), ":c", s(pool.cluster()), ":p", s(pool.nodePool()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    static String poolId(PoolKey pool) {
        return "pool#" + pool.cluster() + "#" + pool.nodePool() + "#" + pool.instanceType();
    }

    private void setInstant(String id, String attribute, Instant at) {
        dynamo.updateItem(u -> u.tableName(table).key(key(id)).conditionExpression("attribute_exists(#id)")
                .updateExpression("SET #a = :at").expressionAttributeNames(Map.of("#id", ID, "#a", attribute))
                .expressionAttributeValues(Map.of(":at", s(at.toString()))));
    }

    Map<String, AttributeValue> toItem(StoredRecommendation r) {
        Recommendation rec = r.recommendation();
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(ID, s(r.id()));
        item.put("kind", s("recommendation"));
        item.put("recommendationId", s(rec.id()));
        item.put("cluster", s(rec.cluster()));
        item.put("nodePool", s(rec.nodePool()));
        item.put("instanceType", s(rec.instanceType()));
        item.put(STATUS, s(r.status().name()));
        item.put("createdAt", s(r.createdAt().toString()));
        item.put("expiresAt", s(r.expiresAt().toString()));
        item.put(TTL, AttributeValue.fromN(Long.toString(r.expiresAt().plus(retention).getEpochSecond())));
        item.put("trigger", s(r.trigger()));
        item.put("sharing", s(dev.slicewise.notify.MessageComposer.sharing(rec.sharing())));
        if (rec.savings() != null) {
            item.put("monthlySavingsUsd", n(rec.savings().monthlySavings()));
            item.put("savings", AttributeValue.fromM(Map.of(
                    "monthlyBefore", n(rec.savings().monthlyBefore()), "monthlyAfter", n(rec.savings().monthlyAfter()),
                    "usdPerHour", n(rec.savings().price().usdPerHour()),
                    "priceSource", s(rec.savings().price().source().kind().name()),
                    "nodesBefore", AttributeValue.fromN(Integer.toString(rec.savings().nodesBefore())),
                    "nodesAfter", AttributeValue.fromN(Integer.toString(rec.savings().nodesAfter())))));
        }
        item.put("plan", strings(rec.plan().steps().stream().map(PlanStep::describe).toList()));
        item.put("why", strings(rec.reasons()));
        item.put("risks", strings(rec.risks().stream().map(k -> k.severity() + " " + k.kind() + ": " + k.text()).toList()));
        item.put("evidence", AttributeValue.fromL(rec.evidence().stream().map(DynamoDbRecommendationStore::evidence).toList()));
        item.put("recommendation", s(RecommendationJson.write(rec)));
        item.put(HISTORY, AttributeValue.fromL(r.history().stream().map(DynamoDbRecommendationStore::change).toList()));
        if (r.notifiedAt() != null) item.put("notifiedAt", s(r.notifiedAt().toString()));
        if (r.decisionPublishedAt() != null) item.put("decisionPublishedAt", s(r.decisionPublishedAt().toString()));
        if (r.outcomeNotifiedAt() != null) item.put("outcomeNotifiedAt", s(r.outcomeNotifiedAt().toString()));
        // what the cluster looked like at analysis time, for the applier's re-check (its own JSON; a few KB)
        if (r.observed() != null) item.put("observed", s(r.observed()));
        if (r.context() != null) {
            byte[] packed = gzip(r.context());
            if (packed.length > MAX_CONTEXT_BYTES) packed = gzip(new AnalysisContext(r.context().report(), null));
            item.put("context", AttributeValue.fromB(SdkBytes.fromByteArray(packed)));
        }
        return item;
    }

    private static byte[] gzip(AnalysisContext c) {
        try {
            return Gzip.pack(RecommendationJson.mapper().writeValueAsBytes(c));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the analysis context", e);
        }
    }

    private static AnalysisContext gunzip(AttributeValue v) {
        if (v == null || v.b() == null) return null;
        try {
            return RecommendationJson.mapper().readValue(Gzip.unpack(v.b().asByteArray(), "analysis context"), AnalysisContext.class);
        } catch (IOException e) {
            throw new UncheckedIOException("stored analysis context is not readable", e);
        }
    }

    static StoredRecommendation fromItem(Map<String, AttributeValue> item) {
        List<StatusChange> history = item.getOrDefault(HISTORY, AttributeValue.fromL(List.of())).l().stream()
                .map(v -> {
                    Map<String, AttributeValue> m = v.m();
                    return new StatusChange(Status.valueOf(m.get("to").s()), Instant.parse(m.get("at").s()), str(m.get("by")),
                            str(m.get("summary")), m.containsKey("details") ? m.get("details").l().stream().map(AttributeValue::s).toList() : List.of());
                }).toList();
        return new StoredRecommendation(item.get(ID).s(), RecommendationJson.read(item.get("recommendation").s()),
                Status.valueOf(item.get(STATUS).s()), Instant.parse(item.get("createdAt").s()),
                Instant.parse(item.get("expiresAt").s()), str(item.get("trigger")), instant(item.get("notifiedAt")),
                instant(item.get("decisionPublishedAt")), instant(item.get("outcomeNotifiedAt")), history, gunzip(item.get("context")),
                str(item.get("observed")));
    }

    private static AttributeValue evidence(GpuEvidence e) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("node", s(e.node()));
        m.put("device", s(e.device()));
        m.put("verdict", s(e.verdict().getClass().getSimpleName().toUpperCase(Locale.ROOT)));
        m.put("reason", s(e.verdict().reason()));
        var ev = e.verdict().evidence();
        if (ev != null) {
            putNumber(m, "p50UtilPct", ev.p50UtilPct());
            putNumber(m, "p95UtilPct", ev.p95UtilPct());
            putNumber(m, "peakMemMiB", ev.peakMemMiB());
            putNumber(m, "coverage", ev.coverage());
        }
        return AttributeValue.fromM(m);
    }

    private static void putNumber(Map<String, AttributeValue> m, String k, double v) {
        if (Double.isFinite(v)) m.put(k, n(v)); // DynamoDB numbers cannot be NaN: a gap is simply absent
    }

    private static AttributeValue change(StatusChange c) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("to", s(c.to().name()));
        m.put("at", s(c.at().toString()));
        if (c.by() != null) m.put("by", s(c.by()));
        if (c.summary() != null) m.put("summary", s(c.summary()));
        m.put("details", strings(c.details()));
        return AttributeValue.fromM(m);
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, s(id));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v == null ? "" : v);
    }

    private static AttributeValue n(double v) {
        return AttributeValue.fromN(java.math.BigDecimal.valueOf(v).toPlainString());
    }

    private static AttributeValue strings(List<String> l) {
        return AttributeValue.fromL(l.stream().map(DynamoDbRecommendationStore::s).toList());
    }

    private static String str(AttributeValue v) {
        return v == null ? null : v.s();
    }

    private static Instant instant(AttributeValue v) {
        return v == null || v.s() == null || v.s().isEmpty() ? null : Instant.parse(v.s());
    }
}
