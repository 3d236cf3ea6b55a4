package dev.kotae.aws;

import dev.kotae.destinations.control.DestinationsRefused;
import dev.kotae.destinations.entity.CountryRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.NumberCapability;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ProtectConfigurationCountryRuleSetInformation;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ProtectConfigurationFilterName;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ProtectConfigurationInformation;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ResourceNotFoundException;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kotae's protect configuration, as End User Messaging holds it: its SMS rule set allows exactly the
 * deployment's countries and blocks every other country the service knows, and, when the deployment
 * asks, it is the account's default (which judges every send that names neither a protect
 * configuration nor a configuration set with one: User Guide, "Using protect configurations").
 */
public final class ProtectConfigurations {

    private static final Logger LOG = LoggerFactory.getLogger(ProtectConfigurations.class);
    /** The setting that asks for the account default; named in every refusal about it. */
    static final String ACCOUNT_DEFAULT_SETTING = "kotae:protectConfigurationAccountDefault";

    private final PinpointSmsVoiceV2Client sms;

    public ProtectConfigurations(PinpointSmsVoiceV2Client sms) {
        this.sms = sms;
    }

    /**
     * Reads the rule set the service holds, blocks every country in it but {@code allowed} and allows
     * those, and makes {@code id} the account's default, or stops it being that, as {@code accountDefault} says.
     *
     * @throws DestinationsRefused when an allowed country is one the service does not send to, or another
     *                             protect configuration is the account's default
     */
    public void apply(String id, Set<String> allowed, boolean accountDefault) {
        var rules = countryRules(id);
        var notOffered = rules.notOffered(allowed);
        if (!notOffered.isEmpty()) {
            throw new DestinationsRefused("End User Messaging sends no SMS to " + String.join(", ", notOffered)
                    + ": its protect configuration lists no such country. Remove " + (notOffered.size() == 1 ? "it" : "them")
                    + " from kotae:allowedCountries.");
        }
        var changes = rules.changesToAllowOnly(allowed);
        if (!changes.isEmpty()) {
            var updates = new TreeMap<String, ProtectConfigurationCountryRuleSetInformation>();
            changes.forEach((country, status) -> updates.put(country,
                    ProtectConfigurationCountryRuleSetInformation.builder().protectStatus(status).build()));
            // One call: a rule set holds some 220 countries, and an update takes up to 300 (API reference). The rule
            // set is read again rather than trusted from the update's answer, which the reference does not say is whole.
            sms.updateProtectConfigurationCountryRuleSet(r -> r.protectConfigurationId(id)
                    .numberCapability(NumberCapability.SMS).countryRuleSetUpdates(updates));
            var after = countryRules(id);
            if (!after.allowed().equals(allowed)) {
                throw new IllegalStateException("Protect configuration " + id + " allows " + after.allowed()
                        + " after its update, not " + allowed);
            }
        }
        LOG.info("Protect configuration {} allows {} of {} countries ({} changed)", id, allowed, rules.statusByCountry().size(),
                changes.size());
        var current = accountDefault();
        if (accountDefault) {
            if (current.filter(other -> !other.equals(id)).isPresent()) {
                throw new DestinationsRefused("The account's default protect configuration is " + current.get()
                        + ", and " + ACCOUNT_DEFAULT_SETTING + " asks to replace it with Kotae's. Kotae does not replace"
                        + " another default: it judges every sender of the account (SNS, Cognito and others too). Set "
                        + ACCOUNT_DEFAULT_SETTING + "=false, or remove that default first (aws pinpoint-sms-voice-v2"
                        + " delete-account-default-protect-configuration) if it is no longer wanted.");
            }
            if (current.isEmpty()) {
                sms.setAccountDefaultProtectConfiguration(r -> r.protectConfigurationId(id));
                LOG.info("Protect configuration {} is the account's default", id);
            }
        } else {
            release(id, current);
        }
    }

    /** Stops {@code id} being the account's default, if it is: what a stack deleting it must do first. */
    public void release(String id) {
        release(id, accountDefault());
    }

    private void release(String id, Optional<String> current) {
        if (current.filter(id::equals).isPresent()) {
            sms.deleteAccountDefaultProtectConfiguration(r -> { });
            LOG.info("Protect configuration {} is no longer the account's default", id);
        }
    }

    /** The rule set the service holds: every country it sends SMS to. */
    public CountryRules countryRules(String id) {
        return new CountryRules(statuses(sms.getProtectConfigurationCountryRuleSet(r -> r.protectConfigurationId(id)
                .numberCapability(NumberCapability.SMS)).countryRuleSet()));
    }

    /**
     * The account's default protect configuration, if it has one. The API reference does not say whether no
     * match is an empty list or ResourceNotFoundException (which the operation may raise): both mean none.
     */
    public Optional<String> accountDefault() {
        try {
            return sms.describeProtectConfigurationsPaginator(r -> r.filters(filter -> filter
                            .name(ProtectConfigurationFilterName.ACCOUNT_DEFAULT).values("true")))
                    .protectConfigurations().stream()
                    .filter(configuration -> Boolean.TRUE.equals(configuration.accountDefault()))
                    .map(ProtectConfigurationInformation::protectConfigurationId).findFirst();
        } catch (ResourceNotFoundException none) {
            return Optional.empty();
        }
    }

    private static Map<String, String> statuses(Map<String, ProtectConfigurationCountryRuleSetInformation> rules) {
        var statuses = new TreeMap<String, String>();
        rules.forEach((country, rule) -> statuses.put(country, rule.protectStatusAsString()));
        return statuses;
    }
}
