package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

import static dev.kotae.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where Kotae may send: the protect configuration, whose rules the custom resource reads from the service
 * and holds to the allowed countries; the configuration set that carries it; the functions that name it;
 * and the account default, only when asked.
 */
class DestinationsTemplateTest {

    private static final Map<String, Object> THE_HELD_PROTECT_CONFIGURATION = Map.of("Fn::GetAtt",
            List.of(Match.stringLikeRegexp("DestinationsCountryRulesSetting.*"), Destinations.PROTECT_CONFIGURATION_ID));

    private static Synthesized synthesized;

    @BeforeAll
    static void synthesizeOnce() {
        synthesized = Synthesized.withContext(Map.of(KotaeSettings.ALLOWED_COUNTRIES, "JP,US"));
    }

    /**
     * The rule set is the custom resource's to write from what the service lists: a list of Kotae's in the
     * template would leave ALLOW whatever country it lacked.
     */
    @Test
    void theProtectConfigurationsRulesAreTheCustomResourcesToHoldToTheAllowedCountries() {
        synthesized.template().hasResourceProperties("AWS::SMSVOICE::ProtectConfiguration", Map.of(
                "CountryRuleSet", Match.absent(), "DeletionProtectionEnabled", false));
        synthesized.template().hasResourceProperties("Custom::KotaeDestinations", Map.of(
                Destinations.PROTECT_CONFIGURATION_ID, Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("DestinationsProtectConfiguration.*"), "ProtectConfigurationId")),
                Destinations.ALLOWED_COUNTRIES, "JP,US",
                Destinations.ACCOUNT_DEFAULT, "false",
                // Every deploy holds the rules again: the service may list a new country, which starts ALLOW.
                Destinations.SYNTHESIZED_AT, Match.stringLikeRegexp("20[0-9][0-9]-.*Z"),
                "ServiceTimeout", "300"));
        var setting = synthesized.resources("Custom::KotaeDestinations").values().iterator().next();
        assertThat(String.valueOf(properties(setting).get("ServiceToken"))).contains("DestinationsCountryRules");
    }

    @Test
    void theAccountDefaultIsKotaesOnlyWhenTheDeploymentAsks() {
        var asked = Synthesized.withContext(Map.of(KotaeSettings.PROTECT_CONFIGURATION_ACCOUNT_DEFAULT, "true"));

        asked.template().hasResourceProperties("Custom::KotaeDestinations", Map.of(Destinations.ACCOUNT_DEFAULT, "true"));
    }

    /** A send that names the stack's configuration set and no protect configuration is judged by Kotae's too. */
    @Test
    void theConfigurationSetCarriesTheProtectConfigurationOnceItsRulesHold() {
        synthesized.template().hasResourceProperties("AWS::SMSVOICE::ConfigurationSet", Map.of(
                "ProtectConfigurationId", THE_HELD_PROTECT_CONFIGURATION));
    }

    /** Every function that sends names the protect configuration, once its rules hold, and knows the allowed countries. */
    @Test
    void everySendingFunctionNamesTheHeldProtectConfigurationAndTheAllowedCountries() {
        for (var handler : List.of("SendMessageHandler", "InboundMessageHandler", "BatchSendHandler", "ScheduledSendHandler")) {
            synthesized.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", Match.stringLikeRegexp(".*" + handler + ".*"),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "ALLOWED_COUNTRIES", "JP,US",
                            "PROTECT_CONFIGURATION_ID", THE_HELD_PROTECT_CONFIGURATION)))));
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

    /** The custom resource's function may change this protect configuration's rules and the account default only. */
    @Test
    void theCustomResourceMayChangeThisProtectConfigurationAndTheAccountDefaultOnly() {
        var policy = synthesized.resources("AWS::IAM::Policy").values().stream()
                .filter(candidate -> String.valueOf(properties(candidate).get("Roles")).contains("DestinationsCountryRules"))
                .findFirst().orElseThrow();
        var statements = String.valueOf(properties(policy).get("PolicyDocument"));

        assertThat(statements).contains("sms-voice:GetProtectConfigurationCountryRuleSet",
                "sms-voice:UpdateProtectConfigurationCountryRuleSet", "sms-voice:SetAccountDefaultProtectConfiguration",
                "sms-voice:DescribeProtectConfigurations", "sms-voice:DeleteAccountDefaultProtectConfiguration")
                .doesNotContain("sms-voice:SendTextMessage", "sms-voice:*");
    }

    @Test
    void theStackOutputsTheProtectConfigurationAndTheAllowedCountriesForSmokeToCompare() {
        assertThat(synthesized.template().findOutputs("AllowedCountries").values()).singleElement()
                .satisfies(output -> assertThat(output.toString()).contains("JP,US"));
        assertThat(synthesized.template().findOutputs("ProtectConfigurationId").values()).singleElement()
                .satisfies(output -> assertThat(output.toString()).contains("DestinationsCountryRulesSetting"));
    }
}
