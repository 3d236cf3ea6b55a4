package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.smsvoice.CfnProtectConfiguration;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Where Kotae may send: End User Messaging's protect configuration, allowing the countries
 * {@code kotae:allowedCountries} lists and blocking every other country the service sends to.
 *
 * <p>The rule set is read from the service, not written from a list of Kotae's: a protect configuration
 * allows every country it does not list, and the service "always returns all country codes"
 * (CloudFormation Template Reference, AWS::SMSVOICE::ProtectConfiguration CountryRuleSet), so the
 * custom resource {@code Custom::KotaeDestinations} reads the rule set after the protect configuration
 * is created, blocks every country in it but the allowed ones, and fails the deploy when an allowed
 * country is not in it. Everything that names the protect configuration (the configuration set, the
 * functions) takes its id from that custom resource, so nothing names it before its rules hold.
 *
 * <p>Which sends it covers (User Guide, "Using protect configurations": the protect configuration a
 * send names wins, then its configuration set's, then the account's default): every send of Kotae's,
 * which names it; any send that names the stack's own configuration set, which carries it; and, only with
 * {@code kotae:protectConfigurationAccountDefault}, every send of the account that names neither (SNS's,
 * Cognito's and other senders' too).
 */
public final class Destinations extends Construct {

    /** The deploy-time function's longest wait: a few reads and writes, far under CloudFormation's hour. */
    static final Duration SERVICE_TIMEOUT = Duration.minutes(5);
    /** The custom resource's properties and its attribute, as its handler names them (a contract test ties them). */
    static final String PROTECT_CONFIGURATION_ID = "ProtectConfigurationId";
    static final String ALLOWED_COUNTRIES = "AllowedCountries";
    static final String ACCOUNT_DEFAULT = "AccountDefault";
    /**
     * Changes with every synth, so every deploy holds the rules again: CloudFormation runs a custom resource on
     * update only when its properties change (CloudFormation User Guide, "Update request for CloudFormation
     * custom resources"), and between deploys the service may list a new country (a new country starts ALLOW)
     * or someone may change the rules by hand.
     */
    static final String SYNTHESIZED_AT = "SynthesizedAt";

    private final CfnProtectConfiguration protectConfiguration;
    private final CustomResource countryRules;
    private final KotaeFunction function;

    public Destinations(Construct scope, String id, KotaeSettings settings, Code code, Monitoring monitoring) {
        super(scope, id);
        protectConfiguration = CfnProtectConfiguration.Builder.create(this, "ProtectConfiguration")
                .deletionProtectionEnabled(false)
                .build();
        function = new KotaeFunction(this, "CountryRules", KotaeFunction.Props.builder()
                .handler("dev.kotae.destinations.boundary.DestinationsHandler::handleRequest")
                .description("Kotae: custom resource holding the protect configuration to the allowed countries")
                .code(code)
                .monitoring(monitoring)
                .timeout(Duration.seconds(60))
                // Invoked only by deploys, often weeks apart: a SnapStart version would have gone inactive.
                .snapStart(false)
                .build());
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sms-voice:GetProtectConfigurationCountryRuleSet",
                        "sms-voice:UpdateProtectConfigurationCountryRuleSet",
                        "sms-voice:SetAccountDefaultProtectConfiguration"))
                .resources(List.of(protectConfiguration.getAttrArn()))
                .build());
        // Which protect configuration is the account's default is read from all of them (DescribeProtectConfigurations
        // with its account-default filter); removing the default names no resource (AWS End User Messaging SMS User
        // Guide, "AWS End User Messaging SMS actions for IAM policies": DeleteAccountDefaultProtectConfiguration, "Use *").
        // A describe that names no protect configuration (its account-default filter) may be authorized against no
        // resource at all (Service Authorization Reference: the resource type is optional), so it is granted on "*".
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sms-voice:DescribeProtectConfigurations", "sms-voice:DeleteAccountDefaultProtectConfiguration"))
                .resources(List.of("*"))
                .build());
        NagSuppressions.addResourceSuppressions(function.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Finding the account's default protect configuration reads every protect configuration of this"
                        + " account and region (DescribeProtectConfigurations with a filter names none), and"
                        + " DeleteAccountDefaultProtectConfiguration has no resource type; the function deletes the default"
                        + " only when it is Kotae's own.")
                .appliesTo(List.of("Resource::*"))
                .build()), true);
        countryRules = CustomResource.Builder.create(this, "CountryRulesSetting")
                .serviceToken(function.alias().getFunctionArn())
                .resourceType("Custom::KotaeDestinations")
                .serviceTimeout(SERVICE_TIMEOUT)
                .properties(Map.of(
                        PROTECT_CONFIGURATION_ID, protectConfiguration.getAttrProtectConfigurationId(),
                        ALLOWED_COUNTRIES, String.join(",", settings.allowedCountries()),
                        ACCOUNT_DEFAULT, Boolean.toString(settings.protectConfigurationAccountDefault()),
                        SYNTHESIZED_AT, java.time.Instant.now().toString()))
                .build();
    }

    /** The protect configuration's id, once its rules hold: what the configuration set and every send name. */
    public String protectConfigurationId() {
        return countryRules.getAttString(PROTECT_CONFIGURATION_ID);
    }

    public String protectConfigurationArn() {
        return protectConfiguration.getAttrArn();
    }

    /** The deploy-time function behind the custom resource. */
    public KotaeFunction function() {
        return function;
    }
}
