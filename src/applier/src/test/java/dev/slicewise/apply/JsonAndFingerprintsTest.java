package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonAndFingerprintsTest {

    @Test
    void containsMeansApplyingThisBodyWouldChangeNothing() {
        var node = Json.parse("{\"metadata\":{\"name\":\"n\",\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"spec\":{\"x\":[1,2]}}");

        assertThat(Json.contains(node, Json.parse("{\"metadata\":{\"labels\":{\"a\":\"1\"}}}"))).isTrue();
        assertThat(Json.contains(node, Json.parse("{\"metadata\":{\"labels\":{\"a\":\"2\"}}}"))).isFalse();
        assertThat(Json.contains(node, Json.parse("{\"metadata\":{\"labels\":{\"c\":\"1\"}}}"))).isFalse();
        // lists are atomic (like NodePool disruption budgets): equal or not
        assertThat(Json.contains(node, Json.parse("{\"spec\":{\"x\":[1]}}"))).isFalse();
        assertThat(Json.contains(node, Json.parse("{\"spec\":{\"x\":[1,2]}}"))).isTrue();
        assertThat(Json.contains(Json.parse("{\"q\":16}"), Json.parse("{\"q\":16.0}"))).isTrue();
    }

    @Test
    void mergeIsRecursiveForObjectsAndReplacesLists() {
        var merged = Json.merge(Json.parse("{\"a\":{\"b\":1,\"c\":[1,2]},\"d\":1}"), Json.parse("{\"a\":{\"c\":[3]},\"e\":2}"));

        assertThat(merged.toString()).isEqualTo("{\"a\":{\"b\":1,\"c\":[3]},\"d\":1,\"e\":2}");
    }

    @Test
    void fingerprintsIgnoreWhatControllersWriteAndSeeWhatPeopleEdit() {
        var pool = Json.parse("{\"metadata\":{\"name\":\"p\",\"resourceVersion\":\"7\"},\"spec\":{\"limits\":{\"nvidia.com/gpu\":\"4\"}},\"status\":{\"resources\":{\"nodes\":\"3\"}}}");
        var heartbeat = Json.parse("{\"metadata\":{\"name\":\"p\",\"resourceVersion\":\"9\"},\"spec\":{\"limits\":{\"nvidia.com/gpu\":\"4\"}},\"status\":{\"resources\":{\"nodes\":\"4\"}}}");
        var edited = Json.parse("{\"metadata\":{\"name\":\"p\",\"resourceVersion\":\"9\"},\"spec\":{\"limits\":{\"nvidia.com/gpu\":\"8\"}}}");

        assertThat(Fingerprints.of(ObjectRef.Kind.NODE_POOL, heartbeat)).isEqualTo(Fingerprints.of(ObjectRef.Kind.NODE_POOL, pool));
        assertThat(Fingerprints.of(ObjectRef.Kind.NODE_POOL, edited)).isNotEqualTo(Fingerprints.of(ObjectRef.Kind.NODE_POOL, pool));
        assertThat(Fingerprints.of(ObjectRef.Kind.NODE_POOL, null)).isNull();
    }

    @Test
    void aNodesFingerprintCoversOnlyTheSharingLabelsAndTheCordon() {
        var node = Json.parse("{\"metadata\":{\"labels\":{\"nvidia.com/mig.config\":\"all-disabled\",\"nvidia.com/mig.config.state\":\"success\"}},\"spec\":{}}");
        var migManagerWrote = Json.parse("{\"metadata\":{\"labels\":{\"nvidia.com/mig.config\":\"all-disabled\",\"nvidia.com/mig.config.state\":\"pending\",\"nvidia.com/gpu.deploy.device-plugin\":\"paused-for-mig-change\"}},\"spec\":{}}");
        var cordoned = Json.parse("{\"metadata\":{\"labels\":{\"nvidia.com/mig.config\":\"all-disabled\"}},\"spec\":{\"unschedulable\":true}}");

        assertThat(Fingerprints.of(ObjectRef.Kind.NODE, migManagerWrote)).isEqualTo(Fingerprints.of(ObjectRef.Kind.NODE, node));
        assertThat(Fingerprints.of(ObjectRef.Kind.NODE, cordoned)).isNotEqualTo(Fingerprints.of(ObjectRef.Kind.NODE, node));
    }

    @Test
    void canonicalJsonSortsKeysAtEveryLevel() {
        assertThat(Fingerprints.canonicalJson(Json.parse("{\"b\":{\"y\":1,\"x\":[{\"d\":1,\"c\":2}]},\"a\":0}")))
                .isEqualTo("{\"a\":0,\"b\":{\"x\":[{\"c\":2,\"d\":1}],\"y\":1}}");
    }

    @Test
    void quantitiesAreCheckedLikeTheCrdsPattern() {
        assertThat(KubeNames.quantityProblem("limits.nvidia.com/gpu", "16")).isNull();
        assertThat(KubeNames.quantityProblem("limits.memory", "1.5Ti")).isNull();
        assertThat(KubeNames.quantityProblem("limits.nvidia.com/gpu", "lots")).isEqualTo("'lots' for limits.nvidia.com/gpu is not a Kubernetes quantity");
        assertThat(KubeNames.quantityProblem("limits.nvidia.com/gpu", "-4")).isEqualTo("'-4' for limits.nvidia.com/gpu is negative");
        assertThat(KubeNames.amount("2k").intValue()).isEqualTo(2000);
    }

    @Test
    void labelSyntax() {
        assertThat(KubeNames.labelProblems("nvidia.com/device-plugin.config", "ts-4")).isEmpty();
        assertThat(KubeNames.labelProblems("nvidia.com/device-plugin.config", "a".repeat(64))).hasSize(1);
        assertThat(KubeNames.labelProblems("Bad_Prefix/x", "v")).containsExactly("label key prefix 'Bad_Prefix' is not a DNS subdomain");
        assertThat(KubeNames.labelProblems("a/b/c", "v")).contains("label key 'a/b/c' has more than one '/'");
    }
}
