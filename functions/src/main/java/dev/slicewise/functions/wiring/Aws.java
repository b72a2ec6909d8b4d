package dev.slicewise.functions.wiring;

import dev.slicewise.aws.ServerlessClients;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The AWS clients, one of each per execution environment, sharing one connection pool. Application-scoped beans are
 * created on first use, so a function builds only the clients it calls, and none of them makes a call during init
 * (the SnapStart snapshot holds no credentials or connections worth keeping). Region, credentials and endpoints come
 * from the SDK's standard settings.
 */
@ApplicationScoped
public class Aws {
    private final ServerlessClients clients = new ServerlessClients();

    @Produces
    @ApplicationScoped
    DynamoDbClient dynamo() {
        return clients.configure(DynamoDbClient.builder()).build();
    }

    @Produces
    @ApplicationScoped
    SnsClient sns() {
        return clients.configure(SnsClient.builder()).build();
    }

    @Produces
    @ApplicationScoped
    EventBridgeClient events() {
        return clients.configure(EventBridgeClient.builder()).build();
    }

    @Produces
    @ApplicationScoped
    SecretsManagerClient secrets() {
        return clients.configure(SecretsManagerClient.builder()).build();
    }

    @Produces
    @ApplicationScoped
    SchedulerClient scheduler() {
        return clients.configure(SchedulerClient.builder()).build();
    }

    @Produces
    @ApplicationScoped
    Ec2Client ec2() {
        return clients.configure(Ec2Client.builder()).build();
    }

    @Produces
    @ApplicationScoped
    EksClient eks() {
        return clients.configure(EksClient.builder()).build();
    }

    void close(@Observes ShutdownEvent e) {
        clients.close();
    }
}
