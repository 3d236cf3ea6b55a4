package dev.kotae.platform.environment;

import java.util.Map;
import java.util.Optional;

/**
 * The inbound function's own settings, from the environment the stack sets.
 *
 * @param selfManagedOptOuts true when the number leaves STOP to Kotae (End User Messaging's
 *                           self-managed opt-outs on); false when End User Messaging answers STOP
 */
public record InboundSettings(
        String brandName,
        String helpContact,
        Optional<String> optOutListName,
        boolean selfManagedOptOuts) {

    public static final String BRAND_NAME = "BRAND_NAME";
    public static final String HELP_CONTACT = "HELP_CONTACT";
    public static final String OPT_OUT_LIST_NAME = "OPT_OUT_LIST_NAME";
    public static final String SELF_MANAGED_OPT_OUTS = "SELF_MANAGED_OPT_OUTS";

    public static InboundSettings from(Map<String, String> environment) {
        var variables = new EnvironmentVariables(environment);
        return new InboundSettings(
                variables.required(BRAND_NAME),
                variables.required(HELP_CONTACT),
                variables.optional(OPT_OUT_LIST_NAME),
                Boolean.parseBoolean(variables.required(SELF_MANAGED_OPT_OUTS)));
    }
}
