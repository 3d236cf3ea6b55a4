package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where Kotae may send: the protect configuration every send names, and the functions' own list. */
class DestinationsTemplateTest {

    private static Synthesized synthesized;

    @BeforeAll
    static void synthesizeOnce() {
        synthesized = Synthesized.withContext(Map.of(KotaeSettings.ALLOWED_COUNTRIES, "JP,US"));
    }

    @Test
    void theProtectConfigurationAllowsTheListedCountriesAndBlocksEveryOther() {
        var rules = new Capture();
        synthesized.template().hasResourceProperties("AWS::SMSVOICE::ProtectConfiguration", Map.of(
                "CountryRuleSet", Map.of("SMS", rules)));

        @SuppressWarnings("unchecked")
        var sms = (List<Map<String, Object>>) (List<?>) rules.asArray();
        assertThat(sms).extracting(rule -> rule.get("CountryCode"))
                .containsExactlyInAnyOrder((Object[]) Locale.getISOCountries());
        assertThat(sms).filteredOn(rule -> "ALLOW".equals(rule.get("ProtectStatus")))
                .extracting(rule -> rule.get("CountryCode")).containsExactlyInAnyOrder("JP", "US");
        assertThat(sms).filteredOn(rule -> !"ALLOW".equals(rule.get("ProtectStatus")))
                .allSatisfy(rule -> assertThat(rule.get("ProtectStatus")).isEqualTo("BLOCK"));
    }

    /** Every function that sends names the protect configuration and knows the allowed countries. */
    @Test
    void everySendingFunctionNamesTheProtectConfigurationAndTheAllowedCountries() {
        var id = Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("DestinationsProtectConfiguration.*"),
                "ProtectConfigurationId"));
        for (var handler : List.of("SendMessageHandler", "InboundMessageHandler")) {
            synthesized.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", Match.stringLikeRegexp(".*" + handler + ".*"),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "ALLOWED_COUNTRIES", "JP,US",
                            "PROTECT_CONFIGURATION_ID", id)))));
        }
    }

    @Test
    void theSendPermissionCoversTheProtectConfigurationItNames() {
        synthesized.template().hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "sms-voice:SendTextMessage",
                        "Resource", Match.arrayWith(List.of(Map.of("Fn::GetAtt",
                                List.of(Match.stringLikeRegexp("DestinationsProtectConfiguration.*"), "Arn")))))))))));
    }
}
