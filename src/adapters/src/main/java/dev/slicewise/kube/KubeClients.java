package dev.slicewise.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Builds fabric8 clients: for an EKS cluster from DescribeCluster + a token source, or from a kubeconfig. */
public final class KubeClients {
    private KubeClients() {}

    /**
     * @param caData base64 of the PEM CA bundle, as DescribeCluster returns it (fabric8 takes it as is)
     * @param token  asked before every request (and again after a 401): the EKS token provider reuses its token
     */
    public static KubernetesClient forEndpoint(URI endpoint, String caData, Supplier<String> token) {
        Config config = new ConfigBuilder(Config.empty()) // empty(): no kubeconfig, env or service-account auto-configuration
                .withMasterUrl(endpoint.toString())
                .withCaCertData(caData)
                .withOauthTokenProvider(token::get)
                .withRequestTimeout(30_000)
                .withConnectionTimeout(10_000)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The local command's alternative: a kubeconfig (its exec plugin, e.g. {@code aws eks get-token}, supplies tokens). */
    public static KubernetesClient fromKubeconfig(Path kubeconfig, String context) {
        Config config = Config.fromKubeconfig(context, kubeconfig.toFile());
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
