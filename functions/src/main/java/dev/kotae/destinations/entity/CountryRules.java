package dev.kotae.destinations.entity;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A protect configuration's SMS rule set as End User Messaging holds it: every country the service
 * sends to, each with its status (ALLOW, BLOCK, MONITOR or FILTER). The service's list of countries is
 * the one that counts (CloudFormation Template Reference, AWS::SMSVOICE::ProtectConfiguration
 * CountryRuleSet: it "always returns all country codes"), so a rule set read from it covers every
 * destination, including codes no other list of Kotae's holds.
 *
 * @param statusByCountry ISO 3166-1 alpha-2 code → status
 */
public record CountryRules(Map<String, String> statusByCountry) {

    public static final String ALLOW = "ALLOW";
    public static final String BLOCK = "BLOCK";

    public CountryRules {
        statusByCountry = Map.copyOf(statusByCountry);
    }

    /** Of {@code allowed}, the countries this rule set does not hold: the service sends no SMS there. */
    public Set<String> notOffered(Set<String> allowed) {
        return allowed.stream().filter(country -> !statusByCountry.containsKey(country))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The changes that leave exactly {@code allowed} ALLOW and every other country BLOCK: country → status. */
    public Map<String, String> changesToAllowOnly(Set<String> allowed) {
        var changes = new TreeMap<String, String>();
        statusByCountry.forEach((country, status) -> {
            var wanted = allowed.contains(country) ? ALLOW : BLOCK;
            if (!wanted.equals(status)) {
                changes.put(country, wanted);
            }
        });
        return changes;
    }

    /** The countries set to ALLOW. */
    public Set<String> allowed() {
        return statusByCountry.entrySet().stream().filter(rule -> rule.getValue().equals(ALLOW)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
