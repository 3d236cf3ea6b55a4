package dev.kotae.infra;

import dev.kotae.settings.KotaeSettings;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
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

    private final CfnProtectConfiguration protectConfiguration;
    private final CustomResource countryRules;
    private final KotaeFunction function;

    public Destinations(Construct scope, String id, KotaeSettings settings, Code code) {
        super(scope, id);
        protectConfiguration = CfnProtectConfiguration.Builder.create(this, "ProtectConfiguration")
                .deletionProtectionEnabled(false)
                .build();
        function = new KotaeFunction(this, "CountryRules", KotaeFunction.Props.builder()
                .handler("dev.kotae.destinations.boundary.DestinationsHandler::handleRequest")
                .description("Kotae: custom resource holding the protect configuration to the allowed countries")
                .code(code)
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
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sms-voice:DescribeProtectConfigurations"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("sms-voice").resource("protect-configuration").resourceName("*")
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
                .build());
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sms-voice:DeleteAccountDefaultProtectConfiguration"))
                .resources(List.of("*"))
                .build());
        NagSuppressions.addResourceSuppressions(function.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Finding the account's default protect configuration reads every protect configuration of this"
                        + " account and region; DeleteAccountDefaultProtectConfiguration has no resource type, and the"
                        + " function calls it only when the default is Kotae's own.")
                // The ARN's partition, region and account are literals or tokens depending on what synth knows.
                .appliesTo(List.of("Resource::*", RegexAppliesTo.builder()
                        .regex("/^Resource::arn:.+:sms-voice:.+:protect-configuration\\/\\*$/").build()))
                .build()), true);
        countryRules = CustomResource.Builder.create(this, "CountryRulesSetting")
                .serviceToken(function.alias().getFunctionArn())
                .resourceType("Custom::KotaeDestinations")
                .serviceTimeout(SERVICE_TIMEOUT)
                .properties(Map.of(
                        PROTECT_CONFIGURATION_ID, protectConfiguration.getAttrProtectConfigurationId(),
                        ALLOWED_COUNTRIES, String.join(",", settings.allowedCountries()),
                        ACCOUNT_DEFAULT, Boolean.toString(settings.protectConfigurationAccountDefault())))
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
