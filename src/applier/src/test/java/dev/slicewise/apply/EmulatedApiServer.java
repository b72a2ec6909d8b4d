package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.server.mock.crud.PostHandler;
import io.fabric8.kubernetes.client.server.mock.crud.PutHandler;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD mock server plus the API-server behaviour the applier relies on and the CRUD mode lacks:
 * server-side apply (as a merge: objects recursive, lists replaced; create when absent), {@code dryRun=All}
 * (computed, validated, not stored), resourceVersion preconditions on apply and delete, RFC 6902 JSON patch with
 * {@code test} (422 on a failed test), the Eviction API honouring PodDisruptionBudgets (429 when a budget allows no
 * disruption), validation of every written custom object against its real CRD schema (422, like the server), label
 * syntax, and Go's {@code omitempty} on {@code Node.spec.unschedulable}. Not emulated: field-manager conflicts,
 * removal of fields a manager stops applying, CEL rules.
 */
final class EmulatedApiServer extends KubernetesCrudDispatcher {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");

    private final CrdSchemas schemas;
    private final PutHandler put = new PutHandler(this);
    private final PostHandler post = new PostHandler((KubernetesAttributesExtractor) attributeExtractor, this);
    /** Every object stored through a write, as stored (the tests re-validate them at the end). */
    final List<JsonNode> written = new ArrayList<>();
    /** Fault: store a matching (non-dry-run) write, then answer 500 anyway, as a server timing out after commit does. */
    java.util.function.Predicate<Req> commitThenFail = r -> false;
    /** Someone else acting on the cluster right after the applier's request (e.g. an edit racing the apply). */
    java.util.function.Consumer<Req> afterRequest = r -> { };

    /**
     * The creationTimestamp a fixture's object brings (a cluster that existed before the test), kept on create. The
     * real API server sets it itself; so does the CRUD mock, to "now" — which would make a fleet seeded from a fixture
     * look minutes old to an analysis that ignores nodes younger than its look-back.
     */
    private final ThreadLocal<String> fixtureCreationTimestamp = new ThreadLocal<>();

