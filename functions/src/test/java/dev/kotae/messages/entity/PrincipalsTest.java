package dev.kotae.messages.entity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may cancel what another started: the same principal (a role's sessions are the role), or one named for any. */
class PrincipalsTest {

    private static final String OWNER = "arn:aws:sts::123456789012:assumed-role/app-sender/session-1";

    @ParameterizedTest(name = "{0} (anyOwner: {1}) → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            arn:aws:sts::123456789012:assumed-role/app-sender/session-2 | -                                              | true
            arn:aws:iam::123456789012:role/app-sender                   | -                                              | true
            arn:aws:sts::123456789012:assumed-role/other/session-1      | -                                              | false
            arn:aws:sts::210987654321:assumed-role/app-sender/session-1 | -                                              | false
            arn:aws:sts::123456789012:assumed-role/ops/alice            | arn:aws:iam::123456789012:role/ops             | true
            arn:aws:sts::123456789012:assumed-role/ops/alice            | arn:aws:iam::123456789012:role/team/ops        | true
            arn:aws:sts::123456789012:assumed-role/ops/alice            | 123456789012                                   | true
            arn:aws:sts::123456789012:assumed-role/ops/alice            | 210987654321                                   | false
            arn:aws:sts::123456789012:assumed-role/ops/alice            | arn:aws:iam::123456789012:role/auditors        | false
            """)
    void mayCancel(String caller, String anyOwner, boolean allowed) {
        var granted = anyOwner.equals("-") ? Set.<String>of() : Set.copyOf(Arrays.asList(anyOwner.split(";")));

        assertThat(Principals.mayCancel(OWNER, caller, granted)).isEqualTo(allowed);
    }
}
