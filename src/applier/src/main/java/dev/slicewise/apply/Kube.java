package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The applier's only door to the API server: reads, server-side apply (one field manager, optional dry-run,
 * strict field validation, resourceVersion precondition), replace, delete with precondition, JSON patch.
 */
final class Kube {
    private final KubernetesClient client;
    private final String fieldManager;

    Kube(KubernetesClient client, String fieldManager) {
        this.client = client;
        this.fieldManager = fieldManager;
    }

    KubernetesClient client() {
        return client;
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> ops(ObjectRef.Kind kind) {
        return client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                .withGroup(kind.group()).withVersion(kind.version()).withKind(kind.kind()).withPlural(kind.plural())
                .withNamespaced(kind.namespaced()).build());
    }

    private Resource<GenericKubernetesResource> one(ObjectRef ref) {
        return ref.kind().namespaced() ? ops(ref.kind()).inNamespace(ref.namespace()).withName(ref.name())
                : ops(ref.kind()).withName(ref.name());
    }

    /** The object as JSON, or empty when it does not exist. */
    Optional<ObjectNode> get(ObjectRef ref) {
        // reads are idempotent: ride out a transient server error (writes are never retried blindly)
        for (int attempt = 0; ; attempt++) {
            try {
                return Optional.ofNullable(Json.toNode(one(ref).get()));
            } catch (KubernetesClientException e) {
                if (e.getCode() < 500 || attempt >= 2) throw e;
            }
        }
    }

    List<ObjectNode> list(ObjectRef.Kind kind, Map<String, String> labels) {
        var op = kind.namespaced() ? ops(kind).inAnyNamespace() : ops(kind);
        var listed = labels.isEmpty() ? op.list() : op.withLabels(labels).list();
        return listed.getItems().stream().map(Json::toNode).toList();
    }

    /** Whether the API server serves {@code kind} (its CRD is installed): discovery, which every user may read. */
    boolean serves(ObjectRef.Kind kind) {
        try {
            APIResourceList resources = client.getApiResources(kind.apiVersion());
            return resources != null && resources.getResources().stream().anyMatch(r -> r.getName().equals(kind.plural()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) return false;
            throw e;
        }
    }

    /**
     * Server-side apply of {@code body} (a partial object: apiVersion, kind, metadata.name and the fields we own)
     * with our field manager, forcing ownership of those fields (the approval is the decision to take them over),
     * strict field validation (an unknown field is an error, not silently dropped) and, when {@code resourceVersion}
     * is given, the optimistic-concurrency precondition (409 when the object moved).
     */
    ObjectNode apply(ObjectRef ref, ObjectNode body, String resourceVersion, boolean dryRun) {
        ObjectNode sent = body.deepCopy();
        ObjectNode meta = sent.with("metadata");
        meta.put("name", ref.name());
        if (ref.namespace() != null) meta.put("namespace", ref.namespace());
        if (resourceVersion != null) meta.put("resourceVersion", resourceVersion);
        else meta.remove("resourceVersion");
        sent.put("apiVersion", ref.kind().apiVersion());
        sent.put("kind", ref.kind().kind());
        var resource = one(ref);
        var op = dryRun ? resource.dryRun() : resource;
        GenericKubernetesResource result = op.fieldValidation(FieldValidateable.Validation.STRICT)
                .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(fieldManager)
                        .withForce(true).build(), Json.toResource(sent));
        return Json.toNode(result);
    }

    /** Replaces the object with {@code image} (PUT) under the precondition that it is still at {@code resourceVersion}. */
    ObjectNode replace(ObjectRef ref, ObjectNode image, String resourceVersion) {
        ObjectNode sent = Json.withoutServerFields(image);
        ((ObjectNode) sent.get("metadata")).put("resourceVersion", resourceVersion);
        var op = ref.kind().namespaced() ? ops(ref.kind()).inNamespace(ref.namespace()) : ops(ref.kind());
        // update() sends the item's resourceVersion: the server answers 409 when the object moved since
        return Json.toNode(op.resource(Json.toResource(sent)).fieldValidation(FieldValidateable.Validation.STRICT).update());
    }

    /** Deletes the object under the precondition that it is still at {@code resourceVersion}. */
    void delete(ObjectRef ref, String resourceVersion) {
        one(ref).lockResourceVersion(resourceVersion).delete();
    }

    /** An RFC 6902 JSON patch; its {@code test} operations make it a compare-and-set the server applies atomically. */
    ObjectNode jsonPatch(ObjectRef ref, JsonNode patch) {
        return Json.toNode(one(ref).patch(PatchContext.of(PatchType.JSON), patch.toString()));
    }

    /** Pods on {@code node} holding NVIDIA devices (any nvidia.com/* request or limit) that have not finished. */
    List<Pod> gpuPodsOn(String node) {
        return client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems().stream()
                .filter(p -> !"Succeeded".equals(phase(p)) && !"Failed".equals(phase(p)))
                .filter(Kube::holdsGpu)
                .toList();
    }

    /** Evicts through the Eviction API, which honours PodDisruptionBudgets: false when a budget blocks it (429). */
    boolean evict(Pod pod) {
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).evict();
    }

    private static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    static boolean holdsGpu(Pod pod) {
        if (pod.getSpec() == null) return false;
        return Stream.concat(pod.getSpec().getContainers().stream(), pod.getSpec().getInitContainers().stream())
                .map(c -> c.getResources())
                .anyMatch(Kube::nvidia);
    }

    private static boolean nvidia(ResourceRequirements r) {
        if (r == null) return false;
        return Stream.of(r.getLimits(), r.getRequests())
                .filter(m -> m != null)
                .flatMap(m -> m.entrySet().stream())
                .anyMatch(e -> e.getKey().startsWith("nvidia.com/") && positive(e.getValue()));
    }

    private static boolean positive(Quantity q) {
        try {
            return Quantity.getAmountInBytes(q).signum() > 0;
        } catch (RuntimeException e) {
            return true;
        }
    }
}