    EmulatedApiServer(CrdSchemas schemas) {
        this.schemas = schemas;
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             io.fabric8.kubernetes.api.model.GenericKubernetesResource resource, String newState) {
        String created = fixtureCreationTimestamp.get();
        if (oldAttributes == null && created != null && newState != null) { // a create (an update has the old attributes)
            ObjectNode o = Json.parse(newState);
            ((ObjectNode) o.get("metadata")).put("creationTimestamp", created);
            newState = o.toString();
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    }

    /** A request path taken apart. */
    record Req(String method, String group, String version, String namespace, String resource, String name, String subresource,
               Map<String, List<String>> query, String pathOnly) {
        boolean dryRun() {
            return query.getOrDefault("dryRun", List.of()).contains("All");
        }

        boolean isResource() {
            return resource != null;
        }

        String itemPath() {
            return pathOnly.replaceAll("/(status|eviction|exec|scale)$", "");
        }

        String collectionPath() {
            String item = itemPath();
            return name == null ? item : item.substring(0, item.lastIndexOf('/'));
        }
    }

    static Req parse(String method, String rawPath) {
        String[] pq = rawPath.split("\\?", 2);
        Map<String, List<String>> query = new HashMap<>();
        if (pq.length == 2) {
            for (String kv : pq[1].split("&")) {
                String[] p = kv.split("=", 2);
                query.computeIfAbsent(URLDecoder.decode(p[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(p.length == 2 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
            }
        }
        List<String> seg = new ArrayList<>(Arrays.asList(pq[0].replaceAll("^/+", "").split("/")));
        String group;
        String version;
        if (seg.size() >= 2 && seg.get(0).equals("api")) {
            group = "";
            version = seg.get(1);
            seg = seg.subList(2, seg.size());
        } else if (seg.size() >= 3 && seg.get(0).equals("apis")) {
            group = seg.get(1);
            version = seg.get(2);
            seg = seg.subList(3, seg.size());
        } else {
            return new Req(method, null, null, null, null, null, null, query, pq[0]);
        }
        String ns = null;
        if (seg.size() >= 3 && seg.get(0).equals("namespaces")) {
            ns = seg.get(1);
            seg = seg.subList(2, seg.size());
        } else if (seg.size() == 2 && seg.get(0).equals("namespaces")) {
            return new Req(method, group, version, null, "namespaces", seg.get(1), null, query, pq[0]);
        }
        if (seg.isEmpty() || seg.get(0).isEmpty()) return new Req(method, group, version, ns, null, null, null, query, pq[0]);
        return new Req(method, group, version, ns, seg.get(0), seg.size() > 1 ? seg.get(1) : null, seg.size() > 2 ? seg.get(2) : null,
                query, pq[0]);
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        Req req = parse(request.getMethod(), request.getPath());
        String body = request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
        String contentType = request.getHeader("Content-Type");
        try {
            MockResponse response = handle(request, req, body, contentType);
            afterRequest.accept(req);
            return response;
        } catch (Failure f) {
            return status(f.code, f.reason, f.getMessage());
        }
    }

    private MockResponse handle(RecordedRequest request, Req req, String body, String contentType) {
        try {
            return switch (req.method()) {
                case "PATCH" -> patch(req, contentType, body);
                case "PUT" -> req.subresource() != null ? super.dispatch(request) : write(req, Json.parse(body), false);
                case "POST" -> "eviction".equals(req.subresource()) ? evict(req) : write(req, Json.parse(body), true);
                case "DELETE" -> delete(req, body, request);
                case "GET" -> req.name() == null && req.query().containsKey("fieldSelector")
                        && req.query().get("fieldSelector").get(0).contains("spec.nodeName=") ? listOnNode(req) : super.dispatch(request);
                default -> super.dispatch(request);
            };
        } catch (Failure f) {
            return status(f.code, f.reason, f.getMessage());
        }
    }

    private static final class Failure extends RuntimeException {
        final int code;
        final String reason;

        Failure(int code, String reason, String message) {
            super(message);
            this.code = code;
            this.reason = reason;
        }
    }

    static MockResponse status(int code, String reason, String message) {
        ObjectNode s = Json.object();
        s.put("apiVersion", "v1").put("kind", "Status").put("status", code < 300 ? "Success" : "Failure")
                .put("message", message).put("reason", reason).put("code", code);
        return new MockResponse().setResponseCode(code).setBody(s.toString());
    }

    private ObjectNode current(Req req) {
        Map.Entry<AttributeSet, String> e = findResource(getKey(req.itemPath()));
        return e == null ? null : Json.parse(e.getValue());
    }

    private MockResponse patch(Req req, String contentType, String body) {
        ObjectNode cur = current(req);
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        switch (type) {
            case "application/apply-patch+yaml" -> {
                ObjectNode patch;
                try {
                    patch = (ObjectNode) YAML.readTree(body);
                } catch (Exception e) {
                    throw new Failure(400, "BadRequest", "cannot parse apply body: " + e.getMessage());
                }
                String rv = Json.text(patch, "metadata", "resourceVersion");
                if (cur == null) {
                    if (rv != null) throw new Failure(404, "NotFound", req.resource() + " \"" + req.name() + "\" not found");
                    ((ObjectNode) patch.get("metadata")).remove("resourceVersion");
                    return store(req, patch, true);
                }
                checkVersion(req, cur, rv);
                ObjectNode result = Json.merge(cur, patch);
                ((ObjectNode) result.get("metadata")).put("resourceVersion", Json.text(cur, "metadata", "resourceVersion"));
                return store(req, result, false);
            }
            case "application/json-patch+json" -> {
                if (cur == null) throw new Failure(404, "NotFound", req.resource() + " \"" + req.name() + "\" not found");
                JsonNode result;
                try {
                    result = JsonPatch.apply(Json.MAPPER.readTree(body), cur);
                } catch (Exception e) {
                    throw new Failure(422, "Invalid", "the server rejected our request due to an error in our request: " + e.getMessage());
                }
                checkVersion(req, cur, Json.text(result, "metadata", "resourceVersion"));
                ((ObjectNode) result.get("metadata")).put("resourceVersion", Json.text(cur, "metadata", "resourceVersion"));
                return store(req, (ObjectNode) result, false);
            }
            default -> throw new Failure(415, "UnsupportedMediaType", "unsupported patch type " + contentType);
        }
    }

    private void checkVersion(Req req, JsonNode cur, String wanted) {
        String now = Json.text(cur, "metadata", "resourceVersion");
        if (wanted != null && !wanted.isEmpty() && !wanted.equals(now)) {
            throw new Failure(409, "Conflict", "Operation cannot be fulfilled on " + req.resource() + " \"" + req.name()
                    + "\": the object has been modified; please apply your changes to the latest version and try again");
        }
    }

    private MockResponse write(Req req, ObjectNode body, boolean create) {
        if (!create) {
            ObjectNode cur = current(req);
            if (cur == null) throw new Failure(404, "NotFound", req.resource() + " \"" + req.name() + "\" not found");
            checkVersion(req, cur, Json.text(body, "metadata", "resourceVersion"));
        }
        return store(req, body, create);
    }

    /** Validates {@code result} like the API server, then (unless dry-run) stores it. */
    private MockResponse store(Req req, ObjectNode result, boolean create) {
        if (req.subresource() != null) {
            try {
                return put.handle(req.pathOnly(), "application/json", result.toString());
            } catch (KubernetesCrudDispatcherException e) {
                return new MockResponse().setResponseCode(e.getCode()).setBody(e.toStatusBody());
            }
        }
        if ("nodes".equals(req.resource()) && result.path("spec").path("unschedulable").isBoolean()
                && !result.path("spec").path("unschedulable").asBoolean()) {
            ((ObjectNode) result.get("spec")).remove("unschedulable"); // Go omitempty: false is not stored
        }
        List<String> problems = new ArrayList<>(schemas.validate(result));
        result.path("metadata").path("labels").fields().forEachRemaining(e -> {
            if (e.getValue().asText().length() > 63 || !LABEL_VALUE.matcher(e.getValue().asText()).matches()) {
                problems.add("metadata.labels: Invalid value: \"" + e.getValue().asText() + "\"");
            }
        });
        if ("configmaps".equals(req.resource())) {
            result.path("data").fields().forEachRemaining(e -> {
                if (!CONFIG_MAP_KEY.matcher(e.getKey()).matches()) problems.add("data[" + e.getKey() + "]: Invalid key");
                if (!e.getValue().isTextual()) problems.add("data[" + e.getKey() + "]: must be a string");
            });
        }
        if (!problems.isEmpty()) {
            throw new Failure(422, "Invalid", result.path("kind").asText() + " \"" + req.name() + "\" is invalid: " + String.join("; ", problems));
        }
        if (req.dryRun()) {
            return new MockResponse().setResponseCode(create ? 201 : 200).setBody(result.toString());
        }
        try {
            MockResponse response;
            if (create) {
                fixtureCreationTimestamp.set(Json.text(result, "metadata", "creationTimestamp"));
                try {
                    response = post.handle(req.collectionPath(), "application/json", result.toString());
                } finally {
                    fixtureCreationTimestamp.remove();
                }
            } else {
                response = put.handle(req.itemPath(), "application/json", result.toString());
            }
            if (response.code() < 300) {
                ObjectNode stored = current(req.name() == null ? parse(req.method(), req.collectionPath() + "/" + Json.text(result, "metadata", "name")) : req);
                if (stored != null) written.add(stored);
                if (commitThenFail.test(req)) return status(500, "InternalError", "etcdserver: request timed out");
            }
            return response;
        } catch (KubernetesCrudDispatcherException e) {
            return new MockResponse().setResponseCode(e.getCode()).setBody(e.toStatusBody());
        }
    }

    private MockResponse delete(Req req, String body, RecordedRequest request) {
        ObjectNode cur = current(req);
        if (cur == null) return status(404, "NotFound", req.resource() + " \"" + req.name() + "\" not found");
        JsonNode options = body.isBlank() ? Json.object() : Json.parse(body);
        checkVersion(req, cur, Json.text(options, "preconditions", "resourceVersion"));
        boolean dryRun = req.dryRun() || options.path("dryRun").toString().contains("All");
        if (dryRun) return new MockResponse().setResponseCode(200).setBody(cur.toString());
        return super.handleDelete(req.itemPath());
    }

    /** The Eviction API: refuses (429) while a PodDisruptionBudget selecting the pod allows no disruption. */
    private MockResponse evict(Req req) {
        ObjectNode pod = current(req);
        if (pod == null) return status(404, "NotFound", "pods \"" + req.name() + "\" not found");
        MockResponse pdbs = super.handleGet("/apis/policy/v1/namespaces/" + req.namespace() + "/poddisruptionbudgets");
        JsonNode list = Json.parse(pdbs.getBody() == null ? "{}" : new String(pdbs.getBody().getBytes(), StandardCharsets.UTF_8));
        for (JsonNode pdb : list.path("items")) {
            if (selects(pdb.path("spec").path("selector").path("matchLabels"), pod.path("metadata").path("labels"))
                    && pdb.path("status").path("disruptionsAllowed").asInt(0) <= 0) {
                return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
            }
        }
        super.handleDelete(req.itemPath());
        return status(201, "", "evicted");
    }

    private static boolean selects(JsonNode matchLabels, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().equals(labels.get(e.getKey()))) return false;
        }
        return true;
    }

    /** The CRUD store only indexes metadata: filter {@code fieldSelector=spec.nodeName=X} (pods on a node) here. */
    private MockResponse listOnNode(Req req) {
        String node = null;
        StringBuilder rest = new StringBuilder();
        for (String f : req.query().get("fieldSelector").get(0).split(",")) {
            if (f.startsWith("spec.nodeName=")) node = f.substring("spec.nodeName=".length());
            else rest.append(rest.isEmpty() ? "" : ",").append(f);
        }
        StringBuilder path = new StringBuilder(req.pathOnly());
        String sep = "?";
        for (Map.Entry<String, List<String>> q : req.query().entrySet()) {
            String value = q.getKey().equals("fieldSelector") ? rest.toString() : q.getValue().get(0);
            if (value.isEmpty()) continue;
            path.append(sep).append(q.getKey()).append('=').append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
            sep = "&";
        }
        MockResponse all = super.handleGet(path.toString());
        ObjectNode list = Json.parse(new String(all.getBody().getBytes(), StandardCharsets.UTF_8));
        com.fasterxml.jackson.databind.node.ArrayNode kept = list.putArray("items");
        JsonNode items = Json.parse(new String(all.getBody().getBytes(), StandardCharsets.UTF_8)).path("items");
        for (JsonNode item : items) if (node.equals(item.path("spec").path("nodeName").asText())) kept.add(item);
        return new MockResponse().setResponseCode(200).setBody(list.toString());
    }

    /** Someone else's edit, straight into the store (callable from {@link #afterRequest}, inside a request). */
    void mutate(String itemPath, java.util.function.UnaryOperator<ObjectNode> change) {
        ObjectNode cur = current(parse("PUT", itemPath));
        try {
            put.handle(itemPath, "application/json", change.apply(cur.deepCopy()).toString());
        } catch (KubernetesCrudDispatcherException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<JsonNode> stored(String path) {
        ObjectNode cur = current(parse("GET", path));
        return Optional.ofNullable(cur);
    }
}
