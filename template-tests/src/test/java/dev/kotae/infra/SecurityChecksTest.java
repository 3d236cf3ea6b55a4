package dev.kotae.infra;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cdk-nag's AwsSolutions pack runs on every synth; on every variant of the template ({@link TemplateVariant},
 * as the linter reads them) it must find nothing unacknowledged.
 */
class SecurityChecksTest {

    @ParameterizedTest
    @EnumSource(TemplateVariant.class)
    void awsSolutionsReportsNoUnacknowledgedError(TemplateVariant variant) {
        var errors = Annotations.fromStack(variant.synthesize(Synthesized.REGION).stack())
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(errors).as("AwsSolutions errors").extracting(SecurityChecksTest::describe).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TemplateVariant.class)
    void awsSolutionsReportsNoUnacknowledgedWarning(TemplateVariant variant) {
        var warnings = Annotations.fromStack(variant.synthesize(Synthesized.REGION).stack())
                .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(warnings).as("AwsSolutions warnings").extracting(SecurityChecksTest::describe).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TemplateVariant.class)
    void noWarningIsLeftUnacknowledged(TemplateVariant variant) {
        assertThat(Annotations.fromStack(variant.synthesize(Synthesized.REGION).stack()).findWarning("*", Match.anyValue()))
                .extracting(SecurityChecksTest::describe).isEmpty();
    }

    /** Where and what, so a failure names the finding. */
    private static String describe(SynthesisMessage message) {
        return message.getId() + ": " + message.getEntry().getData();
    }
}
