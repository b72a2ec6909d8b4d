package dev.slicewise.testkit;

import dev.slicewise.aws.AwsSettings;
import dev.slicewise.testing.MotoServer;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** AWS settings aimed at a local peer (moto or WireMock) with moto's test credentials. */
public final class TestAws {
    private TestAws() {}

    public static AwsSettings at(URI endpoint, int maxAttempts) {
        return new AwsSettings(Region.of(MotoServer.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)),
                endpoint, maxAttempts);
    }

    public static AwsSettings moto() {
        return at(MotoServer.shared().endpoint(), 3);
    }
}
