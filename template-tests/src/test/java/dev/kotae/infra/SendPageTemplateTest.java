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

    /**
     * Codes by text: Cognito's SMS role trusts the service only when it acts for this account's user pools
     * (aws:SourceAccount, and aws:SourceArn like the account's user pools, a wildcard that keeps the role free of the
     * pool that uses it), never a bare service principal; the pool names the role.
     */
    @Test
    void textedCodesUseARoleOnlyThisAccountsUserPoolsCanHaveCognitoAssume() {
        var smsAndOidc = TemplateVariant.SEND_PAGE_SMS_AND_OIDC.synthesize(Synthesized.REGION);
        var role = new Capture();
        var externalId = "Kotae-send-page-sign-in-codes";
        smsAndOidc.template().hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "MfaConfiguration", "ON",
                "EnabledMfas", List.of("SMS_MFA", "SOFTWARE_TOKEN_MFA"),
                "SmsConfiguration", Match.objectLike(Map.of("SnsCallerArn", Map.of("Fn::GetAtt", List.of(role, "Arn")),
                        "ExternalId", externalId))));
        var roleProperties = properties(smsAndOidc.resources("AWS::IAM::Role").get(role.asString()));

        assertThat(roleProperties.get("AssumeRolePolicyDocument")).isEqualTo(Map.of("Version", "2012-10-17",
                "Statement", List.of(Map.of(
                        "Effect", "Allow",
                        "Action", "sts:AssumeRole",
                        "Principal", Map.of("Service", "cognito-idp.amazonaws.com"),
                        "Condition", Map.of(
                                "StringEquals", Map.of("aws:SourceAccount", Synthesized.ACCOUNT, "sts:ExternalId", externalId),
                                "ArnLike", Map.of("aws:SourceArn", Synthesized.arn("cognito-idp", "userpool/*")))))));
        // Inline, so the role may publish before Cognito checks it while creating or updating the pool.
        assertThat(roleProperties.get("Policies")).isEqualTo(List.of(Map.of("PolicyName", "PublishSignInCodes",
                "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Effect", "Allow", "Action", "sns:Publish", "Resource", "*"))))));
        assertThat(withPage.resources("AWS::IAM::Role").values()).as("no SMS role where codes come from an app")
                .noneMatch(resource -> resource.toString().contains("cognito-idp.amazonaws.com"));
    }

    /**
     * The company's OIDC provider beside the pool's own sign-in, its secret read from Secrets Manager at deploy time
     * (the template holds a reference, never the secret), the e-mail address mapped for the audit trail.
     */
    @Test
    void theCompanysOidcProviderIsOfferedBesideThePoolsOwnSignIn() {
        var smsAndOidc = TemplateVariant.SEND_PAGE_SMS_AND_OIDC.synthesize(Synthesized.REGION);

        smsAndOidc.template().hasResourceProperties("AWS::Cognito::UserPoolIdentityProvider", Map.of(
                "ProviderName", "Okta",
                "ProviderType", "OIDC",
                "ProviderDetails", Match.objectLike(Map.of(
                        "client_id", "0oa1example",
                        "client_secret", "{{resolve:secretsmanager:kotae/okta:SecretString:::}}",
                        "oidc_issuer", "https://acme.okta.example",
                        "authorize_scopes", "openid email")),
                "AttributeMapping", Map.of("email", "email")));
        // By reference (the provider's name), so CloudFormation creates the provider before the client that offers it.
        var provider = new Capture();
        smsAndOidc.template().hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                "SupportedIdentityProviders", List.of("COGNITO", Map.of("Ref", provider))));
        assertThat(smsAndOidc.resources("AWS::Cognito::UserPoolIdentityProvider")).containsOnlyKeys(provider.asString());
    }

    @Test
    void theCompanysSamlProviderIsReadFromItsMetadataAndMapsTheEmailClaim() {
        var saml = TemplateVariant.SEND_PAGE_SAML.synthesize(Synthesized.REGION);

        saml.template().hasResourceProperties("AWS::Cognito::UserPoolIdentityProvider", Map.of(
                "ProviderName", "Entra",
                "ProviderType", "SAML",
                "ProviderDetails", Match.objectLike(Map.of("MetadataURL", "https://login.example.com/federationmetadata.xml")),
                "AttributeMapping", Map.of("email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress")));
        saml.template().hasResourceProperties("AWS::Cognito::UserPool", Map.of("EnabledMfas", List.of("SOFTWARE_TOKEN_MFA")));
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
