package dev.kotae.infra;

import dev.kotae.settings.Regions;
import dev.kotae.settings.KotaeSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

import static dev.kotae.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What only a real account would show: each fix for a template that synthesizes but would not deploy or work. */
class DeployReadinessTemplateTest {

    /** The custom resources' functions, invoked by deploys only: no SnapStart. */
    private static final java.util.Set<String> DEPLOY_TIME_HANDLERS = java.util.Set.of("TwoWayChannelHandler",
            "DestinationsHandler");

    private static Synthesized defaults;

    @BeforeAll
    static void synthesizeOnce() {
        defaults = TemplateVariant.DEFAULTS.synthesize(Synthesized.REGION);
    }

    @Test
    void theStackCreatesTheAccountsApiGatewayLoggingRoleWhenAskedKeepsItAndCreatesTheStageAfterIt() {
        var created = TemplateVariant.API_GATEWAY_CLOUDWATCH_ROLE_CREATED.synthesize(Synthesized.REGION);

        var accounts = created.resources("AWS::ApiGateway::Account");
        assertThat(accounts).hasSize(1);
        var account = accounts.values().iterator().next();
        assertThat(account.get("DeletionPolicy")).isEqualTo("Retain");
        var role = created.resources("AWS::IAM::Role").get(roleIdOf(account));
        assertThat(role.get("DeletionPolicy")).isEqualTo("Retain");
        assertThat(String.valueOf(properties(role).get("ManagedPolicyArns"))).contains("AmazonAPIGatewayPushToCloudWatchLogs");
        assertThat(String.valueOf(properties(role).get("AssumeRolePolicyDocument"))).contains("apigateway.amazonaws.com");
        assertThat(created.resources("AWS::ApiGateway::Stage").values()).singleElement()
                .satisfies(stage -> assertThat(String.valueOf(stage.get("DependsOn")))
                        .contains(accounts.keySet().iterator().next()));
    }

