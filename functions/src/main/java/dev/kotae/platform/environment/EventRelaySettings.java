package dev.kotae.platform.environment;

import java.util.Map;

/** The event relay's own settings, from the environment the stack sets. */
public record EventRelaySettings(String eventBusName) {

    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";

    public static EventRelaySettings from(Map<String, String> environment) {
        return new EventRelaySettings(new EnvironmentVariables(environment).required(EVENT_BUS_NAME));
    }
}
