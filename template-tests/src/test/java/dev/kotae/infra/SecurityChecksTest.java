package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** cdk-nag's AwsSolutions pack runs on every synth; here it must find nothing unacknowledged. */
class SecurityChecksTest {

    private static Synthesized synthesized;

    @BeforeAll
    static void synthesizeOnce() {
        synthesized = Synthesized.withContext(Map.of(KotaeSettings.CONFIGURATION_SET, "kotae-events"));
    }

    @Test
    void awsSolutionsReportsNoUnacknowledgedError() {
        var errors = Annotations.fromStack(synthesized.stack())
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(errors).as("AwsSolutions errors").extracting(SecurityChecksTest::describe).isEmpty();
    }

    @Test
    void awsSolutionsReportsNoUnacknowledgedWarning() {
        var warnings = Annotations.fromStack(synthesized.stack())
                .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(warnings).as("AwsSolutions warnings").extracting(SecurityChecksTest::describe).isEmpty();
    }

    @Test
    void noWarningIsLeftUnacknowledged() {
        assertThat(Annotations.fromStack(synthesized.stack()).findWarning("*", Match.anyValue()))
                .extracting(SecurityChecksTest::describe).isEmpty();
    }

    /** Where and what, so a failure names the finding. */
    private static String describe(SynthesisMessage message) {
        return message.getId() + ": " + message.getEntry().getData();
    }
}
