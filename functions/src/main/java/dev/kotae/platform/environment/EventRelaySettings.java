package dev.kotae.platform.environment;

import java.util.Map;

import static dev.kotae.settings.FunctionVariable.EVENT_BUS_NAME;

/** The event relay's own settings, from the environment the stack sets. */
public record EventRelaySettings(String eventBusName) {


    public static EventRelaySettings from(Map<String, String> environment) {
        return new EventRelaySettings(new EnvironmentVariables(environment).required(EVENT_BUS_NAME));
    }
}
