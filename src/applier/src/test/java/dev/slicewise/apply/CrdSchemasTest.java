package dev.slicewise.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The real CRDs as JSON Schemas: what the emulated API server enforces on every write in the ITs. */
class CrdSchemasTest {
    private final CrdSchemas schemas = CrdSchemas.load();

    private static ObjectNode desiredNodePool() {
        return ApplierFixture.fixture("timeslicing/nodepool-gpu-t4-desired.yaml");
    }

    @Test
    void theFixturesAndDesiredObjectsAreValid() {
        assertThat(schemas.validate(desiredNodePool())).isEmpty();
        assertThat(schemas.validate(ApplierFixture.fixture("timeslicing/nodeoverlay-desired.yaml"))).isEmpty();
        assertThat(schemas.knows("nvidia.com/v1", "ClusterPolicy")).isTrue();
        assertThat(schemas.knows("karpenter.k8s.aws/v1", "EC2NodeClass")).isTrue();
    }

    @Test
    void aNodePoolWithABadLimitsValueFails() {
        ObjectNode pool = desiredNodePool();
        ((ObjectNode) pool.get("spec").get("limits")).put("nvidia.com/gpu", "lots");

        assertThat(schemas.validate(pool)).singleElement().asString().startsWith("/spec/limits/nvidia.com~1gpu:");
    }

    @Test
    void intOrStringQuantitiesAcceptABareInteger() {
        ObjectNode pool = desiredNodePool();
        ((ObjectNode) pool.get("spec").get("limits")).put("nvidia.com/gpu", 16);
        ObjectNode overlay = ApplierFixture.fixture("timeslicing/nodeoverlay-desired.yaml");
        ((ObjectNode) overlay.get("spec").get("capacity")).put("nvidia.com/gpu", "4x");

        assertThat(schemas.validate(pool)).isEmpty();
        assertThat(schemas.validate(overlay)).singleElement().asString().startsWith("/spec/capacity/nvidia.com~1gpu:");
    }

    @Test
    void unknownFieldsAreErrorsLikeStrictFieldValidation() {
        ObjectNode pool = desiredNodePool();
        ((ObjectNode) pool.get("spec")).put("limitz", "typo");
        ObjectNode overlay = ApplierFixture.fixture("timeslicing/nodeoverlay-desired.yaml");
        ((ObjectNode) overlay.get("spec")).put("weight", 0); // minimum 1

        assertThat(schemas.validate(pool)).singleElement().asString().contains("limitz");
        assertThat(schemas.validate(overlay)).singleElement().asString().startsWith("/spec/weight:");
    }

    @Test
    void celRulesAreCountedNotEvaluated() {
        assertThat(schemas.skippedCelRules).isGreaterThan(0);
    }
}
