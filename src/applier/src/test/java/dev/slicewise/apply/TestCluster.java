package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;

/**
 * A Kubernetes API for one test: fabric8's mock server whose dispatcher first serves expectations (fault injection,
 * {@code server().expect()…once()}) and otherwise the {@link EmulatedApiServer} in CRUD mode, with the real NodePool,
 * NodeOverlay, EC2NodeClass and ClusterPolicy CRDs registered. Records every request as an RBAC verb/resource.
 */
public final class TestCluster implements AutoCloseable {
    private static CrdSchemas schemas;
    /** Held so the setting sticks: the mock server logs every request at INFO. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    /** One request as RBAC sees it. */
    record Call(String method, String path, String verb, String group, String resource, String namespace, String name, boolean dryRun, int code,
                boolean byApplier) {
        boolean mutating() {
            return !dryRun && List.of("create", "update", "patch", "delete", "deletecollection").contains(verb);
        }
    }

    final EmulatedApiServer api;
    private final KubernetesMockServer server;
    /** The tests' and simulated controllers' client. */
    public final KubernetesClient client;
    /** The client handed to the applier: its requests are told apart by their User-Agent. */
    final KubernetesClient applierClient;
    static final String APPLIER_AGENT = "slicewise-applier-under-test";
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    public TestCluster(boolean withNodeOverlayCrd) {
        synchronized (TestCluster.class) {
            if (schemas == null) schemas = CrdSchemas.load();
        }
        api = new EmulatedApiServer(schemas);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        MockDispatcher expectations = new MockDispatcher(responses);
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Queue<ServerResponse> queue = responses.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
                if (queue == null || queue.isEmpty()) queue = responses.get(new SimpleRequest(request.getPath())); // any method
                MockResponse response = queue != null && !queue.isEmpty() ? expectations.dispatch(request) : api.dispatch(request);
                record(request, response);
                return response;
            }
        };
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses, dispatcher, false);
        server.init();
        client = server.createClient();
        applierClient = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).withUserAgent(APPLIER_AGENT).build()).build();
        for (CustomResourceDefinition crd : schemas.crds()) {
            if (!withNodeOverlayCrd && crd.getSpec().getNames().getKind().equals("NodeOverlay")) continue;
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        calls.clear();
    }

    static CrdSchemas schemas() {
        synchronized (TestCluster.class) {
            if (schemas == null) schemas = CrdSchemas.load();
            return schemas;
        }
    }

    public KubernetesMockServer server() {
        return server;
    }

    private void record(RecordedRequest request, MockResponse response) {
        EmulatedApiServer.Req r = EmulatedApiServer.parse(request.getMethod(), request.getPath());
        if (!r.isResource()) return; // discovery and /version: non-resource URLs every authenticated user may read
        String verb = switch (r.method()) {
            case "GET" -> r.name() == null ? (r.query().containsKey("watch") ? "watch" : "list")
                    // exec over a WebSocket is a GET; since Kubernetes 1.31 it is authorised as create on pods/exec
                    : "exec".equals(r.subresource()) ? "create" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> r.name() == null ? "deletecollection" : "delete";
            default -> r.method().toLowerCase();
        };
        String resource = r.subresource() == null ? r.resource() : r.resource() + "/" + r.subresource();
        boolean dryRun = r.dryRun() || (request.getBody() != null && new String(request.getBody().getBytes(), StandardCharsets.UTF_8).contains("\"dryRun\":[\"All\"]"));
        boolean byApplier = APPLIER_AGENT.equals(request.getHeader("User-Agent"));
        calls.add(new Call(r.method(), request.getPath(), verb, r.group(), resource, r.namespace(), r.name(), dryRun, response.code(), byApplier));
        if (r.method().equals("PATCH") && response.code() == 201) {
            // a server-side apply that creates the object is authorised as create as well as patch
            calls.add(new Call(r.method(), request.getPath(), "create", r.group(), resource, r.namespace(), r.name(), dryRun, 201, byApplier));
        }
    }

    /** Creates every object of a multi-document YAML fixture (test resources, this package). */
    TestCluster load(String fixture) {
        try (InputStream in = TestCluster.class.getResourceAsStream(fixture)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + fixture);
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates every object of a multi-document YAML stream (status included, as the API server would hold it). */
    public TestCluster load(InputStream yaml) {
        for (HasMetadata o : client.load(yaml).items()) client.resource(o).create();
        calls.clear();
        return this;
    }

    /** The GPU Operator's stock mig-parted ConfigMap, straight from data/k8s. */
    public TestCluster loadDefaultMigPartedConfig(String namespace) {
        try {
            String yaml = Files.readString(CrdSchemas.dataDir().resolve("default-mig-parted-config.yaml"))
                    .replace("namespace: \"FILLED BY THE OPERATOR\"", "namespace: " + namespace);
            client.configMaps().inNamespace(namespace).resource(Serialization.unmarshal(yaml, io.fabric8.kubernetes.api.model.ConfigMap.class)).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        calls.clear();
        return this;
    }

    /** Every object of the kinds the applier may touch, normalised, by "kind namespace/name". */
    public Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        for (ObjectRef.Kind kind : ObjectRef.Kind.values()) {
            try {
                new Kube(client, "snapshot").list(kind, Map.of()).forEach(o -> out.put(kind.kind() + " "
                        + (o.path("metadata").has("namespace") && !o.path("metadata").path("namespace").isNull() ? o.path("metadata").path("namespace").asText() + "/" : "")
                        + o.path("metadata").path("name").asText(), normalise(o)));
            } catch (RuntimeException e) {
                // NodeOverlay CRD absent in some tests
            }
        }
        client.pods().inAnyNamespace().list().getItems().forEach(p -> out.put("Pod " + p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(),
                normalise(Json.parse(Serialization.asJson(p)))));
        return out;
    }

    /**
     * Canonical JSON without what only the API server writes on every update (resourceVersion, generation,
     * managedFields) and without null members (null and absent are the same object to Kubernetes).
     */
    static String normalise(JsonNode object) {
        ObjectNode copy = Json.withoutServerFields(object);
        dropNulls(copy);
        return Fingerprints.canonicalJson(copy);
    }

    private static void dropNulls(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) it.remove();
                else dropNulls(e.getValue());
            }
        } else if (node.isArray()) node.forEach(TestCluster::dropNulls);
    }

    /** The applier's calls that changed something (dry-runs excluded). */
    List<Call> writes() {
        synchronized (calls) {
            return calls.stream().filter(c -> c.byApplier() && c.mutating()).toList();
        }
    }

    /** Every call the applier made. */
    List<Call> applierCalls() {
        synchronized (calls) {
            return calls.stream().filter(Call::byApplier).toList();
        }
    }

    /** Every custom object stored during the test must still satisfy its CRD schema. */
    public List<String> invalidWrites() {
        List<String> problems = new ArrayList<>();
        for (JsonNode o : api.written) {
            schemas().validate(o).forEach(p -> problems.add(o.path("kind").asText() + " " + o.path("metadata").path("name").asText() + ": " + p));
        }
        return problems;
    }

    @Override
    public void close() {
        applierClient.close();
        client.close();
        server.destroy();
    }
}
