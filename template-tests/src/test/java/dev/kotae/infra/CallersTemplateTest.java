package dev.kotae.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call the API: its resource policy denies each grant's methods on the stage to every principal
 * not granted them (an Allow alone narrows nothing for callers in the account) and allows those granted,
 * matching each role by account and name at any path, as the functions and the sandbox match it.
 */
class CallersTemplateTest {

    /** In the order synth writes them (sorted). */
    private static final List<String> SEND = List.of("execute-api:/v1/DELETE/batches/*", "execute-api:/v1/DELETE/messages/*",
            "execute-api:/v1/GET/batches/*", "execute-api:/v1/GET/messages/*", "execute-api:/v1/POST/batches",
            "execute-api:/v1/POST/messages");
    private static final List<String> CONVERSATIONS = List.of("execute-api:/v1/GET/conversations/*");
    private static final List<String> CONSENT = List.of("execute-api:/v1/DELETE/recipients/*/consent",
            "execute-api:/v1/GET/recipients/*", "execute-api:/v1/PUT/recipients/*/consent");
    private static final List<String> APP_SENDER = List.of(Synthesized.CALLER_ROLE,
            "arn:aws:iam::123456789012:role/*/app-sender");
    private static final List<String> SUPPORT_DESK = List.of(Synthesized.SUPPORT_ROLE,
            "arn:aws:iam::123456789012:role/*/support-desk");

    private static List<Map<String, Object>> statements;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesizeOnce() {
        var policy = new Capture();
        Synthesized.withContext(Map.of()).template().hasResourceProperties("AWS::ApiGateway::RestApi",
                Map.of("Policy", policy));
        statements = (List<Map<String, Object>>) policy.asObject().get("Statement");
    }

    @Test
    void everyMethodIsDeniedToThePrincipalsNotGrantedIt() {
        assertThat(statements).filteredOn(statement -> "Deny".equals(statement.get("Effect"))).containsExactlyInAnyOrder(
                deny(SEND, concat(APP_SENDER, SUPPORT_DESK)),
                deny(CONVERSATIONS, SUPPORT_DESK),
                // Granted to no one here: denied to everyone, without a condition.
                Map.of("Effect", "Deny", "Principal", Map.of("AWS", "*"), "Action", "execute-api:Invoke",
                        "Resource", CONSENT, "Sid", "OnlyConsentCallers"));
    }

    /**
     * Allowed by a condition on aws:PrincipalArn, not as named principals: a named principal must exist
     * when the policy is set (a caller role created after the stack would fail the deploy) and be named
     * with its path, where the condition matches the role by account and name at any path.
     */
    @Test
    void theGrantedRolesAreAllowedTheirMethodsOnlyWhateverTheirPath() {
        assertThat(statements).filteredOn(statement -> "Allow".equals(statement.get("Effect"))).containsExactlyInAnyOrder(
                allow(SEND, concat(APP_SENDER, SUPPORT_DESK)),
                allow(CONVERSATIONS, SUPPORT_DESK));
    }

    @Test
    void anAccountIsAllowedAsItsPrincipal() {
        var policy = new Capture();
        Synthesized.withContext(Map.of(dev.kotae.settings.KotaeSettings.CALLERS, "{\"111122223333\": [\"send\"]}"))
                .template().hasResourceProperties("AWS::ApiGateway::RestApi", Map.of("Policy", policy));

        assertThat(String.valueOf(policy.asObject())).contains("StringNotEquals={aws:PrincipalAccount=[111122223333]}")
                .contains("arn:aws:iam::111122223333:root").doesNotContain("ArnLike");
    }

    /** API Gateway takes 8,192 characters of policy unless the quota is raised: synth warns before a deploy would fail. */
    @Test
    void aPolicyLongerThanApiGatewayTakesIsWarnedAbout() {
        var many = new StringBuilder("{");
        for (int i = 0; i < 30; i++) {
            many.append(i == 0 ? "" : ",").append("\"arn:aws:iam::123456789012:role/caller-with-a-long-name-").append(i)
                    .append("\": [\"send\", \"conversations\"]");
        }
        var tooMany = Synthesized.withContext(Map.of(dev.kotae.settings.KotaeSettings.CALLERS, many + "}"));

        Annotations.fromStack(tooMany.stack()).hasWarning("*", Match.stringLikeRegexp(".*L-8B81B02C.*"));
        assertThat(Annotations.fromStack(Synthesized.withContext(Map.of()).stack())
                .findWarning("*", Match.stringLikeRegexp(".*L-8B81B02C.*"))).isEmpty();
    }

    private static Map<String, Object> deny(List<String> methods, List<String> roles) {
        return Map.of("Effect", "Deny", "Principal", Map.of("AWS", "*"), "Action", "execute-api:Invoke",
                "Resource", methods.size() == 1 ? methods.get(0) : methods, "Sid", statementId(methods),
                "Condition", Map.of("ArnNotLike", Map.of("aws:PrincipalArn", roles)));
    }

    private static Map<String, Object> allow(List<String> methods, List<String> roles) {
        return Map.of("Effect", "Allow", "Principal", Map.of("AWS", "*"), "Action", "execute-api:Invoke",
                "Resource", methods.size() == 1 ? methods.get(0) : methods,
                "Condition", Map.of("ArnLike", Map.of("aws:PrincipalArn", roles)));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        var all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String statementId(List<String> methods) {
        return methods.equals(SEND) ? "OnlySendCallers" : "OnlyConversationsCallers";
    }
}