    @Test
    void withTheAccountsExistingRoleTheStackLeavesTheAccountSettingAlone() {
        defaults.template().resourceCountIs("AWS::ApiGateway::Account", 0);
        defaults.template().hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "AccessLogSetting", Match.objectLike(Map.of("DestinationArn", Match.anyValue()))));
    }

    @Test
    void synthRefusesToGuessWhoOwnsTheApiGatewayLoggingRole() {
        var context = Synthesized.context(Map.of());
        context.remove(KotaeSettings.API_GATEWAY_CLOUDWATCH_ROLE);

        assertThatThrownBy(() -> KotaeSettings.from(context::get))
                .hasMessageContaining(KotaeSettings.API_GATEWAY_CLOUDWATCH_ROLE)
                .hasMessageContaining("`create`").hasMessageContaining("`existing`");
        context.put(KotaeSettings.API_GATEWAY_CLOUDWATCH_ROLE, "maybe");
        assertThatThrownBy(() -> KotaeSettings.from(context::get)).hasMessageContaining("must be create or existing");
    }

    @Test
    void whereLambdaOffersNoSnapStartFunctionsStartWithoutIt() {
        for (var region : Regions.WITHOUT_SNAPSTART) {
            var there = TemplateVariant.DEFAULTS.synthesize(region);

            assertThat(there.resources("AWS::Lambda::Function").values()).as(region)
                    .allSatisfy(function -> assertThat(properties(function)).doesNotContainKey("SnapStart"));
        }
    }

    @Test
    void everyFunctionButTheDeployTimeOneUsesSnapStartWhereOffered() {
        var snapStartByHandler = new java.util.TreeMap<String, Object>();
        defaults.resources("AWS::Lambda::Function").values().forEach(function -> snapStartByHandler.put(
                handlerClass(function), properties(function).get("SnapStart")));

        assertThat(snapStartByHandler).hasSize(16).allSatisfy((handler, snapStart) -> assertThat(snapStart).as(handler)
                .isEqualTo(DEPLOY_TIME_HANDLERS.contains(handler) ? null : Map.of("ApplyOn", "PublishedVersions")));
    }

    @Test
    void aTemplateForAnyRegionDecidesSnapStartByTheRegionItIsDeployedIn() {
        var anywhere = Synthesized.regionAgnostic(Map.of());

        var condition = anywhere.template().findConditions(SnapStart.CONDITION_ID);
        assertThat(condition).hasSize(1);
        assertThat(String.valueOf(condition.values().iterator().next()))
                .contains(Regions.WITHOUT_SNAPSTART).contains("AWS::Region");
        assertThat(anywhere.resources("AWS::Lambda::Function").values())
                .filteredOn(function -> !DEPLOY_TIME_HANDLERS.contains(handlerClass(function)))
                .hasSize(14).allSatisfy(function -> assertThat(properties(function).get("SnapStart")).isEqualTo(Map.of(
                        "Fn::If", List.of(SnapStart.CONDITION_ID, Map.of("ApplyOn", "PublishedVersions"),
                                Map.of("Ref", "AWS::NoValue")))));
    }

    @Test
    void synthRefusesARegionWithoutEndUserMessaging() {
        assertThatThrownBy(() -> TemplateVariant.DEFAULTS.synthesize("ap-southeast-7"))
                .hasMessageContaining("ap-southeast-7").hasMessageContaining("End User Messaging");
    }

    @Test
    void alarmsOfThisAccountMayPublishToTheAlarmTopicWhosePolicyReplacesTheDefault() {
        var topic = defaults.resources("AWS::SNS::Topic").entrySet().stream()
                .filter(entry -> "Kotae alarms".equals(properties(entry.getValue()).get("DisplayName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        var alarmsOfThisAccountPublish = Match.objectLike(Map.of(
                "Effect", "Allow",
                "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                "Action", "sns:Publish",
                "Condition", Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", Synthesized.ACCOUNT),
                        "ArnLike", Map.of("aws:SourceArn", Synthesized.arn("cloudwatch", "alarm:*")))));
        defaults.template().hasResourceProperties("AWS::SNS::TopicPolicy", Map.of(
                "Topics", List.of(Map.of("Ref", topic)),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(alarmsOfThisAccountPublish)),
                        "Version", "2012-10-17")));
    }

    @Test
    void everySendingFunctionIsCreatedAfterTheConfigurationSetItNames() {
        var configurationSet = defaults.resources("AWS::SMSVOICE::ConfigurationSet").keySet().iterator().next();

        assertThat(defaults.resources("AWS::Lambda::Function").values())
                .filteredOn(function -> String.valueOf(properties(function).get("Environment")).contains("CONFIGURATION_SET_NAME"))
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(function -> assertThat(String.valueOf(function.get("DependsOn"))).as(handlerClass(function))
                        .contains(configurationSet));
    }

    @Test
    void theStackOutputsWhatTheRunbookNamesAndTheApiUrlOnce() {
        assertThat(defaults.template().toJSON().get("Outputs")).isInstanceOfSatisfying(Map.class, outputs -> {
            assertThat(outputs.keySet()).containsExactlyInAnyOrder("ApiUrl", "TableName", "EventBusName",
                    "InboundDeadLetterQueueUrl", "DeliveryStatusDeadLetterQueueUrl", "EventRelayFailureQueueUrl",
                    "ScheduledSendFailureQueueUrl", "BatchDeadLetterQueueUrl",
                    "ConfigurationSetName", "ProtectConfigurationId", "AllowedCountries", "DashboardName", "AlarmTopicArn");
            assertThat(outputs.values()).filteredOn(output -> String.valueOf(output).contains("execute-api")).hasSize(1);
        });
        var existingSet = TemplateVariant.EXISTING_CONFIGURATION_SET.synthesize(Synthesized.REGION);
        assertThat(existingSet.template().findOutputs("ConfigurationSetName").values()).singleElement()
                .satisfies(output -> assertThat(output.toString()).contains("existing-set"));
        assertThat(existingSet.template().findOutputs("DeliveryStatusDeadLetterQueueUrl")).isEmpty();
    }

    @Test
    void deadLettersOutliveTheMessagesOfTheQueueTheyCameFrom() {
        var queues = defaults.resources("AWS::SQS::Queue");
        var sources = queues.values().stream().filter(queue -> properties(queue).containsKey("RedrivePolicy")).toList();

        assertThat(sources).hasSize(3).allSatisfy(source -> {
            var redrive = (Map<?, ?>) properties(source).get("RedrivePolicy");
            var target = (String) ((List<?>) ((Map<?, ?>) redrive.get("deadLetterTargetArn")).get("Fn::GetAtt")).get(0);
            assertThat(((Number) properties(queues.get(target)).get("MessageRetentionPeriod")).intValue())
                    .isGreaterThan(((Number) properties(source).get("MessageRetentionPeriod")).intValue());
        });
    }

    /**
     * What CloudFormation keeps when the stack is deleted must not keep a name the stack gives it: the
     * next deploy of a stack with the same name would ask for that name again and fail ("already exists").
     * A resource's own name is a top-level property called {@code Name} or ending in {@code Name}.
     */
    @ParameterizedTest
    @EnumSource(TemplateVariant.class)
    void noRetainedResourceCarriesAnExplicitName(TemplateVariant variant) {
        var template = variant.synthesize(Synthesized.REGION);
        @SuppressWarnings("unchecked")
        var resources = (Map<String, Map<String, Object>>) template.template().toJSON().get("Resources");

        var retained = resources.entrySet().stream()
                .filter(resource -> "Retain".equals(resource.getValue().get("DeletionPolicy"))).toList();
        var named = retained.stream().flatMap(resource -> properties(resource.getValue()).keySet().stream()
                .filter(property -> property.endsWith("Name"))
                .map(property -> resource.getKey() + " (" + resource.getValue().get("Type") + ")." + property)).toList();

        assertThat(retained).as("the retained resources this test reads in " + variant).isNotEmpty();
        assertThat(named).as("retained resources with a name of the stack's giving in " + variant).isEmpty();
    }

    @Test
    void theScheduleGroupAndItsSchedulesGoWithTheStack() {
        assertThat(defaults.resources("AWS::Scheduler::ScheduleGroup").values()).singleElement()
                .satisfies(group -> assertThat(group.get("DeletionPolicy")).isEqualTo("Delete"));
    }

    @Test
    void onlyTheTablesKeyOutlivesTheStack() {
        var table = defaults.resources("AWS::DynamoDB::Table").values().iterator().next();
        var tableKey = (String) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) properties(table).get("SSESpecification"))
                .get("KMSMasterKeyId")).get("Fn::GetAtt")).get(0);

        assertThat(defaults.resources("AWS::KMS::Key")).hasSizeGreaterThan(1).allSatisfy((id, key) ->
                assertThat(key.get("DeletionPolicy")).as(id).isEqualTo(id.equals(tableKey) ? "Retain" : "Delete"));
    }

    @Test
    void theDeployingGuideNamesEverySupportedRegionEveryRegionWithoutSnapStartAndEveryOutput() throws Exception {
        var guide = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/deploying.md"));
        var checklist = guide.substring(guide.indexOf("## Before the first deploy"), guide.indexOf("## After the deploy"));
        var afterDeploy = guide.substring(guide.indexOf("## After the deploy"), guide.indexOf("## After a long idle"));

        assertThat(checklist).contains(Regions.SUPPORTED.stream().map(region -> "`" + region + "`").toList())
                .contains(Regions.WITHOUT_SNAPSTART).contains(KotaeSettings.API_GATEWAY_CLOUDWATCH_ROLE);
        assertThat(afterDeploy).contains(defaults.template().findOutputs("*").keySet());
    }

    /**
     * What a restricted bootstrap execution policy must allow for the resource types such policies leave out, and
     * the retry a first deploy creating API Gateway's logging role may need, are in the checklist.
     */
    @Test
    void theChecklistNamesWhatARestrictedExecutionPolicyMustAllow() throws Exception {
        var guide = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/deploying.md"));
        var checklist = guide.substring(guide.indexOf("## Before the first deploy"), guide.indexOf("## After the deploy"));

        assertThat(defaults.template().findResources("AWS::SMSVOICE::ProtectConfiguration")).isNotEmpty();
        assertThat(defaults.template().findResources("AWS::Scheduler::ScheduleGroup")).isNotEmpty();
        assertThat(checklist).contains("--cloudformation-execution-policies", "apigateway:UpdateRestApiPolicy",
                "sms-voice:CreateProtectConfiguration", "AssociateProtectConfiguration", "scheduler:CreateScheduleGroup",
                "iam:PassRole", "deploy again");
    }

    private static String handlerClass(Map<String, Object> function) {
        return String.valueOf(properties(function).get("Handler")).replaceAll(".*\\.|::.*", "");
    }

    private static String roleIdOf(Map<String, Object> account) {
        return (String) ((List<?>) ((Map<?, ?>) properties(account).get("CloudWatchRoleArn")).get("Fn::GetAtt")).get(0);
    }
}
