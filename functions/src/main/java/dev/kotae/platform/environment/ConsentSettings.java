package dev.kotae.platform.environment;

import java.time.Duration;
import java.util.Map;

import static dev.kotae.settings.FunctionVariable.CONSENT_WINDOW_HOURS;
import static dev.kotae.settings.FunctionVariable.HELP_CONTACT;

/**
 * What a request for consent to marketing needs, from the environment the stack sets: the consent function's, which
 * asks when a caller records a double opt-in, and the inbound function's, which asks when a person texts JOIN.
 *
 * @param helpContact        the help contact the keyword book's texts may name
 * @param consentWindowHours how long after the request a YES confirms consent to marketing
 */
public record ConsentSettings(String helpContact, int consentWindowHours) {

    public static ConsentSettings from(Map<String, String> environment) {
        var variables = new EnvironmentVariables(environment);
        return new ConsentSettings(variables.required(HELP_CONTACT), Integer.parseInt(variables.required(CONSENT_WINDOW_HOURS)));
    }

    public Duration consentWindow() {
        return Duration.ofHours(consentWindowHours);
    }
}
