package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import software.amazon.awscdk.services.smsvoice.CfnProtectConfiguration;
import software.constructs.Construct;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where Kotae may send: End User Messaging's protect configuration, allowing the countries
 * {@code kotae:allowedCountries} lists and blocking every other. Every send names it, so a send
 * that bypasses Kotae's own check (a leaked role calling SendTextMessage) is refused by the service.
 * A protect configuration allows every country it does not list (CloudFormation Template Reference,
 * AWS::SMSVOICE::ProtectConfiguration), so each other country is listed BLOCK.
 */
public final class Destinations extends Construct {

    private final CfnProtectConfiguration protectConfiguration;

    public Destinations(Construct scope, String id, KotaeSettings settings) {
        super(scope, id);
        var allowed = settings.allowedCountries();
        var rules = Arrays.stream(Locale.getISOCountries()).sorted()
                .map(country -> (Object) CfnProtectConfiguration.CountryRuleProperty.builder()
                        .countryCode(country)
                        .protectStatus(allowed.contains(country) ? "ALLOW" : "BLOCK")
                        .build())
                .toList();
        protectConfiguration = CfnProtectConfiguration.Builder.create(this, "ProtectConfiguration")
                .countryRuleSet(CfnProtectConfiguration.CountryRuleSetProperty.builder().sms(rules).build())
                .deletionProtectionEnabled(false)
                .build();
    }

    public String protectConfigurationId() {
        return protectConfiguration.getAttrProtectConfigurationId();
    }

    public String protectConfigurationArn() {
        return protectConfiguration.getAttrArn();
    }
}
