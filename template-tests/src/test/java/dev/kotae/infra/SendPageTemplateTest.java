package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The send page's user pool and HTTP API ({@code kotae:web}), as the template declares them. */
class SendPageTemplateTest {

    private static Synthesized withPage;

    @BeforeAll
    static void synthesizeOnce() {
        withPage = TemplateVariant.SEND_PAGE.synthesize(Synthesized.REGION);
    }

    /** Invited people only, MFA by an authenticator app, a strong password; kept when the stack is deleted. */
    @Test
    void theUserPoolTakesNoSignUpsAndRequiresMfa() {
        withPage.template().hasResource("AWS::Cognito::UserPool", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "AdminCreateUserConfig", Match.objectLike(Map.of("AllowAdminCreateUserOnly", true)),
                        "MfaConfiguration", "ON",
                        "EnabledMfas", List.of("SOFTWARE_TOKEN_MFA"),
                        "UsernameAttributes", List.of("email"),
                        "Policies", Map.of("PasswordPolicy", Match.objectLike(Map.of("MinimumLength", 12,
                                "RequireSymbols", true, "RequireUppercase", true, "RequireLowercase", true,
                                "RequireNumbers", true)))))));
        assertThat(properties(withPage.resources("AWS::Cognito::UserPool").values().iterator().next()))
                .doesNotContainKey("UserPoolName");
        withPage.template().hasResourceProperties("AWS::Cognito::UserPoolDomain", Map.of("Domain", "acme-kotae"));
    }

    /** A public client (no secret), the code flow, and the page as its only callback and sign-out URL. */
    @Test
    void thePagesAppClientUsesTheCodeFlowBackToThePageOnly() {
        var api = new Capture();
        withPage.template().hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                "GenerateSecret", false,
                "AllowedOAuthFlows", List.of("code"),
                "AllowedOAuthFlowsUserPoolClient", true,
                "AllowedOAuthScopes", List.of("openid", "email"),
                "SupportedIdentityProviders", List.of("COGNITO"),
                "PreventUserExistenceErrors", "ENABLED",
                "CallbackURLs", List.of(Map.of("Fn::Join", List.of("", List.of(
                        Map.of("Fn::GetAtt", List.of(api, "ApiEndpoint")), "/send")))),
                "LogoutURLs", Match.anyValue()));

        assertThat(withPage.resources("AWS::ApiGatewayV2::Api")).containsOnlyKeys(api.asString());
        var client = properties(withPage.resources("AWS::Cognito::UserPoolClient").values().iterator().next());
        assertThat(client.get("LogoutURLs")).isEqualTo(client.get("CallbackURLs"));
    }

    /** Only a token of the pool's, for the page's client, reaches the function: API Gateway's JWT authorizer. */
    @Test
    void theSendRouteIsBehindTheUserPoolsJwtAuthorizer() {
        var client = new Capture();
        withPage.template().hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                "AuthorizerType", "JWT",
                "IdentitySource", List.of("$request.header.Authorization"),
                "JwtConfiguration", Map.of("Audience", List.of(Map.of("Ref", client)),
                        "Issuer", Match.objectLike(Map.of("Fn::Join", Match.anyValue())))));
        for (var route : List.of("POST /api/messages", "GET /api/messages", "GET /api/messages/{messageId}",
                "POST /api/preview")) {
            withPage.template().hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of(
                    "RouteKey", route, "AuthorizationType", "JWT"));
        }
        withPage.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.kotae.messages.boundary.PageSendHandler::handleRequest"));
        // The page itself is public: it is what signs a person in, and it carries no data.
        for (var page : List.of("GET /send", "GET /send/{file}")) {
            withPage.template().hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of(
                    "RouteKey", page, "AuthorizationType", "NONE"));
        }
        withPage.template().hasResourceProperties("AWS::Cognito::UserPoolDomain", Map.of("ManagedLoginVersion", 1));
        assertThat(withPage.resources("AWS::Cognito::UserPoolClient")).containsKey(client.asString());
    }

    /** "My sends" reads a person's list and their messages, and may write nothing. */
    @Test
    void mySendsOnlyReadsTheTable() {
        assertThat(withPage.actionsOf("PageMySendsHandler")).filteredOn(action -> action.startsWith("dynamodb:"))
                .containsExactlyInAnyOrder("dynamodb:Query", "dynamodb:BatchGetItem");
    }

    @Test
    void theStageIsThrottledAndLogged() {
        withPage.template().hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Match.objectLike(Map.of("ThrottlingRateLimit", 10, "ThrottlingBurstLimit", 20)),
                "AccessLogSettings", Match.objectLike(Map.of("Format", Match.stringLikeRegexp(".*\\$context.routeKey.*")))));
        assertThat(withPage.template().findOutputs("*")).containsKeys("UserPoolId", "SendPageUrl");
        withPage.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "5xx", "Namespace", "AWS/ApiGateway",
                "AlarmDescription", Match.stringLikeRegexp("The send page's API answered 5XX.*#runbook-api-5xx")));
    }

    @Test
    void withoutTheSettingNothingOfThePageIsDeployed() {
        var defaults = TemplateVariant.DEFAULTS.synthesize(Synthesized.REGION);

        assertThat(defaults.resources("AWS::Cognito::UserPool")).isEmpty();
        assertThat(defaults.resources("AWS::ApiGatewayV2::Api")).isEmpty();
        assertThat(defaults.template().findOutputs("*")).doesNotContainKeys("UserPoolId", "SendPageUrl");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Object resource) {
        return (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
    }
}
