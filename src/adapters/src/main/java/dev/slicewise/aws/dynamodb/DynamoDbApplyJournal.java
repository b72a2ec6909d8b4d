package dev.slicewise.aws.dynamodb;

import dev.slicewise.apply.ApplyJournal;
import dev.slicewise.apply.ApplyRecord;
import dev.slicewise.apply.ApprovedPlanCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The applier's journal in the recommendations' DynamoDB table, so an apply's before-images outlive the Lambda
 * invocation that wrote them and a later invocation can roll it back (a file journal would vanish with the execution
 * environment).
 *
 * <p>Two kinds of item, beside the recommendations:
 * <ul>
 *   <li>{@code apply#<applyId>}: one apply — {@code planId}, {@code cluster}, {@code state}, {@code startedAt} in plain
 *       attributes for people reading the console, and the whole {@link ApplyRecord} (before-images of every touched
 *       object, the report) as gzip-compressed JSON in {@code record};</li>
 *   <li>{@code applies#<planId>}: the ids of the plan's applies (a string set), so {@link #forPlan} is two strongly
 *       consistent reads instead of a scan or an eventually consistent index.</li>
 * </ul>
 *
 * <p>Every write is conditional. An apply id belongs to one plan and one cluster forever (a colliding id cannot
 * overwrite another apply's before-images), and an entry that ended — APPLIED, ROLLED_BACK, FAILED, RESTORED — never
 * goes back to IN_PROGRESS (a late retry of a half-way save cannot hide how it ended). A refused write is an
 * {@link IllegalStateException} naming the apply; the applier then stops and restores what it changed.
 */
public final class DynamoDbApplyJournal implements ApplyJournal {
    static final String APPLY_PREFIX = "apply#";
    static final String PLAN_PREFIX = "applies#";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    /**
     * @param retention how long after its start an entry is kept (the table's TTL deletes it some days later): at least
     *                  as long as the recommendation records, so a change stays undoable while its record exists
     */
    public DynamoDbApplyJournal(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public void save(ApplyRecord record) {
        String ttl = Long.toString(record.startedAt().plus(retention).getEpochSecond());
        // the plan's index first: if the put below then fails, forPlan skips the id it cannot read, nothing is lost
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(PLAN_PREFIX + record.planId()))
                    .conditionExpression("attribute_not_exists(#id) OR #plan = :plan")
                    .updateExpression("SET #kind = :kind, #plan = :plan, #ttl = :ttl ADD #ids :id")
                    .expressionAttributeNames(Map.of("#id", "id", "#kind", "kind", "#plan", "planId", "#ttl", DynamoDbRecommendationStore.TTL,
                            "#ids", "applyIds"))
                    .expressionAttributeValues(Map.of(":kind", s("applies"), ":plan", s(record.planId()), ":ttl", AttributeValue.fromN(ttl),
                            ":id", AttributeValue.fromSs(List.of(record.applyId())))));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("apply journal: item " + PLAN_PREFIX + record.planId() + " belongs to another plan", e);
        }
        Map<String, AttributeValue> item = new java.util.LinkedHashMap<>();
        item.put("id", s(APPLY_PREFIX + record.applyId()));
        item.put("kind", s("apply"));
        item.put("applyId", s(record.applyId()));
        item.put("planId", s(record.planId()));
        item.put("cluster", s(record.cluster()));
        item.put("state", s(record.state().name()));
        item.put("startedAt", s(record.startedAt().toString()));
        if (record.finishedAt() != null) item.put("finishedAt", s(record.finishedAt().toString()));
        item.put("touched", AttributeValue.fromN(Integer.toString(record.touched().size())));
        if (record.report() != null) item.put("outcome", s(record.report().outcome().summary()));
        item.put("record", AttributeValue.fromB(SdkBytes.fromByteArray(Gzip.pack(ApprovedPlanCodec.write(record).getBytes(StandardCharsets.UTF_8)))));
        item.put(DynamoDbRecommendationStore.TTL, AttributeValue.fromN(ttl));
        boolean inProgress = record.state() == ApplyRecord.State.IN_PROGRESS;
        Map<String, String> names = new java.util.HashMap<>(Map.of("#id", "id", "#plan", "planId", "#cluster", "cluster"));
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":plan", s(record.planId()), ":cluster", s(record.cluster())));
        if (inProgress) {
            names.put("#state", "state");
            values.put(":inProgress", s(ApplyRecord.State.IN_PROGRESS.name()));
        }
        String condition = "attribute_not_exists(#id) OR (#plan = :plan AND #cluster = :cluster" + (inProgress ? " AND #state = :inProgress)" : ")");
        try {
            dynamo.putItem(p -> p.tableName(table).item(item).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            String why = find(record.applyId()).map(existing -> !existing.planId().equals(record.planId()) || !existing.cluster().equals(record.cluster())
                    ? "it belongs to plan " + existing.planId() + " on cluster " + existing.cluster()
                    : "it already ended as " + existing.state() + " and cannot go back to " + record.state()).orElse("it changed concurrently");
            throw new IllegalStateException("apply journal: entry " + record.applyId() + " not saved: " + why, e);
        }
    }

    @Override
    public Optional<ApplyRecord> find(String applyId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(APPLY_PREFIX + applyId)).consistentRead(true)).item();
        if (item == null || !item.containsKey("record")) return Optional.empty();
        return Optional.of(ApprovedPlanCodec.readRecord(new String(Gzip.unpack(item.get("record").b().asByteArray(), "apply journal entry " + applyId), StandardCharsets.UTF_8)));
    }

    @Override
    public List<ApplyRecord> forPlan(String planId) {
        Map<String, AttributeValue> index = dynamo.getItem(g -> g.tableName(table).key(key(PLAN_PREFIX + planId)).consistentRead(true)).item();
        if (index == null || !index.containsKey("applyIds")) return List.of();
        List<ApplyRecord> out = new ArrayList<>();
        for (String id : index.get("applyIds").ss()) find(id).filter(r -> r.planId().equals(planId)).ifPresent(out::add);
        out.sort(Comparator.comparing(ApplyRecord::startedAt));
        return out;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", s(id));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v == null ? "" : v);
    }
}
