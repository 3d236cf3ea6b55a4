package dev.kotae.infra;

import dev.kotae.settings.Callers;
import dev.kotae.settings.KotaeSettings;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.HashMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AccessLogField;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The messages API: {@code POST /messages}, {@code GET} and {@code DELETE /messages/{messageId}}, the
 * same for {@code /batches} ({@link BatchSends}' functions) and {@code GET /conversations/{phoneNumber}} on a regional REST API where every method requires
 * SigV4-signed IAM credentials. The send function may call
 * SendTextMessage on the configured origination identity (and configuration set) only.
 */
public final class MessagesApi extends Construct {

    static final String STAGE = "v1";
    static final int MAX_RESOURCE_POLICY_LENGTH = 8192;
    /** The media type the functions read as bytes; the sandbox's local API passes it the same way. */
    static final String BINARY_MEDIA_TYPE = "application/json";
    /** API Gateway's own errors (auth, throttling) in the same shape as the functions' errors. */
    static final String ERROR_TEMPLATE =
            "{\"error\":{\"code\":\"$context.error.responseType\",\"message\":$context.error.messageString}}";

    /**
     * API Gateway's standard JSON fields and the request's X-Ray trace id, which leads from an access log line
     * to the request's trace (docs/operations.md, Tracing).
     */
    static final AccessLogFormat ACCESS_LOG_FORMAT = AccessLogFormat.custom(accessLogLine());

    private final RestApi api;
    private final KotaeFunction send;

    public MessagesApi(Construct scope, String id, Props props) {
        super(scope, id);
        var defaults = props.defaults();
        var environment = defaults.environment().everyFunction();
        var schedulingEnvironment = defaults.environment().scheduling(props.scheduledSends().where());

        send = new KotaeFunction(this, "Send", KotaeFunction.Props.builder()
                .handler("dev.kotae.messages.boundary.SendMessageHandler::handleRequest")
                .description("Kotae: POST /messages sends one SMS, or schedules it")
                .defaults(defaults)
                .environment(schedulingEnvironment)
                .timeout(KotaeFunction.SENDING_TIMEOUT)
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        defaults.grantTable(send.role(),
                "dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        defaults.allowSending(send.role());
        props.scheduledSends().allowBooking(send.role());

        var get = new KotaeFunction(this, "Get", KotaeFunction.Props.builder()
                .handler("dev.kotae.messages.boundary.GetMessageHandler::handleRequest")
                .description("Kotae: GET /messages/{messageId} reads one message record")
                .defaults(defaults)
                .environment(environment)
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        defaults.grantTable(get.role(), "dynamodb:GetItem", "dynamodb:Query");

        var conversations = new KotaeFunction(this, "Conversations", KotaeFunction.Props.builder()
                .handler("dev.kotae.conversations.boundary.GetConversationsHandler::handleRequest")
                .description("Kotae: GET /conversations/{phoneNumber} reads a number's opt-out state and conversations")
                .defaults(defaults)
                .environment(environment)
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        defaults.grantTable(conversations.role(), "dynamodb:Query");

        var cancel = new KotaeFunction(this, "Cancel", KotaeFunction.Props.builder()
                .handler("dev.kotae.messages.boundary.CancelMessageHandler::handleRequest")
                .description("Kotae: DELETE /messages/{messageId} cancels a scheduled message")
                .defaults(defaults)
                .environment(schedulingEnvironment)
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        defaults.grantTable(cancel.role(), "dynamodb:Query", "dynamodb:UpdateItem");
        props.scheduledSends().allowCanceling(cancel.role());

        var accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .build();
        var createsCloudWatchRole = props.cloudWatchRole() == KotaeSettings.ApiGatewayCloudWatchRole.CREATE;
        api = RestApi.Builder.create(this, "Api")
                // Two Kotae stacks in one account and region (staging, production) are told apart by name.
                .restApiName(Stack.of(this).getStackName() + "-messages")
                .description("Kotae messages API (IAM-signed calls only)")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // JSON reaches the functions as the caller's bytes, base64-encoded (API Gateway Developer Guide,
                // "Binary media types for REST APIs"): a body that is not UTF-8 is refused by Kotae, not altered.
                .binaryMediaTypes(List.of(BINARY_MEDIA_TYPE))
                // The account's API Gateway logging role: retained on delete (CDK's default), since every
                // other API in the account and region that logs depends on it too.
                .cloudWatchRole(createsCloudWatchRole)
                .defaultMethodOptions(MethodOptions.builder().authorizationType(AuthorizationType.IAM).build())
                .policy(callersPolicy(props.callers()))
                .deployOptions(StageOptions.builder()
                        .stageName(STAGE)
                        .throttlingRateLimit(props.rateLimit())
                        .throttlingBurstLimit(props.burstLimit())
                        // X-Ray active tracing of the stage: each request's trace, joined by the function's.
                        .tracingEnabled(true)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(ACCESS_LOG_FORMAT)
                        .build())
                .build();
        warnIfThePolicyIsTooLong(api);
        // The stack's own output ApiUrl names the URL once; RestApi's automatic Endpoint output would repeat it.
        api.getNode().tryRemoveChild("Endpoint");
        // Bodies are validated by the function, which knows each member's error code; the
        // gateway checks what it can name: the path parameter.
        var validator = api.addRequestValidator("Parameters", RequestValidatorOptions.builder()
                .validateRequestParameters(true)
                .validateRequestBody(false)
                .build());
        var messages = api.getRoot().addResource("messages");
        messages.addMethod("POST", new LambdaIntegration(send.alias()), MethodOptions.builder()
                .requestValidator(validator)
                .build());
        var message = messages.addResource("{messageId}");
        var messageIdRequired = MethodOptions.builder()
                .requestValidator(validator)
                .requestParameters(Map.of("method.request.path.messageId", true))
                .build();
        message.addMethod("GET", new LambdaIntegration(get.alias()), messageIdRequired);
        message.addMethod("DELETE", new LambdaIntegration(cancel.alias()), messageIdRequired);
        var batches = api.getRoot().addResource("batches");
        batches.addMethod("POST", new LambdaIntegration(props.batchSends().create().alias()), MethodOptions.builder()
                .requestValidator(validator)
                .build());
        var batch = batches.addResource("{batchId}");
        var batchIdRequired = MethodOptions.builder()
                .requestValidator(validator)
                .requestParameters(Map.of("method.request.path.batchId", true))
                .build();
        batch.addMethod("GET", new LambdaIntegration(props.batchSends().get().alias()), batchIdRequired);
        batch.addMethod("DELETE", new LambdaIntegration(props.batchSends().cancel().alias()), batchIdRequired);
        api.getRoot().addResource("conversations").addResource("{phoneNumber}").addMethod("GET",
                new LambdaIntegration(conversations.alias()), MethodOptions.builder()
                        .requestValidator(validator)
                        .requestParameters(Map.of("method.request.path.phoneNumber", true))
                        .build());
        props.consentLedger().addRoutes(api.getRoot(), validator);
        addErrorResponses();
        acknowledgeFindings(createsCloudWatchRole);
        var serverErrors = defaults.monitoring().thresholds().api5xxPerFiveMinutes();
        defaults.monitoring().raise(this, "ApiServerErrors", "api-5xx", "The messages API answered 5XX",
                api.metricServerError(Monitoring.sum(Monitoring.FIVE_MINUTES)), serverErrors,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    public RestApi api() {
        return api;
    }

    public String url() {
        return api.getUrl();
    }

    /** {@code POST /messages}'s: its invocations are the dashboard's sends. */
    public KotaeFunction sendFunction() {
        return send;
    }

    /**
     * Only {@code kotae:callers} may call, each only the methods it is granted, on this stage. Roles match by
     * account and name, with or without a path, as the functions' and the sandbox's check matches them
     * ({@link Callers.Role#principalArnPatterns}). An Allow alone would not
     * narrow anything for callers in this account: with IAM authorization API Gateway lets them in when
     * either their IAM policy or the resource policy allows (API Gateway Developer Guide, "How API Gateway
     * resource policies affect authorization workflow"). So each grant's methods are denied to every
     * principal not granted them, and allowed to those that are (which callers from other accounts need).
     * A changed policy takes effect with the stage's next deployment (API Gateway Developer Guide, "Create
     * and attach an API Gateway resource policy to an API"); CDK names the deployment after the whole
     * API, its policy included, so a changed list of callers redeploys the stage.
     */
    static PolicyDocument callersPolicy(Callers callers) {
        var statements = new ArrayList<PolicyStatement>();
        for (var grant : Callers.Grant.values()) {
            if (grant.methods().isEmpty()) {
                continue;
            }
            // The stage's methods only (API Gateway Developer Guide, "Create and attach an API Gateway resource
            // policy": execute-api:/stage/METHOD/path), not every stage's.
            var methods = grant.methods().stream()
                    .map(method -> "execute-api:/" + STAGE + "/" + method.replace(" /", "/")).toList();
            var roles = callers.roles(grant).stream()
                    .flatMap(role -> Callers.Role.of(role).orElseThrow().principalArnPatterns().stream()).toList();
            var accounts = callers.accounts(grant);
            var notGranted = new HashMap<String, Object>();
            if (!roles.isEmpty()) {
                notGranted.put("ArnNotLike", Map.of("aws:PrincipalArn", roles));
            }
            if (!accounts.isEmpty()) {
                notGranted.put("StringNotEquals", Map.of("aws:PrincipalAccount", List.copyOf(accounts)));
            }
            statements.add(PolicyStatement.Builder.create()
                    .sid("Only" + grant.name().charAt(0) + grant.name().substring(1).toLowerCase(Locale.ROOT) + "Callers")
                    .effect(Effect.DENY)
                    .principals(List.of(new AnyPrincipal()))
                    .actions(List.of("execute-api:Invoke"))
                    .resources(methods)
                    .conditions(notGranted)
                    .build());
            // Roles are allowed by a condition, not named as principals: a named principal must exist when the policy
            // is set, and must be named with its path, where the condition matches any path (Callers.Role).
            if (!roles.isEmpty()) {
                statements.add(PolicyStatement.Builder.create()
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("execute-api:Invoke"))
                        .resources(methods)
                        .conditions(Map.of("ArnLike", Map.of("aws:PrincipalArn", roles)))
                        .build());
            }
            if (!accounts.isEmpty()) {
                statements.add(PolicyStatement.Builder.create()
                        .effect(Effect.ALLOW)
                        .principals(accounts.stream().map(account -> (IPrincipal) new AccountPrincipal(account)).toList())
                        .actions(List.of("execute-api:Invoke"))
                        .resources(methods)
                        .build());
            }
        }
        return PolicyDocument.Builder.create().statements(statements).build();
    }

    private static String accessLogLine() {
        var fields = new java.util.LinkedHashMap<String, String>();
        fields.put("requestId", AccessLogField.contextRequestId());
        fields.put("xrayTraceId", AccessLogField.contextXrayTraceId());
        fields.put("ip", AccessLogField.contextIdentitySourceIp());
        fields.put("user", AccessLogField.contextIdentityUser());
        fields.put("caller", AccessLogField.contextIdentityCaller());
        fields.put("requestTime", AccessLogField.contextRequestTime());
        fields.put("httpMethod", AccessLogField.contextHttpMethod());
        fields.put("resourcePath", AccessLogField.contextResourcePath());
        fields.put("status", AccessLogField.contextStatus());
        fields.put("protocol", AccessLogField.contextProtocol());
        fields.put("responseLength", AccessLogField.contextResponseLength());
        return "{" + String.join(",", fields.entrySet().stream()
                .map(field -> "\"" + field.getKey() + "\":\"" + field.getValue() + "\"").toList()) + "}";
    }

    /**
     * A resource policy holds at most 8,192 characters unless the API's quota is raised (API Gateway Developer
     * Guide, "Quotas for configuring and running a REST API": Length, in characters, of API Gateway resource
     * policy; Service Quotas code L-8B81B02C). Each role of kotae:callers takes two patterns in two statements
     * per grant, so a long list would fail the deploy: synth says so first. Measured as synth writes it, the
     * partition a reference, which is longer than the policy API Gateway stores.
     */
    private static void warnIfThePolicyIsTooLong(RestApi api) {
        var policy = ((software.amazon.awscdk.services.apigateway.CfnRestApi) api.getNode().getDefaultChild()).getPolicy();
        String json;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Stack.of(api).resolve(policy));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a resolved policy is plain JSON", e);
        }
        if (json.length() > MAX_RESOURCE_POLICY_LENGTH) {
            Annotations.of(api).addWarningV2("kotae:resourcePolicyLength", "The API's resource policy takes about "
                    + json.length() + " characters; API Gateway takes " + MAX_RESOURCE_POLICY_LENGTH + " unless the API's"
                    + " quota is raised (Service Quotas code L-8B81B02C), and the deploy fails otherwise. List fewer"
                    + " roles in " + KotaeSettings.CALLERS + " (an account id covers all its roles), or raise the quota.");
        }
    }

    private void addErrorResponses() {
        var json = Map.of("application/json", ERROR_TEMPLATE);
        api.addGatewayResponse("ClientErrors", GatewayResponseOptions.builder()
                .type(ResponseType.DEFAULT_4_XX)
                .responseHeaders(Map.of("Content-Type", "'application/json'"))
                .templates(json)
                .build());
        api.addGatewayResponse("Throttled", GatewayResponseOptions.builder()
                .type(ResponseType.THROTTLED)
                .responseHeaders(Map.of("Content-Type", "'application/json'", "Retry-After", "'1'"))
                .templates(json)
                .build());
        api.addGatewayResponse("ServerErrors", GatewayResponseOptions.builder()
                .type(ResponseType.DEFAULT_5_XX)
                .responseHeaders(Map.of("Content-Type", "'application/json'"))
                .templates(json)
                .build());
    }

    private void acknowledgeFindings(boolean createsCloudWatchRole) {
        NagSuppressions.addResourceSuppressions(api, List.of(
                NagPackSuppression.builder().id("AwsSolutions-APIG3").reason("Every method requires SigV4-signed IAM"
                        + " credentials, so unauthenticated traffic is refused by API Gateway before any function runs,"
                        + " and the stage throttles to the sending number's rate. A WAF web ACL adds cost without"
                        + " narrowing that further; attach one at the account's edge if policy requires it.").build(),
                NagPackSuppression.builder().id("AwsSolutions-COG4").reason("Callers are AWS workloads authenticated"
                        + " by IAM (AWS_IAM authorization on every method); there are no end users for a Cognito user"
                        + " pool to authenticate.").build(),
                NagPackSuppression.builder().id("AwsSolutions-APIG2").reason("API Gateway validates the path"
                        + " parameter; request bodies are validated by the send function, which answers each invalid"
                        + " member with its own documented error code. A gateway body model would replace those with"
                        + " one generic BAD_REQUEST_BODY and duplicate the rules in two places.").build(),
                NagPackSuppression.builder().id("AwsSolutions-APIG6").reason("Access logs record every request"
                        + " with its caller and status, and each function logs its own request with the same request id;"
                        + " execution logs would add request and response bodies, which carry message text and phone"
                        + " numbers that Kotae never logs.").build()),
                true);
        if (createsCloudWatchRole) {
            NagSuppressions.addResourceSuppressions(api, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM4")
                    .reason("The account's API Gateway logging role uses AmazonAPIGatewayPushToCloudWatchLogs, the"
                            + " managed policy the API Gateway Developer Guide prescribes for it (Set up CloudWatch"
                            + " logging for REST APIs); it lets API Gateway write logs and nothing else.")
                    // The partition is a literal or a token depending on what synth knows of the region.
                    .appliesTo(List.of(RegexAppliesTo.builder()
                            .regex("/^Policy::arn:(<AWS::Partition>|aws[a-z-]*):iam::aws:policy\\/service-role\\/AmazonAPIGatewayPushToCloudWatchLogs$/")
                            .build()))
                    .build()), true);
        }
    }

    /**
     * @param rateLimit      the stage's steady requests per second
     * @param burstLimit     the stage's burst
     * @param cloudWatchRole whether the stack creates the account's API Gateway logging role or uses the one set
     * @param callers        who may call which methods ({@code kotae:callers})
     * @param scheduledSends where messages sent with a {@code sendAt} wait
     * @param batchSends     the functions behind {@code /batches}
     * @param consentLedger  the functions behind {@code /recipients}
     */
    public record Props(FunctionDefaults defaults, int rateLimit, int burstLimit,
                        KotaeSettings.ApiGatewayCloudWatchRole cloudWatchRole, Callers callers,
                        ScheduledSends scheduledSends, BatchSends batchSends, ConsentLedger consentLedger) {

        public Props {
            Objects.requireNonNull(defaults, "defaults");
            Objects.requireNonNull(scheduledSends, "scheduledSends");
            Objects.requireNonNull(batchSends, "batchSends");
            Objects.requireNonNull(consentLedger, "consentLedger");
            Objects.requireNonNull(cloudWatchRole, "cloudWatchRole");
            Objects.requireNonNull(callers, "callers");
        }
    }
}
