package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slicewise.fleet.DevicePluginSetup;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the mounted config file inside the component's pod on the node ({@code cat} through the exec API) and compares
 * it with what was written. Needs {@code pods/exec} in the operator namespace only (a Role, see the RBAC file).
 *
 * <p>Pod labels, container names and mount paths are those of GPU Operator v26.7 and the k8s-device-plugin v0.20.0
 * chart as read from their manifests (UNCONFIRMED on a live cluster; each is configurable through {@link Where}).
 */
public final class PodExecMountedConfigProbe implements MountedConfigProbe {
    /** How to find the file: pods with {@code labels} on the node, {@code container}, and the file path. */
    public record Where(Map<String, String> labels, String container, String path) {}

    private final KubernetesClient client;
    private final String namespace;
    private final Map<Component, Where> where;
    private final Duration execTimeout;

    public PodExecMountedConfigProbe(KubernetesClient client, String namespace, Map<Component, Where> where, Duration execTimeout) {
        this.client = client;
        this.namespace = namespace;
        this.where = Map.copyOf(where);
        this.execTimeout = execTimeout;
    }

    /** Defaults for the GPU Operator or the standalone chart. */
    public static PodExecMountedConfigProbe forTarget(KubernetesClient client, DevicePluginTarget target) {
        Where plugin = target.mode() == DevicePluginSetup.Mode.GPU_OPERATOR
                ? new Where(Map.of("app", "nvidia-device-plugin-daemonset"), "config-manager", "/available-configs/{name}")
                : new Where(Map.of("app.kubernetes.io/name", "nvidia-device-plugin"), "nvidia-device-plugin-sidecar", "/available-configs/{name}");
        Where mig = new Where(Map.of("app", "nvidia-mig-manager"), "nvidia-mig-manager", "/mig-parted-config/config.yaml");
        return new PodExecMountedConfigProbe(client, target.namespace(), Map.of(Component.DEVICE_PLUGIN, plugin, Component.MIG_MANAGER, mig),
                Duration.ofSeconds(20));
    }

    @Override
    public boolean carries(String node, Component component, String configName, String content) {
        Where w = where.get(component);
        Optional<Pod> pod = client.pods().inNamespace(namespace).withLabels(w.labels()).withField("spec.nodeName", node).list()
                .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).findFirst();
        if (pod.isEmpty()) return false;
        Optional<String> text = cat(pod.get(), w.container(), w.path().replace("{name}", configName));
        if (text.isEmpty()) return false;
        if (component == Component.DEVICE_PLUGIN) return text.get().strip().equals(content.strip());
        try {
            JsonNode mounted = MigPartedConfigs.YAML.readTree(text.get()).path("mig-configs").get(configName);
            JsonNode wanted = MigPartedConfigs.YAML.readTree(content);
            return mounted != null && MigPartedConfigs.canonical(mounted).equals(MigPartedConfigs.canonical(wanted));
        } catch (Exception e) {
            return false;
        }
    }

    private Optional<String> cat(Pod pod, String container, String path) {
        // resource(pod): fabric8 then takes the containers from the listed pod instead of GETting it again
        // (which would need an extra "get pods" grant)
        try (ExecWatch watch = client.pods().inNamespace(namespace).resource(pod).inContainer(container)
                .redirectingOutput().exec("cat", path)) {
            // read to the end of stdout (closed when the command exits), then the exit status
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return watch.getOutput().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            byte[] bytes = out.get(execTimeout.toMillis(), TimeUnit.MILLISECONDS);
            Integer code = watch.exitCode().get(execTimeout.toMillis(), TimeUnit.MILLISECONDS);
            // a non-zero exit (file missing) means "not there"; stdout alone is compared with what was written, so an
            // exit status lost with the closing WebSocket (null) does not turn a match into a miss
            return code != null && code != 0 ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (KubernetesClientException | ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
