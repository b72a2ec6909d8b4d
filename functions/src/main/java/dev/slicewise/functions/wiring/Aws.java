package dev.slicewise.functions.wiring;

import dev.slicewise.aws.AwsClients;
import dev.slicewise.aws.AwsSettings;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS clients, one of each per execution environment, all from the one factory ({@link AwsClients}: the JDK-based
 * HTTP client, the standard retry strategy). Application-scoped beans are created on first use, so a function builds
 * only the clients it calls, and none of them makes a call during init (the SnapStart snapshot holds no credentials or
 * connections worth keeping). Region, credentials and endpoints come from the SDK's standard settings
 * ({@code AWS_REGION}, the function's role, {@code AWS_ENDPOINT_URL*} / {@code aws.endpointUrl*} in the tests).
 */
@ApplicationScoped
public class Aws {
    private final List<SdkAutoCloseable> created = new CopyOnWriteArrayList<>();
    private Ec2Client ec2;

    /** The workflow's clients: 3 attempts, then the invocation fails and Lambda's retries and dead-letter queue take over. */
    static AwsSettings workflow() {
        return AwsSettings.fromEnvironment().withMaxAttempts(AwsSettings.WORKFLOW_MAX_ATTEMPTS);
    }

    @Produces
    @ApplicationScoped
    DynamoDbClient dynamo() {
        return keep(AwsClients.configure(DynamoDbClient.builder(), workflow()).build());
    }

    @Produces
    @ApplicationScoped
    SnsClient sns() {
        return keep(AwsClients.configure(SnsClient.builder(), workflow()).build());
    }

    @Produces
    @ApplicationScoped
    EventBridgeClient events() {
        return keep(AwsClients.configure(EventBridgeClient.builder(), workflow()).build());
    }

    @Produces
    @ApplicationScoped
    SecretsManagerClient secrets() {
        return keep(AwsClients.configure(SecretsManagerClient.builder(), workflow()).build());
    }

    @Produces
    @ApplicationScoped
    SchedulerClient scheduler() {
        return keep(AwsClients.configure(SchedulerClient.builder(), workflow()).build());
    }

    /**
     * Not a bean, unlike the others: EC2's client interface alone is 1.2 MB of bytecode, and the container loads the
     * types of every bean when it starts, on every cold start of every function; only the analysis of a new GPU
     * instance's event calls EC2. Built on that first call instead.
     */
    synchronized Ec2Client ec2() {
        if (ec2 == null) ec2 = keep(AwsClients.configure(Ec2Client.builder(), workflow()).build());
        return ec2;
    }

    @Produces
    @ApplicationScoped
    EksClient eks() {
        return keep(AwsClients.configure(EksClient.builder(), workflow()).build());
    }

    /** The Price List API (us-east-1 whatever the region); the collector's attempts, since GetProducts throttles. */
    @Produces
    @ApplicationScoped
    PricingClient pricing() {
        return keep(AwsClients.pricing(AwsSettings.fromEnvironment(), List.of()));
    }

    /** Closed when the application stops (a test's Quarkus restart; Lambda simply discards the environment). */
    void close(@Observes ShutdownEvent e) {
        created.forEach(SdkAutoCloseable::close);
        created.clear();
        synchronized (this) {
            ec2 = null;
        }
    }

    private <C extends SdkAutoCloseable> C keep(C client) {
        created.add(client);
        return client;
    }
}
