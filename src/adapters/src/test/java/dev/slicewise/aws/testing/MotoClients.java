package dev.slicewise.aws.testing;

import dev.slicewise.testing.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients pointed at the shared moto server. */
public final class MotoClients {
    private MotoClients() {}

    public static <B extends AwsClientBuilder<B, C>, C> C at(B builder) {
        return at(builder, MotoServer.shared().endpoint());
    }

    public static <B extends AwsClientBuilder<B, C>, C> C at(B builder, java.net.URI endpoint) {
        return builder.endpointOverride(endpoint).region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
                .build();
    }

    public static DynamoDbClient dynamo() {
        return at(DynamoDbClient.builder());
    }

    public static SnsClient sns() {
        return at(SnsClient.builder());
    }

    public static SqsClient sqs() {
        return at(SqsClient.builder());
    }

    public static EventBridgeClient events() {
        return at(EventBridgeClient.builder());
    }

    public static SecretsManagerClient secrets() {
        return at(SecretsManagerClient.builder());
    }

    public static SchedulerClient scheduler() {
        return at(SchedulerClient.builder());
    }

    public static Ec2Client ec2() {
        return at(Ec2Client.builder());
    }

    public static EksClient eks() {
        return at(EksClient.builder());
    }
}
