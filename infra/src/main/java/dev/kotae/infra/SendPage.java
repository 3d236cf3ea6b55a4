package dev.kotae.infra;

import dev.kotae.settings.FunctionEnvironment;
import dev.kotae.settings.SendPageSettings;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AttributeMapping;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.IUserPoolIdentityProvider;
import software.amazon.awscdk.services.cognito.ManagedLoginVersion;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.OidcAttributeRequestMethod;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.ProviderAttribute;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolIdentityProviderOidc;
import software.amazon.awscdk.services.cognito.UserPoolIdentityProviderSaml;
import software.amazon.awscdk.services.cognito.UserPoolIdentityProviderSamlMetadata;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The office send page's sign-in and API ({@code kotae:web}): an Amazon Cognito user pool that takes no
 * sign-ups (people are invited: {@code kotae users add}), requires MFA by an authenticator app and signs in
 * through Cognito's managed login with the authorization code flow; and an HTTP API of its own whose
 * {@code POST /api/messages} runs the send page's function only for a request carrying the pool's token
 * (API Gateway's JWT authorizer, audience the page's app client), throttled as the signed API is.
 */
public final class SendPage extends Construct {

    static final String PAGE_PATH = "/send";
    /** After the stack's name: what the user pool passes when it assumes its SMS role, and the role requires. */
    static final String SMS_EXTERNAL_ID = "-send-page-sign-in-codes";
    /**
     * One JSON line a request, in HTTP API's own variables (API Gateway Developer Guide, "Customizing HTTP API
     * access logs"): the person by their subject only, never their address.
     */
    static final AccessLogFormat ACCESS_LOG_FORMAT = AccessLogFormat.custom("{\"requestId\":\"$context.requestId\","
            + "\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\","
            + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\",\"person\":\"$context.authorizer.claims.sub\","
            + "\"authorizerError\":\"$context.authorizer.error\",\"error\":\"$context.error.message\"}");

    private final UserPool people;
    private final HttpApi api;

