package dev.kotae.destinations.boundary;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import dev.kotae.CloudFormationResponses;
import dev.kotae.LocalStandIns;
import dev.kotae.aws.ProtectConfigurations;
import dev.kotae.sms.SmsCountries;
import dev.kotae.standins.LocalLambdaContext;
import dev.kotae.standins.SmsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The destinations custom resource's life against the SMS simulator, with CloudFormation's response URL on loopback. */
class DestinationsHandlerTest {

    private SmsSimulator simulator;
    private DestinationsHandler handler;
    private CloudFormationResponses cloudFormation;
    private String protectConfiguration;

    @BeforeEach
    void start() {
        var standIns = LocalStandIns.start();
        simulator = standIns.simulator;
        simulator.reset();
        handler = new DestinationsHandler(new ProtectConfigurations(standIns.sms));
        cloudFormation = new CloudFormationResponses();
    }

    @AfterEach
    void stop() {
        cloudFormation.close();
    }

    /**
     * The service's list is the one that counts: a country only it holds (here AN, which Kotae's list of the
     * user guide's countries lacks) is blocked as well, since it is read from the service, not from Kotae.
     */
    @Test
    void createBlocksEveryCountryTheServiceHoldsButTheAllowedOnes() {
        var offered = new TreeSet<>(SmsCountries.SUPPORTED);
        offered.add("AN");
        simulator.offerCountries(offered);
        protectConfiguration = simulator.createProtectConfiguration();

        handle(event("Create", null));

        var response = cloudFormation.last();
        assertThat(response.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(response.get("Data").get("ProtectConfigurationId").asText()).isEqualTo(protectConfiguration);
        var rules = simulator.countryRules(protectConfiguration);
        assertThat(rules).hasSize(offered.size()).containsEntry("AN", "BLOCK").containsEntry("XK", "BLOCK");
        assertThat(withStatus(rules, "ALLOW")).containsExactly("JP", "US");
        assertThat(withStatus(rules, "BLOCK")).hasSize(offered.size() - 2);
        assertThat(simulator.accountDefaultProtectConfiguration()).isEmpty();
    }

    @Test
    void anUpdateMovesTheAllowedCountriesAndARepeatChangesNothing() {
        protectConfiguration = simulator.createProtectConfiguration();
        handle(event("Create", null));
        var update = event("Update", cloudFormation.last().get("PhysicalResourceId").asText());
        update.getResourceProperties().put("AllowedCountries", "JP,XK");

        handle(update);
        handle(update);

        assertThat(cloudFormation.last().get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(withStatus(simulator.countryRules(protectConfiguration), "ALLOW")).containsExactly("JP", "XK");
        assertThat(simulator.calls("UpdateProtectConfigurationCountryRuleSet")).isEqualTo(2);
    }

    @Test
    void anAllowedCountryTheServiceDoesNotSendToFailsTheDeployNamingIt() {
        protectConfiguration = simulator.createProtectConfiguration();
        var create = event("Create", null);
        create.getResourceProperties().put("AllowedCountries", "JP,AQ");

        handle(create);

        assertThat(cloudFormation.last().get("Status").asText()).isEqualTo("FAILED");
        assertThat(cloudFormation.last().get("Reason").asText()).contains("sends no SMS to AQ")
                .contains("kotae:allowedCountries");
        assertThat(simulator.calls("UpdateProtectConfigurationCountryRuleSet")).isZero();
    }

    @Test
    void askedForItBecomesTheAccountDefaultAndStopsBeingItOnDelete() {
        protectConfiguration = simulator.createProtectConfiguration();
        var create = event("Create", null);
        create.getResourceProperties().put("AccountDefault", "true");

        handle(create);
        assertThat(simulator.accountDefaultProtectConfiguration()).contains(protectConfiguration);

        handle(event("Delete", cloudFormation.last().get("PhysicalResourceId").asText()));
        assertThat(cloudFormation.last().get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(simulator.accountDefaultProtectConfiguration()).isEmpty();
    }

    @Test
    void turningTheSettingOffStopsItBeingTheAccountDefault() {
        protectConfiguration = simulator.createProtectConfiguration();
        var create = event("Create", null);
        create.getResourceProperties().put("AccountDefault", "true");
        handle(create);

        handle(event("Update", cloudFormation.last().get("PhysicalResourceId").asText()));

        assertThat(simulator.accountDefaultProtectConfiguration()).isEmpty();
    }

    /** Another default judges every sender of the account: Kotae names it and replaces nothing. */
    @Test
    void anotherAccountDefaultIsNeverReplacedNorRemoved() {
        var securityTeams = simulator.createProtectConfiguration();
        LocalStandIns.start().sms.setAccountDefaultProtectConfiguration(r -> r.protectConfigurationId(securityTeams));
        protectConfiguration = simulator.createProtectConfiguration();
        var create = event("Create", null);
        create.getResourceProperties().put("AccountDefault", "true");

        handle(create);
        assertThat(cloudFormation.last().get("Status").asText()).isEqualTo("FAILED");
        assertThat(cloudFormation.last().get("Reason").asText()).contains(securityTeams)
                .contains("kotae:protectConfigurationAccountDefault=false");

        handle(event("Create", null));
        handle(event("Delete", cloudFormation.last().get("PhysicalResourceId").asText()));
        assertThat(cloudFormation.last().get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(simulator.accountDefaultProtectConfiguration()).contains(securityTeams);
    }

    private static java.util.Set<String> withStatus(java.util.Map<String, String> rules, String status) {
        return new TreeSet<>(rules.entrySet().stream().filter(rule -> rule.getValue().equals(status))
                .map(java.util.Map.Entry::getKey).toList());
    }

    private void handle(CloudFormationCustomResourceEvent event) {
        handler.handleRequest(event, LocalLambdaContext.invoking("destinations"));
    }

    private CloudFormationCustomResourceEvent event(String type, String physicalId) {
        var event = cloudFormation.event("events/destinations-create.json", type, physicalId);
        event.getResourceProperties().put("ProtectConfigurationId", protectConfiguration);
        return event;
    }
}
