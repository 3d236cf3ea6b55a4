package dev.kotae.destinations.entity;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which rules change so that exactly the deployment's countries are allowed, and which it names that do not exist. */
class CountryRulesTest {

    /** As the service holds them, with a code Kotae's own list lacks (AN) and statuses a person may have set. */
    private static final CountryRules HELD = new CountryRules(Map.of(
            "JP", "ALLOW", "US", "MONITOR", "GB", "ALLOW", "AN", "ALLOW", "FR", "FILTER", "XK", "BLOCK"));

    @Test
    void everyCountryButTheAllowedOnesIsBlockedAndEachAllowedOneAllowed() {
        assertThat(HELD.changesToAllowOnly(Set.of("JP", "US"))).isEqualTo(Map.of(
                "US", "ALLOW", "GB", "BLOCK", "AN", "BLOCK", "FR", "BLOCK"));
        assertThat(HELD.changesToAllowOnly(Set.of("XK"))).isEqualTo(Map.of(
                "JP", "BLOCK", "US", "BLOCK", "GB", "BLOCK", "AN", "BLOCK", "FR", "BLOCK", "XK", "ALLOW"));
    }

    @Test
    void aRuleSetThatAlreadyHoldsChangesNothing() {
        var held = new CountryRules(Map.of("JP", "ALLOW", "US", "BLOCK", "AN", "BLOCK"));

        assertThat(held.changesToAllowOnly(Set.of("JP"))).isEmpty();
        assertThat(held.allowed()).containsExactly("JP");
    }

    @Test
    void anAllowedCountryTheServiceDoesNotListIsNamed() {
        assertThat(HELD.notOffered(Set.of("JP", "AQ", "UM"))).containsExactly("AQ", "UM");
        assertThat(HELD.notOffered(Set.of("JP", "XK"))).isEmpty();
    }

    @Test
    void onlyAllowCountsAsAllowed() {
        assertThat(HELD.allowed()).containsExactly("AN", "GB", "JP");
    }
}
