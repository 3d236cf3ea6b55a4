package dev.kotae.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call the API: its resource policy denies each grant's methods to every principal not
 * granted them (an Allow alone narrows nothing for callers in the account) and allows those granted.
 */
class CallersTemplateTest {

    /** In the order synth writes them (sorted). */
    private static final List<String> SEND = List.of("execute-api:/*/DELETE/batches/*", "execute-api:/*/DELETE/messages/*",
            "execute-api:/*/GET/batches/*", "execute-api:/*/GET/messages/*", "execute-api:/*/POST/batches",
            "execute-api:/*/POST/messages");
    private static final List<String> CONVERSATIONS = List.of("execute-api:/*/GET/conversations/*");

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
                deny(SEND, List.of(Synthesized.CALLER_ROLE, Synthesized.SUPPORT_ROLE)),
                deny(CONVERSATIONS, List.of(Synthesized.SUPPORT_ROLE)));
    }

    @Test
    void theGrantedPrincipalsAreAllowedTheirMethodsOnly() {
        assertThat(statements).filteredOn(statement -> "Allow".equals(statement.get("Effect")))
                .extracting(statement -> List.of(statement.get("Principal"), statement.get("Resource")))
                .containsExactlyInAnyOrder(
                        List.of(Map.of("AWS", List.of(Synthesized.CALLER_ROLE, Synthesized.SUPPORT_ROLE)), SEND),
                        List.of(Map.of("AWS", Synthesized.SUPPORT_ROLE), CONVERSATIONS.get(0)));
    }

    private static Map<String, Object> deny(List<String> methods, List<String> roles) {
        return Map.of("Effect", "Deny", "Principal", Map.of("AWS", "*"), "Action", "execute-api:Invoke",
                "Resource", methods.size() == 1 ? methods.get(0) : methods, "Sid", statementId(methods),
                "Condition", Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", roles)));
    }

    private static String statementId(List<String> methods) {
        return methods.equals(SEND) ? "OnlySendCallers" : "OnlyConversationsCallers";
    }
}
