package dev.kotae.settings;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallersTest {

    private static final Callers CALLERS = Callers.parse(Map.of(
            "arn:aws:iam::111122223333:role/app", List.of("send"),
            "arn:aws:iam::111122223333:role/support", List.of("send", "conversations"),
            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AdminAccess", List.of("send"),
            "444455556666", List.of("conversations")), KotaeSettings.CALLERS);

    /** A request names its caller as its session; the resource policy sees the role, or the account. */
    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "arn:aws:sts::111122223333:assumed-role/app/session-1, SEND, true",
            "arn:aws:sts::111122223333:assumed-role/app/session-1, CONVERSATIONS, false",
            "arn:aws:sts::111122223333:assumed-role/support/desk, CONVERSATIONS, true",
            "arn:aws:sts::111122223333:assumed-role/admin/me, SEND, false",
            "arn:aws:sts::444455556666:assumed-role/anything/x, CONVERSATIONS, true",
            "arn:aws:sts::444455556666:assumed-role/anything/x, SEND, false",
            "arn:aws:iam::111122223333:role/app, SEND, true",
            "arn:aws:sts::111122223333:assumed-role/AdminAccess/alice, SEND, true",
            "arn:aws:iam::444455556666:user/ci, CONVERSATIONS, true",
    })
    void aCallerMayCallWhatItsRoleOrAccountIsGranted(String caller, Callers.Grant grant, boolean allowed) {
        assertThat(CALLERS.allows(caller, grant)).isEqualTo(allowed);
    }

    /**
     * API Gateway matches a role by account and name at any path, as {@link Callers#allows} does: a role
     * written without its path (an IAM Identity Center role lives under /aws-reserved/…) still matches.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "arn:aws:iam::111122223333:role/app, arn:aws:iam::111122223333:role/app, arn:aws:iam::111122223333:role/*/app",
            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_Admin_0a1b,"
                    + " arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0a1b,"
                    + " arn:aws:iam::111122223333:role/*/AWSReservedSSO_Admin_0a1b",
            "arn:aws-cn:iam::111122223333:role/ops/app, arn:aws-cn:iam::111122223333:role/app,"
                    + " arn:aws-cn:iam::111122223333:role/*/app",
    })
    void theGatewayMatchesARoleByAccountAndNameAtAnyPath(String role, String atRoot, String atAnyPath) {
        var parsed = Callers.Role.of(role).orElseThrow();

        assertThat(parsed.principalArnPatterns()).containsExactly(atRoot, atAnyPath);
        assertThat(Callers.Role.of("111122223333")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"app\": [\"send\"]}", "{\"111122223333\": []}",
            "{\"111122223333\": [\"admin\"]}", "{\"arn:aws:iam::111122223333:user/alice\": [\"send\"]}"})
    void refusesWhatItCannotName(String setting) throws Exception {
        var map = new com.fasterxml.jackson.databind.ObjectMapper().readValue(setting, Map.class);

        assertThatThrownBy(() -> Callers.parse(map, KotaeSettings.CALLERS)).hasMessageContaining(KotaeSettings.CALLERS);
    }
}
