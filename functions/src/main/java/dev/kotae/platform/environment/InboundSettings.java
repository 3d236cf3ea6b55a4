package dev.kotae.platform.environment;

import java.util.Map;
import java.util.Optional;

import static dev.kotae.settings.FunctionVariable.OPT_OUT_LIST_NAME;
import static dev.kotae.settings.FunctionVariable.SELF_MANAGED_OPT_OUTS;

/**
 * The inbound function's own settings, from the environment the stack sets; what its answers say is read as the
 * consent function reads it ({@link ConsentSettings}).
 *
 * @param selfManagedOptOuts true when the number leaves STOP to Kotae (End User Messaging's
 *                           self-managed opt-outs on); false when End User Messaging answers STOP
 */
public record InboundSettings(Optional<String> optOutListName, boolean selfManagedOptOuts) {

    public static InboundSettings from(Map<String, String> environment) {
        var variables = new EnvironmentVariables(environment);
        return new InboundSettings(variables.optional(OPT_OUT_LIST_NAME),
                Boolean.parseBoolean(variables.required(SELF_MANAGED_OPT_OUTS)));
    }
}
