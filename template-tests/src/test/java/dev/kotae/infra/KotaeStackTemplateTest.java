package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KotaeStackTemplateTest {

    private static final String PHONE_NUMBER_ARN = Synthesized.arn("sms-voice", "phone-number/" + Synthesized.PHONE_NUMBER_ID);
    private static final String OWN_CONFIGURATION_SET_ARN = Synthesized.arn("sms-voice", "configuration-set/Kotae-delivery");

    private static Synthesized synthesized;

    @BeforeAll
    static void synthesizeOnce() {
        synthesized = Synthesized.withContext(Map.of(KotaeSettings.DEFAULT_COUNTRY, "jp",
                KotaeSettings.API_RATE_LIMIT, "5", KotaeSettings.API_BURST_LIMIT, "8"));
    }

    @Test
    void everyMethodRequiresIamAuthorization() {
        var methods = synthesized.template().findResources("AWS::ApiGateway::Method");

        assertThat(methods).hasSize(10);
        assertThat(methods.values()).allSatisfy(method ->
                assertThat(properties(method).get("AuthorizationType")).isEqualTo("AWS_IAM"));
        assertThat(methods.values()).extracting(method -> properties(method).get("HttpMethod"))
                .containsExactlyInAnyOrder("POST", "GET", "DELETE", "POST", "GET", "DELETE", "GET", "GET", "PUT", "DELETE");
    }

    /** So the functions get the caller's bytes and refuse what is not UTF-8, instead of the gateway altering them. */
    @Test
    void jsonReachesTheFunctionsAsTheCallersBytes() {
        synthesized.template().hasResourceProperties("AWS::ApiGateway::RestApi", Map.of(
                "BinaryMediaTypes", List.of("application/json")));
    }

    @Test
    void theStageThrottlesAndLogsAccess() {
        synthesized.template().hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "StageName", "v1",
                "AccessLogSetting", Match.objectLike(Map.of("DestinationArn", Match.anyValue())),
                "MethodSettings", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "ThrottlingRateLimit", 5, "ThrottlingBurstLimit", 8))))));
    }

    @Test
    void gatewayErrorsUseTheApiErrorShape() {
        for (var type : List.of("DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED")) {
            synthesized.template().hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of(
                    "ResponseType", type,
                    "ResponseTemplates", Map.of("application/json", MessagesApi.ERROR_TEMPLATE)));
        }
        synthesized.template().hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of(
                "ResponseType", "THROTTLED",
                "ResponseParameters", Match.objectLike(Map.of("gatewayresponse.header.Retry-After", "'1'"))));
    }

    @Test
    void theTableExpiresItemsKeepsBackupsAndOutlivesTheStack() {
        synthesized.template().hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "BillingMode", "PAY_PER_REQUEST",
                        "TimeToLiveSpecification", Map.of("AttributeName", "deleteAfter", "Enabled", true),
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)))));
    }

    @Test
    void thereIsNoIamUserAndNoAccessKey() {
        synthesized.template().resourceCountIs("AWS::IAM::User", 0);
        synthesized.template().resourceCountIs("AWS::IAM::AccessKey", 0);
        var functions = synthesized.template().findResources("AWS::Lambda::Function");
        assertThat(functions.values()).allSatisfy(function -> assertThat(String.valueOf(properties(function)
                .get("Environment"))).doesNotContain("AWS_ACCESS_KEY_ID").doesNotContain("AWS_SECRET_ACCESS_KEY"));
    }

    @Test
    void endUserMessagingIsAllowedOnTheConfiguredNumberOnly() {
        var statements = statementsAllowing("sms-voice:");
        var protectConfiguration = protectConfigurationArn(synthesized);

        // Five functions send: the API's send, the scheduled send, the inbound answers, the batch sender, and the
        // consent function's double opt-in request.
        assertThat(statements).hasSize(13);
        assertThat(statements).filteredOn(statement -> statement.get("Action").equals("sms-voice:SendTextMessage"))
                .hasSize(5).allSatisfy(statement ->
                        assertThat(statement.get("Resource")).isEqualTo(List.of(OWN_CONFIGURATION_SET_ARN, PHONE_NUMBER_ARN,
                                protectConfiguration)));
        // The sending functions' SnapStart priming reads the number instead of sending.
        assertThat(statements).filteredOn(statement -> statement.get("Action").equals("sms-voice:DescribePhoneNumbers"))
                .hasSize(5).allSatisfy(statement -> assertThat(statement.get("Resource")).isEqualTo(PHONE_NUMBER_ARN));
        assertThat(statements).filteredOn(statement -> statement.get("Action").equals(
                        List.of("sms-voice:DescribePhoneNumbers", "sms-voice:UpdatePhoneNumber")))
                .singleElement().satisfies(statement -> assertThat(statement.get("Resource")).isEqualTo(PHONE_NUMBER_ARN));
        // The destinations custom resource: this protect configuration's rules, and the account default.
        assertThat(statements).filteredOn(statement -> statement.get("Action").equals(List.of(
                        "sms-voice:GetProtectConfigurationCountryRuleSet", "sms-voice:SetAccountDefaultProtectConfiguration",
                        "sms-voice:UpdateProtectConfigurationCountryRuleSet")))
                .singleElement().satisfies(statement -> assertThat(statement.get("Resource")).isEqualTo(protectConfiguration));
        // What names no resource: the account's default, read from every protect configuration, and its removal.
        assertThat(statements).filteredOn(statement -> String.valueOf(statement.get("Action"))
                        .contains("sms-voice:DeleteAccountDefaultProtectConfiguration"))
                .singleElement().satisfies(statement -> {
                    assertThat(statement.get("Resource")).isEqualTo("*");
                    assertThat(String.valueOf(statement.get("Action"))).contains("sms-voice:DescribeProtectConfigurations");
                });
    }

    /** Only actions that IAM cannot scope to a resource are allowed on every resource. */
    @Test
    void noPolicyAllowsEveryResourceButActionsThatCannotBeScoped() {
        assertThat(statementsAllowing("").stream().filter(statement -> "*".equals(statement.get("Resource")))
                .flatMap(statement -> statement.get("Action") instanceof List<?> actions ? actions.stream()
                        : java.util.stream.Stream.of(statement.get("Action")))
                .distinct().toList())
                .containsExactlyInAnyOrder("dynamodb:ListStreams", "sms-voice:DeleteAccountDefaultProtectConfiguration",
                        "sms-voice:DescribeProtectConfigurations", "xray:PutTelemetryRecords", "xray:PutTraceSegments");
    }

    @Test
    void readFunctionsOnlyReadAndNothingScansTheTable() {
        var tableActions = statementsAllowing("dynamodb:").stream().map(statement -> statement.get("Action")).toList();

        assertThat(tableActions).contains(List.of("dynamodb:GetItem", "dynamodb:Query"), "dynamodb:Query");
        assertThat(tableActions.toString()).doesNotContain("Scan").doesNotContain("BatchWrite").doesNotContain("dynamodb:*");
    }

    /**
     * SnapStart priming (functions' SnapStartPrimingTest) fails quietly in AWS if the role may not make the
     * calls it transmits: those that write nothing (reads, and the transaction of one check that the delivery
     * status and the scheduled send make). Its writes and sends never leave the process.
     */
    @Test
    void everyRoleAllowsTheCallsItsSnapStartPrimingTransmits() {
        assertThat(synthesized.actionsOf("DeliveryStatusHandler")).contains("dynamodb:ConditionCheckItem");
        assertThat(synthesized.actionsOf("ScheduledSendHandler")).contains("dynamodb:ConditionCheckItem",
                "sms-voice:DescribePhoneNumbers");
        assertThat(synthesized.actionsOf("EventRelayHandler")).contains("events:DescribeEventBus");
        assertThat(synthesized.actionsOf("SendMessageHandler")).contains("sms-voice:DescribePhoneNumbers");
        assertThat(synthesized.actionsOf("InboundMessageHandler")).contains("dynamodb:Query", "sms-voice:DescribePhoneNumbers");
        assertThat(synthesized.actionsOf("GetMessageHandler")).contains("dynamodb:Query");
        assertThat(synthesized.actionsOf("GetConversationsHandler")).contains("dynamodb:Query");
        assertThat(synthesized.actionsOf("SendMessageHandler")).doesNotContain("dynamodb:Query", "dynamodb:GetItem");
    }

    @Test
    void functionsSomeoneWaitsOnGetAFullVcpuAndTheOthersLess() {
        var memoryByHandler = new java.util.TreeMap<String, Object>();
        synthesized.template().findResources("AWS::Lambda::Function").values().forEach(function ->
                memoryByHandler.put(String.valueOf(properties(function).get("Handler")).replaceAll(".*\\.|::.*", ""),
                        properties(function).get("MemorySize")));

        assertThat(memoryByHandler).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("SendMessageHandler", 1769), Map.entry("GetMessageHandler", 1769),
                Map.entry("GetConversationsHandler", 1769), Map.entry("RecipientConsentHandler", 1769),
                Map.entry("GetRecipientHandler", 1769), Map.entry("CancelMessageHandler", 1769),
                Map.entry("CreateBatchHandler", 1769), Map.entry("GetBatchHandler", 1769),
                Map.entry("CancelBatchHandler", 1769), Map.entry("InboundMessageHandler", 1024),
                Map.entry("DeliveryStatusHandler", 1024), Map.entry("EventRelayHandler", 1024),
                Map.entry("TwoWayChannelHandler", 1024), Map.entry("ScheduledSendHandler", 1024),
                Map.entry("BatchSendHandler", 1024), Map.entry("DestinationsHandler", 1024)));
    }

    /** X-Ray active tracing on the stage and every function; the access log names each request's trace. */
    @Test
    void theStageAndEveryFunctionAreTracedAndTheAccessLogNamesTheTrace() {
        assertThat(synthesized.template().findResources("AWS::Lambda::Function").values()).hasSize(16)
                .allSatisfy(function -> assertThat(properties(function).get("TracingConfig"))
                        .isEqualTo(Map.of("Mode", "Active")));
        synthesized.template().hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "TracingEnabled", true,
                "AccessLogSetting", Match.objectLike(Map.of("Format", Match.stringLikeRegexp(
                        ".*\"requestId\":\"\\$context.requestId\".*\"xrayTraceId\":\"\\$context.xrayTraceId\".*"
                                + "\"caller\":\"\\$context.identity.caller\".*\"status\":\"\\$context.status\".*")))));
    }

    @Test
    void functionsRunJava21OnArmBehindTheirAlias() {
        var functions = synthesized.template().findResources("AWS::Lambda::Function");
        assertThat(functions).hasSize(16);
        assertThat(functions.values()).allSatisfy(function -> {
            var properties = properties(function);
            assertThat(properties.get("Runtime")).isEqualTo("java21");
            assertThat(properties.get("Architectures")).isEqualTo(List.of("arm64"));
        });

        var aliases = synthesized.template().findResources("AWS::Lambda::Alias", Map.of(
                "Properties", Map.of("Name", "live", "FunctionName", Match.anyValue(), "FunctionVersion", Match.anyValue())));
        assertThat(aliases).hasSize(16);
        var integrations = synthesized.template().findResources("AWS::ApiGateway::Method").values().stream()
                .map(method -> String.valueOf(((Map<?, ?>) properties(method).get("Integration")).get("Uri")))
                .toList();
        assertThat(integrations).hasSize(10).allSatisfy(uri ->
                assertThat(aliases.keySet()).anySatisfy(alias -> assertThat(uri).contains("Ref=" + alias)));
    }

    @Test
    void functionsReceiveTheirSettings() {
        synthesized.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.kotae.messages.boundary.SendMessageHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "ORIGINATION_IDENTITY", Synthesized.PHONE_NUMBER_ID,
                        "DEFAULT_COUNTRY", "JP",
                        "MESSAGE_RETENTION_DAYS", "90",
                        "TABLE_NAME", Match.anyValue())))));
    }

    @Test
    void theStackOutputsTheApiUrlAndTableName() {
        assertThat(synthesized.template().findOutputs("ApiUrl")).hasSize(1);
        assertThat(synthesized.template().findOutputs("TableName")).hasSize(1);
    }

    @Test
    void aConfigurationSetIsUsedAndAllowed() {
        var withSet = Synthesized.withContext(Map.of(KotaeSettings.CONFIGURATION_SET, "kotae-events"));

        withSet.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.kotae.messages.boundary.SendMessageHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("CONFIGURATION_SET_NAME", "kotae-events")))));
        withSet.template().resourcePropertiesCountIs("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "sms-voice:SendTextMessage",
                        "Resource", List.of(Synthesized.arn("sms-voice", "configuration-set/kotae-events"), PHONE_NUMBER_ARN,
                                protectConfigurationArn(withSet)))))))), 5);
    }

    /** Every send names the stack's protect configuration, so the send permission covers it. */
    private static Map<String, Object> protectConfigurationArn(Synthesized template) {
        var protect = template.template().findResources("AWS::SMSVOICE::ProtectConfiguration").keySet();
        assertThat(protect).hasSize(1);
        return Map.of("Fn::GetAtt", List.of(protect.iterator().next(), "Arn"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Object resource) {
        return (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statementsAllowing(String actionPrefix) {
        return synthesized.template().findResources("AWS::IAM::Policy").values().stream()
                .map(policy -> (Map<String, Object>) properties(policy).get("PolicyDocument"))
                .flatMap(document -> ((List<Map<String, Object>>) document.get("Statement")).stream())
                .filter(statement -> String.valueOf(statement.get("Action")).contains(actionPrefix))
                .toList();
    }
}
