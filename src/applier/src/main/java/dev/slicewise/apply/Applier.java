package dev.slicewise.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slicewise.apply.ApplyReport.Status;
import dev.slicewise.apply.ApplyReport.StepResult;
import dev.slicewise.apply.PlanCompiler.Action;
import dev.slicewise.catalog.Catalog;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Applies an approved plan to a cluster, safely: re-check (refuse a stale plan) → server-side dry-run of every write →
 * journal the before-images → server-side apply with one field manager and resourceVersion preconditions, waiting for
 * the NVIDIA components between steps → verify the capacity the nodes advertise → on any failure restore every
 * touched object from its before-image. A recorded apply can be rolled back later ({@link #rollback}).
 *
 * <p>Entry points for the CLI ({@code ./slicewise apply --plan FILE}, {@code ./slicewise rollback ID}) and the approval
 * page. Thread-confined: one apply at a time per instance.
 */
public final class Applier implements AutoCloseable {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final Kube kube;
    private final PlanCompiler compiler;
    private final ApplyJournal journal;
    private final MountedConfigProbe probe;
    private final Clock clock;
    private final Waiter waiter;
    private final ApplierSettings settings;

    private final KubernetesClient ownClient;

    /**
     * @param client a client for the target cluster; the applier derives its own copy with the HTTP layer's automatic
     *               retries off (fabric8 retries 429 and 5xx by default): an evict blocked by a PodDisruptionBudget
     *               must come back at once, and a retried write whose first attempt was committed must be recognised
     *               as ours, not reported as a conflict. Close the applier to close that copy.
     */
    public Applier(KubernetesClient client, Catalog catalog, ApplyJournal journal, MountedConfigProbe probe, Clock clock,
                   Waiter waiter, ApplierSettings settings) {
        this.ownClient = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
        this.kube = new Kube(ownClient, settings.fieldManager());
        this.compiler = new PlanCompiler(kube, catalog, clock);
        this.journal = journal;
        this.probe = probe;
        this.clock = clock;
        this.waiter = waiter;
        this.settings = settings;
    }

    /**
     * Applies {@code approved}; with {@code dryRunOnly} stops after the re-check and the server-side dry-run.
     * Applying the same plan again once it is in place writes nothing and reports NOTHING_TO_DO.
     */
    public ApplyReport apply(ApprovedPlan approved, boolean dryRunOnly) {
        return new Execution(approved).run(dryRunOnly);
    }

    /**
     * Undoes a recorded apply: restores every touched object from its before-image, newest first. Refuses without
     * touching anything when any of them was changed by someone else after the apply.
     */
    public ApplyReport rollback(String applyId) {
        Instant started = clock.instant();
        Optional<ApplyRecord> found = journal.find(applyId);
        if (found.isEmpty()) {
            return new ApplyReport(applyId, null, null, new ApplyReport.Refused(List.of("no recorded apply '" + applyId + "'")),
                    started, clock.instant(), List.of(), List.of());
        }
        ApplyRecord record = found.get();
        if (record.state() == ApplyRecord.State.ROLLED_BACK || record.state() == ApplyRecord.State.RESTORED) {
            return new ApplyReport(applyId, record.planId(), record.cluster(),
                    new ApplyReport.NothingToDo("apply " + applyId + " was already rolled back"), started, clock.instant(), List.of(), List.of());
        }
        Restorer restorer = new Restorer(new ArrayList<>());
        List<String> blockers = new ArrayList<>();
        for (TouchedObject t : record.touched()) restorer.blocker(t).ifPresent(blockers::add);
        if (!blockers.isEmpty()) {
            ApplyReport report = new ApplyReport(applyId, record.planId(), record.cluster(), new ApplyReport.Refused(blockers),
                    started, clock.instant(), List.of(), List.of("nothing was changed; the before-images stay in the journal"));
            journal.save(record.with(record.state(), record.finishedAt(), record.touched(), report));
            return report;
        }
        List<String> left = restorer.restoreAll(record.touched());
        ApplyReport.Outcome outcome = left.isEmpty() ? new ApplyReport.RolledBack("rolled back on request")
                : new ApplyReport.Failed("rollback on request incomplete", left);
        ApplyReport report = new ApplyReport(applyId, record.planId(), record.cluster(), outcome, started, clock.instant(),
                restorer.steps, List.of());
        journal.save(record.with(left.isEmpty() ? ApplyRecord.State.RESTORED : ApplyRecord.State.FAILED, clock.instant(),
                record.touched(), report));
        return report;
    }

    @Override
    public void close() {
        ownClient.close();
    }

    /** A step failed: stop, roll back, report {@link #getMessage()}. */
    private static final class StepFailed extends RuntimeException {
        StepFailed(String message) {
            super(message);
        }
    }

    private String describe(KubernetesClientException e, ObjectRef ref, String action) {
        String server = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        String what = ref == null ? action : action + " " + ref;
        return switch (e.getCode()) {
            case 409 -> what + ": conflict (409), the object was modified concurrently; stopped, nothing overwritten (" + server + ")";
            case 403 -> what + ": forbidden (403); the applier's RBAC does not allow it (see infra/k8s/slicewise-applier-rbac.yaml): " + server;
            case 404 -> what + ": not found (404): " + server;
            case 422 -> what + ": rejected by the API server (422): " + server;
            default -> what + ": API server error " + e.getCode() + ": " + server;
        };
    }

    private static String rv(JsonNode object) {
        return object == null ? null : Json.text(object, "metadata", "resourceVersion");
    }

    private static String label(JsonNode node, String key) {
        return node == null ? null : Json.text(node, "metadata", "labels", key);
    }

    private static boolean cordoned(JsonNode node) {
        return node != null && node.path("spec").path("unschedulable").asBoolean(false);
    }

    private static String pointer(String labelKey) {
        return "/metadata/labels/" + labelKey.replace("~", "~0").replace("/", "~1");
    }

    /** Polls {@code done} every poll interval until it holds or {@code timeout} passes. */
    private boolean await(Duration timeout, BooleanSupplier done) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            if (done.getAsBoolean()) return true;
            if (!clock.instant().isBefore(deadline)) return false;
            try {
                waiter.sleep(settings.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailed("interrupted while waiting");
            }
        }
    }

    /** Cordons (when asked) and waits until no GPU pod is left on {@code node}, evicting them when allowed. */
    private void drainNode(String node, boolean evict, List<StepResult> steps) {
        List<Pod> pods = kube.gpuPodsOn(node);
        if (pods.isEmpty()) {
            steps.add(new StepResult("wait for GPU pods", node, Status.OK, "no GPU pod on the node"));
            return;
        }
        steps.add(new StepResult(evict ? "evict GPU pods" : "wait for GPU pods to finish", node, Status.INFO,
                pods.size() + " pod(s): " + names(pods)));
        List<String> blocked = new ArrayList<>();
        boolean empty = await(settings.drainTimeout(), () -> {
            List<Pod> left = kube.gpuPodsOn(node);
            if (left.isEmpty()) return true;
            if (evict) {
                blocked.clear();
                for (Pod p : left) {
                    if (p.getMetadata().getDeletionTimestamp() == null && !kube.evict(p)) blocked.add(name(p));
                }
            }
            return false;
        });
        if (!empty) {
            List<Pod> left = kube.gpuPodsOn(node);
            throw new StepFailed("GPU pods still on node " + node + " after " + settings.drainTimeout() + ": " + names(left)
                    + (evict ? (blocked.isEmpty() ? "" : " (eviction refused by a PodDisruptionBudget: " + blocked + ")")
                    : " (the plan does not allow evicting them)"));
        }
        steps.add(new StepResult(evict ? "evict GPU pods" : "wait for GPU pods to finish", node, Status.OK, "no GPU pod left"));
    }

    private static String name(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(Applier::name).toList();
    }

    /** Waits for the MIG manager: success, failed, or still pending/rebooting at the timeout. */
    private String awaitMigState(String node) {
        String[] last = {null};
        boolean settled = await(settings.migStateTimeout(), () -> {
            last[0] = kube.get(ObjectRef.node(node)).map(n -> label(n, PlanCompiler.MIG_STATE_LABEL)).orElse("node gone");
            return "success".equals(last[0]) || "failed".equals(last[0]) || "node gone".equals(last[0]);
        });
        return settled ? last[0] : "timeout:" + last[0];
    }

    // =================================================================================================================

    /** One apply of one approved plan. */
    private final class Execution {
        final ApprovedPlan approved;
        final Instant started = clock.instant();
        final List<StepResult> steps = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final LinkedHashMap<ObjectRef, TouchedObject> touched = new LinkedHashMap<>();
        final Map<ObjectRef, String> expected = new HashMap<>();
        PlanCompiler.Compiled compiled;
        ApplyRecord record;

        Execution(ApprovedPlan approved) {
            this.approved = approved;
        }

        ApplyReport report(String applyId, ApplyReport.Outcome outcome) {
            return new ApplyReport(applyId, approved.planId(), approved.cluster(), outcome, started, clock.instant(), steps, notes);
        }

        ApplyReport run(boolean dryRunOnly) {
            try {
                compiled = compiler.compile(approved);
            } catch (KubernetesClientException e) {
                return report(null, new ApplyReport.Refused(List.of("cannot read the cluster to re-check the plan: "
                        + describe(e, approved.devicePlugin().configMapRef(), "read"))));
            }
            notes.addAll(compiled.notes());
            if (compiled.refused()) return report(null, new ApplyReport.Refused(compiled.refusals()));
            expected.putAll(compiled.fingerprints());

            if (!pending()) {
                String earlier = journal.forPlan(approved.planId()).stream()
                        .filter(r -> r.state() == ApplyRecord.State.APPLIED).map(ApplyRecord::applyId).reduce((a, b) -> b)
                        .map(id -> " (applied by " + id + ")").orElse("");
                compiled.actions().forEach(a -> steps.add(new StepResult(title(a), target(a), Status.SKIPPED, "already as planned")));
                return report(null, new ApplyReport.NothingToDo("the cluster already is as the plan wants it" + earlier + "; nothing written"));
            }

            List<String> dryRunProblems = dryRun();
            if (!dryRunProblems.isEmpty()) {
                return report(null, new ApplyReport.Refused(dryRunProblems.stream().map(p -> "server-side dry-run: " + p).toList()));
            }
            if (dryRunOnly) {
                return report(null, new ApplyReport.DryRunPassed((int) steps.stream().filter(s -> s.status() == Status.DRY_RUN_OK).count()));
            }

            String applyId = "apply-" + ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
            record = new ApplyRecord(applyId, approved.planId(), approved.cluster(), started, null, ApplyRecord.State.IN_PROGRESS, List.of(), null);
            journal.save(record);
            try {
                for (Action a : compiled.actions()) execute(a);
                List<String> verified = verify();
                ApplyReport report = report(applyId, new ApplyReport.Applied(verified));
                save(ApplyRecord.State.APPLIED, report);
                return report;
            } catch (RuntimeException e) {
                // whatever went wrong (a step, the API server, a bug): never leave a half-applied plan behind
                String cause = switch (e) {
                    case StepFailed f -> f.getMessage();
                    case KubernetesClientException k -> describe(k, null, "request");
                    default -> "unexpected error: " + e;
                };
                steps.add(new StepResult("stop", null, Status.FAILED, cause));
                List<String> left = new Restorer(steps).restoreAll(List.copyOf(touched.values()));
                ApplyReport.Outcome outcome = left.isEmpty() ? new ApplyReport.RolledBack(cause) : new ApplyReport.Failed(cause, left);
                ApplyReport report = report(applyId, outcome);
                save(left.isEmpty() ? ApplyRecord.State.ROLLED_BACK : ApplyRecord.State.FAILED, report);
                return report;
            }
        }

        void save(ApplyRecord.State state, ApplyReport report) {
            record = record.with(state, state == ApplyRecord.State.IN_PROGRESS ? null : clock.instant(), List.copyOf(touched.values()), report);
            journal.save(record);
        }

        String title(Action a) {
            return switch (a) {
                case PlanCompiler.Write w -> w.action();
                case PlanCompiler.AwaitMount m -> "wait for mounted config";
                case PlanCompiler.Relabel r -> r.mig() ? "reconfigure MIG" : "label nodes";
                case PlanCompiler.Drain d -> "drain";
                case PlanCompiler.Note n -> n.action();
                case PlanCompiler.AwaitOverlay o -> "wait for NodeOverlay";
            };
        }

        String target(Action a) {
            return switch (a) {
                case PlanCompiler.Write w -> w.ref().toString();
                case PlanCompiler.AwaitMount m -> m.configName() + " on " + m.nodes();
                case PlanCompiler.Relabel r -> r.nodes() + " " + r.labels();
                case PlanCompiler.Drain d -> d.nodes().toString();
                case PlanCompiler.Note n -> n.target();
                case PlanCompiler.AwaitOverlay o -> o.name();
            };
        }

        /** Whether anything is left to write. */
        boolean pending() {
            for (Action a : compiled.actions()) {
                switch (a) {
                    case PlanCompiler.Write w -> {
                        if (!kube.get(w.ref()).map(cur -> Json.contains(cur, w.body())).orElse(false)) return true;
                    }
                    case PlanCompiler.Relabel r -> {
                        for (String n : r.nodes()) {
                            ObjectNode node = compiled.nodesBefore().get(n);
                            boolean labelled = r.labels().entrySet().stream().allMatch(e -> e.getValue().equals(label(node, e.getKey())));
                            if (!labelled || (r.mig() && !"success".equals(label(node, PlanCompiler.MIG_STATE_LABEL)))) return true;
                        }
                    }
                    case PlanCompiler.Drain d -> {
                        for (String n : d.nodes()) {
                            if (!cordoned(compiled.nodesBefore().get(n)) || !kube.gpuPodsOn(n).isEmpty()) return true;
                        }
                    }
                    default -> { }
                }
            }
            return false;
        }

        /** dryRun=All of every write, in order, against the objects as they are now. Writes nothing. */
        List<String> dryRun() {
            List<String> problems = new ArrayList<>();
            for (Action a : compiled.actions()) {
                switch (a) {
                    case PlanCompiler.Write w -> dryRun(w.ref(), w.body(), w.action(), problems);
                    case PlanCompiler.Relabel r -> {
                        for (String n : r.nodes()) {
                            if (r.mig()) dryRun(ObjectRef.node(n), cordonBody(true), "cordon", problems);
                            dryRun(ObjectRef.node(n), labelsBody(r.labels(), r.mig()), "label", problems);
                        }
                    }
                    case PlanCompiler.Drain d -> d.nodes().forEach(n -> dryRun(ObjectRef.node(n), cordonBody(true), "cordon", problems));
                    default -> { }
                }
            }
            return problems;
        }

        void dryRun(ObjectRef ref, ObjectNode body, String action, List<String> problems) {
            try {
                Optional<ObjectNode> cur = kube.get(ref);
                if (cur.isPresent() && Json.contains(cur.get(), body)) return;
                kube.apply(ref, body, cur.map(Applier::rv).orElse(null), true);
                steps.add(new StepResult("dry-run " + action, ref.toString(), Status.DRY_RUN_OK, null));
            } catch (KubernetesClientException e) {
                problems.add(describe(e, ref, action));
                steps.add(new StepResult("dry-run " + action, ref.toString(), Status.FAILED, describe(e, ref, action)));
            }
        }

        ObjectNode cordonBody(boolean cordon) {
            ObjectNode body = Json.object();
            body.putObject("spec").put("unschedulable", cordon);
            return body;
        }

        /**
         * The labels of a relabel step. A MIG change also sets {@code mig.config.state=pending}: the MIG manager keeps the
         * previous "success" until it starts, and leaves the label alone when it does not run at all, so without this a
         * stale success could pass for the new one and a dead MIG manager would go unnoticed.
         */
        ObjectNode labelsBody(Map<String, String> labels, boolean mig) {
            ObjectNode body = Json.object();
            ObjectNode l = body.putObject("metadata").putObject("labels");
            labels.forEach(l::put);
            if (mig) l.put(PlanCompiler.MIG_STATE_LABEL, "pending");
            return body;
        }

        void execute(Action a) {
            switch (a) {
                case PlanCompiler.Write w -> write(w.ref(), w.body(), w.action(), w.detail());
                case PlanCompiler.AwaitMount m -> awaitMount(m);
                case PlanCompiler.Relabel r -> {
                    if (r.mig()) r.nodes().forEach(n -> migNode(n, r.labels(), r.evict().contains(n)));
                    else r.nodes().forEach(n -> writeNode(n, labelsBody(r.labels(), false), "label", r.labels().toString(), false, false));
                }
                case PlanCompiler.Drain d -> d.nodes().forEach(n -> {
                    writeNode(n, cordonBody(true), "cordon", d.why(), false, d.evict());
                    drainNode(n, d.evict(), steps);
                });
                case PlanCompiler.Note n -> steps.add(new StepResult(n.action(), n.target(), Status.INFO, n.detail()));
                case PlanCompiler.AwaitOverlay o -> awaitOverlay(o.name());
            }
        }

        void awaitMount(PlanCompiler.AwaitMount m) {
            List<String> missing = new ArrayList<>(m.nodes());
            boolean ok = await(settings.mountTimeout(), () -> {
                missing.removeIf(n -> probe.carries(n, m.component(), m.configName(), m.content()));
                return missing.isEmpty();
            });
            String who = m.component() == MountedConfigProbe.Component.DEVICE_PLUGIN ? "device plugin" : "MIG manager";
            if (!ok) {
                throw new StepFailed("the " + who + " on " + missing + " did not see config '" + m.configName() + "' in its mounted "
                        + "ConfigMap within " + settings.mountTimeout() + "; node labels were not switched");
            }
            steps.add(new StepResult("wait for mounted config", m.configName(), Status.OK, "the " + who + " on " + m.nodes() + " sees it"));
        }

        /** Cordon, empty of GPU pods, label, wait for the MIG manager, uncordon: one node at a time. */
        void migNode(String node, Map<String, String> labels, boolean evict) {
            ObjectNode now = kube.get(ObjectRef.node(node)).orElseThrow(() -> new StepFailed("node " + node + " disappeared while applying"));
            boolean labelled = labels.entrySet().stream().allMatch(e -> e.getValue().equals(label(now, e.getKey())));
            if (labelled && "success".equals(label(now, PlanCompiler.MIG_STATE_LABEL))) {
                steps.add(new StepResult("reconfigure MIG", node, Status.SKIPPED, "already " + labels + " with state success"));
                return;
            }
            boolean wasCordoned = cordoned(now);
            writeNode(node, cordonBody(true), "cordon", "the MIG manager needs idle GPUs and does not drain", true, evict);
            drainNode(node, evict, steps);
            writeNode(node, labelsBody(labels, true), "label", labels.toString(), true, evict);
            String state = awaitMigState(node);
            switch (state) {
                case "success" -> steps.add(new StepResult("MIG state", node, Status.OK, PlanCompiler.MIG_STATE_LABEL + "=success"));
                case "failed" -> throw new StepFailed("the MIG manager reported " + PlanCompiler.MIG_STATE_LABEL + "=failed on node "
                        + node + " (see the nvidia-mig-manager pod's log on that node)");
                case "node gone" -> throw new StepFailed("node " + node + " disappeared during MIG reconfiguration");
                default -> throw new StepFailed("node " + node + " still " + PlanCompiler.MIG_STATE_LABEL + "="
                        + state.substring("timeout:".length()) + " after " + settings.migStateTimeout()
                        + " (MIG manager stuck: GPU clients that would not stop, or not running)");
            }
            if (!wasCordoned) writeNode(node, cordonBody(false), "uncordon", null, true, evict);
        }

        void awaitOverlay(String name) {
            String[] last = {null};
            boolean reconciled = await(settings.overlayTimeout(), () -> {
                JsonNode ready = kube.get(ObjectRef.nodeOverlay(name)).map(o -> condition(o, "Ready")).orElse(null);
                last[0] = ready == null ? null : ready.path("status").asText() + ": " + ready.path("message").asText(ready.path("reason").asText(""));
                return ready != null;
            });
            if (!reconciled) {
                steps.add(new StepResult("wait for NodeOverlay", name, Status.WARNING, "Karpenter has not reconciled it within "
                        + settings.overlayTimeout() + ": is the NodeOverlay feature gate on (--feature-gates NodeOverlay=true)?"));
                notes.add("NodeOverlay '" + name + "' has no Ready condition: Karpenter may ignore it (feature gate off)");
            } else if (last[0].startsWith("True")) {
                steps.add(new StepResult("wait for NodeOverlay", name, Status.OK, "Ready"));
            } else {
                throw new StepFailed("Karpenter rejected NodeOverlay " + name + " (Ready=" + last[0] + ")");
            }
        }

        JsonNode condition(JsonNode object, String type) {
            for (JsonNode c : object.path("status").path("conditions")) if (type.equals(c.path("type").asText())) return c;
            return null;
        }

        /** Polls until every node advertises what the plan computed, or fails with the difference. */
        List<String> verify() {
            List<PlanCompiler.Expectation> expectations = compiled.expectations();
            if (expectations.isEmpty()) return List.of("no capacity to verify");
            List<String> mismatches = new ArrayList<>();
            List<String> gone = new ArrayList<>();
            boolean ok = await(settings.verifyTimeout(), () -> {
                mismatches.clear();
                gone.clear();
                Map<String, JsonNode> nodes = new HashMap<>();
                for (PlanCompiler.Expectation e : expectations) {
                    JsonNode node = nodes.computeIfAbsent(e.node(), n -> kube.get(ObjectRef.node(n)).orElse(null));
                    if (node == null) {
                        // replaced meanwhile (a drifted NodePool); its successor boots with the template's config
                        if (!gone.contains(e.node())) gone.add(e.node());
                        continue;
                    }
                    String actual = Json.text(node, "status", "allocatable", e.resource());
                    if (actual == null || KubeNames.amount(actual).longValue() != e.quantity()) {
                        mismatches.add(e.node() + " allocatable " + e.resource() + "=" + actual + ", expected " + e.quantity() + " (" + e.why() + ")");
                    }
                }
                return mismatches.isEmpty();
            });
            if (!ok) throw new StepFailed("verification timed out after " + settings.verifyTimeout() + ": " + String.join("; ", mismatches));
            gone.forEach(n -> steps.add(new StepResult("verify", n, Status.WARNING, "node no longer exists (replaced); not verified")));
            List<String> verified = expectations.stream().filter(e -> !gone.contains(e.node()))
                    .map(e -> e.node() + " allocatable " + e.resource() + "=" + e.quantity()).toList();
            verified.forEach(v -> steps.add(new StepResult("verify", null, Status.OK, v)));
            return verified;
        }

        // ---- writes with before-images --------------------------------------------------------------------------

        void write(ObjectRef ref, ObjectNode body, String action, String detail) {
            ObjectNode cur = kube.get(ref).orElse(null);
            if (cur != null && Json.contains(cur, body)) {
                steps.add(new StepResult(action, ref.toString(), Status.SKIPPED, "already as planned"));
                return;
            }
            checkUnchanged(ref, cur);
            touch(ref, cur, null, false, false);
            try {
                ObjectNode result = kube.apply(ref, body, rv(cur), false);
                written(ref, result);
            } catch (KubernetesClientException e) {
                if (!landed(ref, body)) throw new StepFailed(describe(e, ref, action));
                detail = detail + " (the server answered " + e.getCode() + " but the write is in place)";
            }
            steps.add(new StepResult(action, ref.toString(), Status.OK, detail));
        }

        /**
         * Node writes: the node's resourceVersion also moves with kubelet status updates, so a 409 is retried as long
         * as the fields Slicewise cares about (sharing labels, cordon) still hold what we expect.
         */
        void writeNode(String name, ObjectNode body, String action, String detail, boolean mig, boolean evict) {
            ObjectRef ref = ObjectRef.node(name);
            for (int attempt = 0; ; attempt++) {
                ObjectNode cur = kube.get(ref).orElseThrow(() -> new StepFailed("node " + name + " disappeared while applying"));
                boolean uncordon = body.path("spec").has("unschedulable") && !body.path("spec").path("unschedulable").asBoolean();
                if (uncordon ? !cordoned(cur) : Json.contains(cur, body)) {
                    steps.add(new StepResult(action, name, Status.SKIPPED, "already as planned"));
                    return;
                }
                checkUnchanged(ref, cur);
                touch(ref, cur, body.path("metadata").path("labels"), mig, evict);
                try {
                    ObjectNode result = kube.apply(ref, body, rv(cur), false);
                    written(ref, result);
                    steps.add(new StepResult(action, name, Status.OK, detail));
                    return;
                } catch (KubernetesClientException e) {
                    if (landed(ref, body)) {
                        steps.add(new StepResult(action, name, Status.OK, detail + " (the server answered " + e.getCode() + " but the write is in place)"));
                        return;
                    }
                    if (e.getCode() == 409 && attempt < settings.conflictRetries()) continue;
                    throw new StepFailed(describe(e, ref, action));
                }
            }
        }

        void checkUnchanged(ObjectRef ref, ObjectNode cur) {
            String now = Fingerprints.of(ref.kind(), cur);
            if (!Objects.equals(now, expected.get(ref))) {
                throw new StepFailed(ref + " was changed by someone else while applying; stopped rather than overwrite it");
            }
        }

        /** Records the before-image (first touch only) and the label keys about to be written; journals it. */
        void touch(ObjectRef ref, ObjectNode cur, JsonNode labels, boolean mig, boolean evict) {
            TouchedObject t = touched.get(ref);
            if (t == null) {
                t = new TouchedObject(ref, cur == null ? null : cur.toString(), null, null, null, null, cordoned(cur), false, false);
            }
            Map<String, String> before = new LinkedHashMap<>(t.labelsBefore());
            Map<String, String> after = new LinkedHashMap<>(t.labelsAfter());
            if (labels != null) {
                labels.fields().forEachRemaining(e -> {
                    if (e.getKey().equals(PlanCompiler.MIG_STATE_LABEL)) return; // the MIG manager's, not ours to restore
                    if (!before.containsKey(e.getKey())) before.put(e.getKey(), label(cur, e.getKey()));
                    after.put(e.getKey(), e.getValue().asText());
                });
            }
            boolean migChange = t.migReconfigured() || (mig && labels != null && labels.has(PlanCompiler.MIG_LABEL));
            touched.put(ref, new TouchedObject(ref, t.before(), t.afterFingerprint(), t.afterResourceVersion(), before, after,
                    t.cordonedBefore(), migChange, t.evictAllowed() || evict));
            save(ApplyRecord.State.IN_PROGRESS, null);
        }

        void written(ObjectRef ref, ObjectNode result) {
            String fp = Fingerprints.of(ref.kind(), result);
            touched.put(ref, touched.get(ref).afterWrite(fp, rv(result)));
            expected.put(ref, fp);
            save(ApplyRecord.State.IN_PROGRESS, null);
        }

        /**
         * After a failed write: a 5xx (a timeout after commit) may still have landed. If the object now holds our change,
         * record it as ours and carry on; otherwise the write did not happen.
         */
        boolean landed(ObjectRef ref, ObjectNode body) {
            try {
                Optional<ObjectNode> cur = kube.get(ref).filter(o -> Json.contains(o, body));
                cur.ifPresent(o -> written(ref, o));
                return cur.isPresent();
            } catch (KubernetesClientException ignored) {
                return false; // cannot tell: treat as not written; the rollback re-reads anyway
            }
        }
    }

    // =================================================================================================================

    /** Restores touched objects from their before-images, newest first; says what it could not restore. */
    private final class Restorer {
        final List<StepResult> steps;

        Restorer(List<StepResult> steps) {
            this.steps = steps;
        }

        /** Why {@code t} cannot be restored without overwriting someone else's change, if so. */
        Optional<String> blocker(TouchedObject t) {
            ObjectNode cur = kube.get(t.ref()).orElse(null);
            if (t.ref().kind() == ObjectRef.Kind.NODE) {
                if (cur == null) return Optional.empty();
                for (Map.Entry<String, String> e : t.labelsAfter().entrySet()) {
                    String now = label(cur, e.getKey());
                    if (!Objects.equals(now, e.getValue()) && !Objects.equals(now, t.labelsBefore().get(e.getKey()))) {
                        return Optional.of(t.ref() + ": label " + e.getKey() + " is now '" + now + "', Slicewise set '" + e.getValue()
                                + "': changed by someone else after the apply, not restoring");
                    }
                }
                return Optional.empty();
            }
            if (t.afterFingerprint() == null) return Optional.empty();
            String now = Fingerprints.of(t.ref().kind(), cur);
            String before = t.before() == null ? null : Fingerprints.of(t.ref().kind(), Json.parse(t.before()));
            if (Objects.equals(now, before) || Objects.equals(now, t.afterFingerprint())) return Optional.empty();
            return Optional.of(t.ref() + (cur == null ? " was deleted" : " was changed by someone else")
                    + " after the apply; not restoring it (its before-image stays in the journal)");
        }

        List<String> restoreAll(List<TouchedObject> all) {
            List<String> left = new ArrayList<>();
            for (int i = all.size() - 1; i >= 0; i--) {
                TouchedObject t = all.get(i);
                try {
                    Optional<String> blocked = blocker(t);
                    if (blocked.isPresent()) {
                        left.add(blocked.get());
                        steps.add(new StepResult("restore", t.ref().toString(), Status.FAILED, blocked.get()));
                        continue;
                    }
                    if (t.ref().kind() == ObjectRef.Kind.NODE) restoreNode(t, left);
                    else restoreObject(t);
                } catch (StepFailed e) {
                    left.add(t.ref() + ": " + e.getMessage());
                    steps.add(new StepResult("restore", t.ref().toString(), Status.FAILED, e.getMessage()));
                } catch (KubernetesClientException e) {
                    String why = describe(e, t.ref(), "restore");
                    left.add(why);
                    steps.add(new StepResult("restore", t.ref().toString(), Status.FAILED, why));
                } catch (RuntimeException e) {
                    String why = t.ref() + ": unexpected error while restoring: " + e;
                    left.add(why);
                    steps.add(new StepResult("restore", t.ref().toString(), Status.FAILED, why));
                }
            }
            return left;
        }

        void restoreObject(TouchedObject t) {
            ObjectNode cur = kube.get(t.ref()).orElse(null);
            ObjectNode before = t.before() == null ? null : Json.parse(t.before());
            String now = Fingerprints.of(t.ref().kind(), cur);
            if (Objects.equals(now, Fingerprints.of(t.ref().kind(), before))) {
                steps.add(new StepResult("restore", t.ref().toString(), Status.RESTORED, t.afterFingerprint() == null
                        ? "our write never landed" : "already as before"));
                return;
            }
            if (before == null) {
                kube.delete(t.ref(), rv(cur));
                steps.add(new StepResult("restore", t.ref().toString(), Status.RESTORED, "deleted (did not exist before)"));
                return;
            }
            // put back exactly the part Slicewise may have changed; metadata others edited since stays theirs
            ObjectNode image = cur.deepCopy();
            List<String> fields = t.ref().kind() == ObjectRef.Kind.CONFIG_MAP ? List.of("data", "binaryData") : List.of("spec");
            for (String f : fields) {
                image.remove(f);
                if (before.has(f)) image.set(f, before.get(f).deepCopy());
            }
            image.remove("status");
            kube.replace(t.ref(), image, rv(cur));
            steps.add(new StepResult("restore", t.ref().toString(), Status.RESTORED, "before-image put back"));
        }

        void restoreNode(TouchedObject t, List<String> left) {
            String name = t.ref().name();
            ObjectNode cur = kube.get(t.ref()).orElse(null);
            if (cur == null) {
                steps.add(new StepResult("restore", t.ref().toString(), Status.RESTORED, "node no longer exists; nothing to restore"));
                return;
            }
            Map<String, String> restore = new LinkedHashMap<>();
            t.labelsBefore().forEach((k, v) -> {
                if (!Objects.equals(label(cur, k), v)) restore.put(k, v);
            });
            boolean mig = t.migReconfigured() && restore.containsKey(PlanCompiler.MIG_LABEL);
            if (mig) {
                // undoing a MIG layout needs idle GPUs just like applying it
                if (!cordoned(cur)) patchCordon(t.ref(), true);
                drainNode(name, t.evictAllowed(), steps);
            }
            if (!restore.isEmpty()) {
                ArrayNode ops = Json.MAPPER.createArrayNode();
                restore.forEach((k, before) -> {
                    ops.addObject().put("op", "test").put("path", pointer(k)).put("value", t.labelsAfter().get(k));
                    if (before == null) ops.addObject().put("op", "remove").put("path", pointer(k));
                    else ops.addObject().put("op", "replace").put("path", pointer(k)).put("value", before);
                });
                if (mig && restore.get(PlanCompiler.MIG_LABEL) != null) {
                    ops.addObject().put("op", "add").put("path", pointer(PlanCompiler.MIG_STATE_LABEL)).put("value", "pending");
                }
                try {
                    kube.jsonPatch(t.ref(), ops);
                } catch (KubernetesClientException e) {
                    throw new StepFailed(e.getCode() == 422
                            ? "its labels changed after the apply (compare-and-set failed); not restored"
                            : describe(e, t.ref(), "restore labels"));
                }
                steps.add(new StepResult("restore labels", name, Status.RESTORED, restore.toString()));
            }
            if (mig && restore.get(PlanCompiler.MIG_LABEL) != null) {
                String state = awaitMigState(name);
                if (!"success".equals(state)) {
                    left.add("node " + name + ": MIG manager did not re-apply '" + restore.get(PlanCompiler.MIG_LABEL) + "' (state " + state
                            + "); the node stays cordoned");
                    steps.add(new StepResult("restore MIG layout", name, Status.FAILED, "state " + state));
                    return;
                }
                steps.add(new StepResult("restore MIG layout", name, Status.RESTORED, PlanCompiler.MIG_STATE_LABEL + "=success"));
            }
            ObjectNode now = kube.get(t.ref()).orElse(cur);
            if (cordoned(now) != t.cordonedBefore()) {
                patchCordon(t.ref(), t.cordonedBefore());
                steps.add(new StepResult("restore", name, Status.RESTORED, t.cordonedBefore() ? "cordoned as before" : "uncordoned as before"));
            }
        }

        void patchCordon(ObjectRef ref, boolean cordon) {
            ArrayNode ops = Json.MAPPER.createArrayNode();
            if (cordon) ops.addObject().put("op", "add").put("path", "/spec/unschedulable").put("value", true);
            else ops.addObject().put("op", "remove").put("path", "/spec/unschedulable");
            kube.jsonPatch(ref, ops);
        }
    }
}
