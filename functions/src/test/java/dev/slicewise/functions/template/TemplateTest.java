package dev.slicewise.functions.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slicewise.aws.dynamodb.DynamoDbRecommendationStore;
import dev.slicewise.functions.AnalyzeHandler;
import dev.slicewise.functions.ApplyHandler;
import dev.slicewise.functions.ApprovalHandler;
import dev.slicewise.functions.ScheduleHandler;
import dev.slicewise.functions.support.Repo;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What template.yaml must say for the functions to work and stay least-privilege. */
class TemplateTest {
    final Template template = Template.load();
    final JsonNode globals = template.root.at("/Globals/Function");

    @Test
    void oneArtifactOnJava21WithSnapStartOnPublishedVersions() {
        assertThat(globals.path("Runtime").asText()).isEqualTo("java21");
        assertThat(globals.path("Handler").asText()).isEqualTo("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
        assertThat(globals.path("AutoPublishAlias").asText()).isEqualTo("live");
        assertThat(globals.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        for (JsonNode f : template.functions().values()) {
            assertThat(f.at("/Properties/CodeUri").asText()).isEqualTo("functions/target/function.zip");
            assertThat(f.path("Properties").has("Runtime")).isFalse();
            assertThat(f.path("Properties").has("ProvisionedConcurrencyConfig")).isFalse(); // not with SnapStart
        }
    }

    @Test
    void eachFunctionSelectsOneOfTheArtifactsHandlers() {
        Set<String> named = Stream.of(ScheduleHandler.class, AnalyzeHandler.class, ApprovalHandler.class, ApplyHandler.class)
                .map(c -> c.getAnnotation(Named.class).value()).collect(Collectors.toSet());
        Map<String, String> selected = template.functions().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().at("/Properties/Environment/Variables/QUARKUS_LAMBDA_HANDLER").asText()));
        assertThat(selected).containsExactlyInAnyOrderEntriesOf(Map.of("ScheduleFunction", "schedule", "AnalyzeFunction", "analyze",
                "ApprovalFunction", "approval", "ApplyFunction", "apply"));
        assertThat(named).containsExactlyInAnyOrderElementsOf(selected.values());
    }

    @Test
    void noWildcardResourceOnAnyMutatingAction() {
        List<String> offenders = new ArrayList<>();
        template.functions().forEach((fn, def) -> {
            for (JsonNode policy : def.at("/Properties/Policies")) {
                for (JsonNode st : policy.path("Statement")) {
                    if (!st.path("Resource").toString().contains("\"*\"")) continue;
                    for (String action : strings(st.path("Action"))) {
                        String verb = action.substring(action.indexOf(':') + 1);
                        if (!(verb.startsWith("Get") || verb.startsWith("List") || verb.startsWith("Describe"))) offenders.add(fn + ": " + action);
                    }
                }
            }
        });
        assertThat(offenders).isEmpty();
    }

    @Test
    void onlyTheApplyFunctionIsMappedToTheWritingGroupAndOnlyTheAnalyzeFunctionSchedules() {
        JsonNode access = new ObjectMapper().valueToTree(CfnYaml.load(Repo.read("infra/sam/cluster.yaml")));
        assertThat(access.at("/Resources/AnalyzeAccess/Properties/KubernetesGroups").toString()).isEqualTo("[\"slicewise-readers\"]");
        assertThat(access.at("/Resources/AnalyzeAccess/Properties/PrincipalArn/Ref").asText()).isEqualTo("AnalyzeFunctionRoleArn");
        assertThat(access.at("/Resources/ApplyAccess/Properties/PrincipalArn/Ref").asText()).isEqualTo("ApplyFunctionRoleArn");
        assertThat(access.at("/Resources/ApplyAccess/Properties/KubernetesGroups").toString()).contains("slicewise-appliers");
        assertThat(access.at("/Resources/AnalyzeAccess/Properties").has("AccessPolicies")).isFalse();
        assertThat(Repo.read("infra/sam/k8s/slicewise-rbac.yaml")).contains("name: slicewise-appliers", "name: slicewise-readers")
                .doesNotContain("secrets");
        template.functions().forEach((fn, def) -> assertThat(def.at("/Properties/Policies").toString().contains("scheduler:CreateSchedule"))
                .as(fn).isEqualTo(fn.equals("AnalyzeFunction")));
    }

    @Test
    void theTableMatchesTheStore() {
        JsonNode t = template.resource("StateTable").path("Properties");
        assertThat(t.at("/KeySchema/0/AttributeName").asText()).isEqualTo("id");
        assertThat(t.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo(DynamoDbRecommendationStore.TTL);
        assertThat(t.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
    }

    @Test
    void failedInvocationsAreRetriedThenDeadLettered() {
        for (String fn : List.of("AnalyzeFunction", "ApplyFunction")) {
            JsonNode p = template.functions().get(fn).path("Properties");
            assertThat(p.at("/DeadLetterQueue/Type").asText()).as(fn).isEqualTo("SQS");
            assertThat(p.at("/EventInvokeConfig/MaximumRetryAttempts").asInt()).as(fn).isEqualTo(2);
        }
        // the apply lease covers the apply function's timeout
        JsonNode apply = template.functions().get("ApplyFunction").path("Properties");
        assertThat(java.time.Duration.parse(apply.at("/Environment/Variables/SLICEWISE_APPLY_LEASE").asText()).toSeconds())
                .isGreaterThanOrEqualTo(apply.path("Timeout").asLong());
    }

    @Test
    void theScheduleSendsWhatTheSampleShows() throws Exception {
        JsonNode schedule = template.functions().get("ScheduleFunction").at("/Properties/Events/RegularAnalysis");
        assertThat(schedule.path("Type").asText()).isEqualTo("ScheduleV2");
        String input = schedule.at("/Properties/Input").asText()
                .replace("<aws.scheduler.schedule-arn>", "arn:aws:scheduler:us-east-1:123456789012:schedule/default/x")
                .replace("<aws.scheduler.scheduled-time>", "2026-11-23T06:00:00Z")
                .replace("<aws.scheduler.execution-id>", "id").replace("<aws.scheduler.attempt-number>", "1");
        JsonNode sent = new ObjectMapper().readTree(input);
        assertThat(fieldNames(sent)).isEqualTo(fieldNames(Repo.eventJson("scheduler-daily.json")));
        assertThat(schedule.at("/Properties/FlexibleTimeWindow/Mode").asText()).isEqualTo("OFF");
    }

    @Test
    void theApprovalUrlIsPublicButBoundedAndAnOutput() {
        JsonNode approval = template.functions().get("ApprovalFunction").path("Properties");
        assertThat(approval.at("/FunctionUrlConfig/AuthType").asText()).isEqualTo("NONE");
        assertThat(approval.path("ReservedConcurrentExecutions").asInt()).isPositive();
        assertThat(template.root.at("/Outputs/ApprovalUrl/Value/Fn::GetAtt").toString()).isEqualTo("[\"ApprovalFunctionUrl\",\"FunctionUrl\"]");
        assertThat(template.root.at("/Outputs/NotificationTopicArn/Value/Ref").asText()).isEqualTo("NotificationTopic");
        assertThat(template.resource("SigningSecret").at("/Properties/GenerateSecretString/PasswordLength").asInt()).isGreaterThanOrEqualTo(32);
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) out.add(n.asText());
        else n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }
}