    public SendPage(Construct scope, String id, Props props) {
        super(scope, id);
        var defaults = props.defaults();
        var settings = props.page();
        // Retained as the table is: it holds who may send; a stack deleted and deployed again finds its people
        // gone otherwise. It carries no explicit name, so a new deploy creates its own.
        var pool = UserPool.Builder.create(this, "People")
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().email(true).build())
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                .mfa(Mfa.REQUIRED)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(settings.mfa().byApp()).sms(settings.mfa().bySms()).build())
                .passwordPolicy(PasswordPolicy.builder().minLength(12).requireLowercase(true).requireUppercase(true)
                        .requireDigits(true).requireSymbols(true).tempPasswordValidity(Duration.days(7)).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .featurePlan(FeaturePlan.ESSENTIALS)
                .removalPolicy(RemovalPolicy.RETAIN);
        if (settings.mfa().bySms()) {
            var externalId = Stack.of(this).getStackName() + SMS_EXTERNAL_ID;
            pool.smsRole(smsRole(externalId)).smsRoleExternalId(externalId);
        }
        people = pool.build();
        var signIn = people.addDomain("SignIn", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder().domainPrefix(settings.domainPrefix()).build())
                // Cognito's classic hosted sign-in pages, which need no branding resource (the newer managed login
                // needs a style per app client: CDK's UserPoolDomainOptions.managedLoginVersion).
                .managedLoginVersion(ManagedLoginVersion.CLASSIC_HOSTED_UI)
                .build());

        var function = new KotaeFunction(this, "Send", KotaeFunction.Props.builder()
                .handler("dev.kotae.messages.boundary.PageSendHandler::handleRequest")
                .description("Kotae: the send page's POST /api/messages sends one SMS as the signed-in person")
                .defaults(defaults)
                .environment(defaults.environment().everyFunction())
                .timeout(KotaeFunction.SENDING_TIMEOUT)
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        defaults.grantTable(function.role(),
                "dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        defaults.allowSending(function.role());

        api = HttpApi.Builder.create(this, "Api")
                .apiName(Stack.of(this).getStackName() + "-send-page")
                .description("Kotae send page API (signed-in people only)")
                .createDefaultStage(false)
                .build();
        var accessLogs = LogGroup.Builder.create(this, "AccessLogs").retention(RetentionDays.THREE_MONTHS).build();
        HttpStage.Builder.create(this, "Stage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(props.rateLimit()).burstLimit(props.burstLimit()).build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(accessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return ACCESS_LOG_FORMAT;
                    }
                })
                .build();

        // The app client the page signs in with: public (a browser keeps no secret), the code flow, and the
        // page itself as the only callback and sign-out URL.
        var pageUrl = api.getApiEndpoint() + PAGE_PATH;
        var company = settings.identityProvider().map(this::companyIdentityProvider);
        var signInWith = new ArrayList<>(List.of(UserPoolClientIdentityProvider.COGNITO));
        company.ifPresent(provider -> signInWith.add(UserPoolClientIdentityProvider.custom(provider.getProviderName())));
        UserPoolClient page = people.addClient("Page", UserPoolClientOptions.builder()
                .generateSecret(false)
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
                        .scopes(List.of(OAuthScope.OPENID, OAuthScope.EMAIL))
                        .callbackUrls(List.of(pageUrl))
                        .logoutUrls(List.of(pageUrl))
                        .build())
                .supportedIdentityProviders(signInWith)
                .preventUserExistenceErrors(true)
                // API Gateway's JWT check does not ask Cognito whether a token was revoked: a token signed out of
                // stays good until it expires, so the page's tokens live an hour at most.
                .idTokenValidity(Duration.hours(1))
                .accessTokenValidity(Duration.hours(1))
                .refreshTokenValidity(Duration.hours(8))
                .build());
        // The page itself takes no token: it is what signs the person in. It reads no table and sends nothing.
        var pageFunction = new KotaeFunction(this, "Page", KotaeFunction.Props.builder()
                .handler("dev.kotae.web.boundary.PageHandler::handleRequest")
                .description("Kotae: serves the send page, which signs people in and sends through /api/messages")
                .defaults(defaults)
                .environment(FunctionEnvironment.sendPage(signIn.baseUrl(), page.getUserPoolClientId()))
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        var pageIntegration = new HttpLambdaIntegration("Page", pageFunction.alias());
        for (var path : List.of(PAGE_PATH, PAGE_PATH + "/{file}")) {
            api.addRoutes(AddRoutesOptions.builder().path(path).methods(List.of(HttpMethod.GET)).integration(pageIntegration)
                    .build()).forEach(route -> NagSuppressions.addResourceSuppressions(route, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-APIG4")
                    .reason("The page's own document, script, stylesheet and sign-in settings: public by design, since the"
                            + " page is what signs a person in; they carry no data. POST /api/messages requires the pool's token.")
                    .build()), true));
        }
        var read = new KotaeFunction(this, "Read", KotaeFunction.Props.builder()
                .handler("dev.kotae.messages.boundary.PageMessageHandler::handleRequest")
                .description("Kotae: the send page's GET /api/messages/{messageId} reads one of the person's own messages")
                .defaults(defaults)
                .environment(defaults.environment().everyFunction())
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        defaults.grantTable(read.role(), "dynamodb:GetItem", "dynamodb:Query");
        var person = HttpUserPoolAuthorizer.Builder.create("Person", people).userPoolClients(List.of(page)).build();
        api.addRoutes(AddRoutesOptions.builder()
                .path("/api/messages")
                .methods(List.of(HttpMethod.POST))
                .integration(new HttpLambdaIntegration("PageSend", function.alias()))
                .authorizer(person)
                .build());
        // Reads nothing and sends nothing: the number and parts a send would have, as the person types.
        var preview = new KotaeFunction(this, "Preview", KotaeFunction.Props.builder()
                .handler("dev.kotae.messages.boundary.PagePreviewHandler::handleRequest")
                .description("Kotae: the send page's POST /api/preview reads a message as a send would, sending nothing")
                .defaults(defaults)
                .environment(defaults.environment().everyFunction())
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        api.addRoutes(AddRoutesOptions.builder()
                .path("/api/preview")
                .methods(List.of(HttpMethod.POST))
                .integration(new HttpLambdaIntegration("PagePreview", preview.alias()))
                .authorizer(person)
                .build());
        api.addRoutes(AddRoutesOptions.builder()
                .path("/api/messages/{messageId}")
                .methods(List.of(HttpMethod.GET))
                .integration(new HttpLambdaIntegration("PageRead", read.alias()))
                .authorizer(person)
                .build());
        // "My sends": the person's latest messages, each with its status and delivery; reads only.
        var mySends = new KotaeFunction(this, "MySends", KotaeFunction.Props.builder()
                .handler("dev.kotae.messages.boundary.PageMySendsHandler::handleRequest")
                .description("Kotae: the send page's GET /api/messages lists the person's own latest messages")
                .defaults(defaults)
                .environment(defaults.environment().everyFunction())
                .memorySize(KotaeFunction.INTERACTIVE_MEMORY_MB)
                .build());
        defaults.grantTable(mySends.role(), "dynamodb:Query", "dynamodb:BatchGetItem");
        api.addRoutes(AddRoutesOptions.builder()
                .path("/api/messages")
                .methods(List.of(HttpMethod.GET))
                .integration(new HttpLambdaIntegration("PageMySends", mySends.alias()))
                .authorizer(person)
                .build());
        // As the signed API's: the gateway's own 5XX (an integration that failed or timed out), beside each function's alarms.
        var serverErrors = defaults.monitoring().thresholds().api5xxPerFiveMinutes();
        defaults.monitoring().raise(this, "ServerErrors", "api-5xx", "The send page's API answered 5XX",
                api.metricServerError(Monitoring.sum(Monitoring.FIVE_MINUTES)), serverErrors,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        acknowledgeFindings();
    }

    /**
     * The role Cognito sends sign-in codes by SMS with (Amazon SNS, in this account). It trusts the service only when
     * it acts for a user pool of this account ({@code aws:SourceAccount}, and {@code aws:SourceArn} matching this
     * account's user pools in this region, the conditions the issue takes from the Cognito Developer Guide's "SMS
     * message settings"), and only with the external ID the pool passes when it assumes the role
     * ({@link #SMS_EXTERNAL_ID}; Amazon Cognito API Reference, SmsConfigurationType), so no other account's pool can
     * have Cognito use it: the confused deputy a bare service principal would allow. The ARN ends in a wildcard, not
     * this pool's own: naming the pool would make the role depend on the pool that depends on it. The permission is
     * inline, part of the role itself: Cognito checks that the role may publish when it creates or updates the pool
     * (CreateUserPool's InvalidSmsRoleAccessPolicyException), and a policy of its own could be attached after that.
     */
    private Role smsRole(String externalId) {
        var stack = Stack.of(this);
        var role = Role.Builder.create(this, "SmsRole")
                .description("Cognito texts the send page's sign-in codes with this role, for this account's user pools only")
                .assumedBy(new ServicePrincipal("cognito-idp.amazonaws.com").withConditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount(), "sts:ExternalId", externalId),
                        "ArnLike", Map.of("aws:SourceArn", stack.formatArn(ArnComponents.builder()
                                .service("cognito-idp").resource("userpool").resourceName("*").build())))))
                .inlinePolicies(Map.of("PublishSignInCodes", PolicyDocument.Builder.create()
                        .statements(List.of(PolicyStatement.Builder.create().actions(List.of("sns:Publish"))
                                .resources(List.of("*")).build()))
                        .build()))
                .build();
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Amazon SNS texts a phone number directly, and a number has no ARN: sns:Publish to a phone number"
                        + " is allowed on *. Only Cognito, for this account's user pools and with the pool's external"
                        + " ID, can use the role.")
                .appliesTo(List.of("Resource::*"))
                .build()), true);
        return role;
    }

    /**
     * The company's identity provider, beside the pool's own sign-in: its people arrive with their e-mail address
     * mapped from the provider's attribute, which the audit trail names them by. An OIDC client secret is read from
     * AWS Secrets Manager by CloudFormation at deploy time (a dynamic reference): the template holds the secret's
     * name only.
     */
    private IUserPoolIdentityProvider companyIdentityProvider(SendPageSettings.IdentityProvider provider) {
        var email = AttributeMapping.builder().email(ProviderAttribute.other(provider.emailAttribute())).build();
        if (provider instanceof SendPageSettings.Saml saml) {
            return UserPoolIdentityProviderSaml.Builder.create(this, "CompanySaml")
                    .userPool(people)
                    .name(saml.name())
                    .metadata(UserPoolIdentityProviderSamlMetadata.url(saml.metadataUrl().toString()))
                    .attributeMapping(email)
                    .build();
        }
        var oidc = (SendPageSettings.Oidc) provider;
        return UserPoolIdentityProviderOidc.Builder.create(this, "CompanyOidc")
                .userPool(people)
                .name(oidc.name())
                .issuerUrl(oidc.issuer().toString())
                .clientId(oidc.clientId())
                .clientSecret(SecretValue.secretsManager(oidc.clientSecretName()).unsafeUnwrap())
                .scopes(List.of("openid", "email"))
                .attributeRequestMethod(OidcAttributeRequestMethod.GET)
                .attributeMapping(email)
                .build();
    }

    private void acknowledgeFindings() {
        NagSuppressions.addResourceSuppressions(people, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-COG3")
                .reason("Threat protection (advanced security) needs the Plus feature plan, charged per active user;"
                        + " the pool takes no sign-ups, requires MFA and is reached only by invited people.")
                .build()), true);
    }

    public UserPool people() {
        return people;
    }

    /** Where the page is: the HTTP API's own endpoint. */
    public String pageUrl() {
        return api.getApiEndpoint() + PAGE_PATH;
    }

    /**
     * @param page         {@code kotae:web}'s settings: the managed login's domain, MFA, the company's provider
     * @param rateLimit    the stage's steady requests per second ({@code kotae:apiRateLimit}, as the signed API's)
     * @param burstLimit   the stage's burst ({@code kotae:apiBurstLimit})
     */
    public record Props(FunctionDefaults defaults, SendPageSettings page, int rateLimit, int burstLimit) {

        public Props {
            Objects.requireNonNull(defaults, "defaults");
            Objects.requireNonNull(page, "page");
        }
    }
}
