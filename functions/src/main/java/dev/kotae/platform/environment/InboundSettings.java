package dev.kotae.platform.environment;

import java.util.Map;
import java.util.Optional;

import static dev.kotae.settings.FunctionVariable.BRAND_NAME;
import static dev.kotae.settings.FunctionVariable.CONSENT_WINDOW_HOURS;
import static dev.kotae.settings.FunctionVariable.HELP_CONTACT;
import static dev.kotae.settings.FunctionVariable.OPT_OUT_LIST_NAME;
import static dev.kotae.settings.FunctionVariable.SELF_MANAGED_OPT_OUTS;

/**
 * The inbound function's own settings, from the environment the stack sets.
 *
 * @param selfManagedOptOuts  true when the number leaves STOP to Kotae (End User Messaging's
 *                            self-managed opt-outs on); false when End User Messaging answers STOP
 * @param consentWindowHours how long after JOIN a YES confirms consent to marketing
 */
public record InboundSettings(
        String brandName,
        String helpContact,
        Optional<String> optOutListName,
        boolean selfManagedOptOuts,
        int consentWindowHours) {


    public static InboundSettings from(Map<String, String> environment) {
        var variables = new EnvironmentVariables(environment);
        return new InboundSettings(
                variables.required(BRAND_NAME),
                variables.required(HELP_CONTACT),
                variables.optional(OPT_OUT_LIST_NAME),
                Boolean.parseBoolean(variables.required(SELF_MANAGED_OPT_OUTS)),
                Integer.parseInt(variables.required(CONSENT_WINDOW_HOURS)));
    }
}
