package dev.slicewise.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.aws.dynamodb.DynamoDbRecommendationStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The stack's stateful resources, created in moto the way template.yaml declares them: the state table (key {@code id},
 * TTL {@code ttl}), the topic, the bus, the generated signing secret, the re-check schedule group — plus two capture
 * queues so tests can see what really left: one subscribed to the topic, one the target of a rule taking every
 * Slicewise event off the bus.
 *
 * @param secretId the secret's name (stable across moto resets, unlike its ARN)
 */
public record SlicewiseStack(String table, String topicArn, String busName, String busArn, String secretId,
                             String scheduleGroup, String busQueueUrl, String topicQueueUrl) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stack with a freshly generated signing key. */
    public static SlicewiseStack create() {
        byte[] raw = new byte[48];
        new SecureRandom().nextBytes(raw);
        return create(java.util.Base64.getEncoder().encodeToString(raw));
    }

    /** The stack with a given signing key (tests that sign links themselves, across moto resets). */
    public static SlicewiseStack create(String signingKey) {
        var dynamo = MotoClients.dynamo();
        String table = "slicewise-state";
        dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        dynamo.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.attributeName(DynamoDbRecommendationStore.TTL).enabled(true)));

        var sns = MotoClients.sns();
        String topic = sns.createTopic(r -> r.name("slicewise-notifications")).topicArn();

        var events = MotoClients.events();
        String bus = "slicewise";
        String busArn = events.createEventBus(r -> r.name(bus)).eventBusArn();

        String secret = "slicewise/approval-signing-key";
        MotoClients.secrets().createSecret(r -> r.name(secret).secretString(signingKey));

        MotoClients.scheduler().createScheduleGroup(r -> r.name("slicewise"));

        var sqs = MotoClients.sqs();
        String busQueue = sqs.createQueue(r -> r.queueName("bus-capture")).queueUrl();
        String busQueueArn = arn(busQueue);
        events.putRule(r -> r.name("capture-all").eventBusName(bus).eventPattern("{\"source\":[\"dev.slicewise\"]}"));
        events.putTargets(r -> r.rule("capture-all").eventBusName(bus).targets(t -> t.id("q").arn(busQueueArn)));

        String topicQueue = sqs.createQueue(r -> r.queueName("topic-capture")).queueUrl();
        sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(arn(topicQueue)));
        return new SlicewiseStack(table, topic, bus, busArn, secret, "slicewise", busQueue, topicQueue);
    }

    public DynamoDbRecommendationStore store() {
        return new DynamoDbRecommendationStore(MotoClients.dynamo(), table, Duration.ofDays(30));
    }

    /** The applier's journal in the same table, as the apply function builds it. */
    public dev.slicewise.aws.dynamodb.DynamoDbApplyJournal journal() {
        return new dev.slicewise.aws.dynamodb.DynamoDbApplyJournal(MotoClients.dynamo(), table, Duration.ofDays(33));
    }

    /** Every event that went over the bus since the last call, as EventBridge delivered it (the full envelope). */
    public List<JsonNode> busEvents() {
        List<JsonNode> out = new ArrayList<>();
        for (Message m : drain(busQueueUrl)) out.add(read(m.body()));
        return out;
    }

    /** Every SNS notification the topic delivered to its SQS subscriber (the SNS envelope; Message = the default text). */
    public List<JsonNode> topicMessages() {
        List<JsonNode> out = new ArrayList<>();
        for (Message m : drain(topicQueueUrl)) out.add(read(m.body()));
        return out;
    }

    private static List<Message> drain(String url) {
        var sqs = MotoClients.sqs();
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) return all;
            for (Message m : batch) {
                all.add(m);
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private static String arn(String queueUrl) {
        Map<QueueAttributeName, String> a = MotoClients.sqs()
                .getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes();
        return a.get(QueueAttributeName.QUEUE_ARN);
    }

    private static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + s, e);
        }
    }
}
