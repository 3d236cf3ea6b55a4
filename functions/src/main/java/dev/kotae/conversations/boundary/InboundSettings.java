package dev.kotae.conversations.boundary;

import java.util.Map;
import java.util.Optional;

/**
 * The inbound function's own settings, from the environment the stack sets.
 *
 * @param selfManagedOptOuts true when the number leaves STOP to Kotae (End User Messaging's
 *                           self-managed opt-outs on); false when End User Messaging answers STOP
 * @param keywordOverrides   JSON in the shape of {@code default-keywords.json}, replacing what it names
 */
public record InboundSettings(
        String brandName,
        String helpContact,
        String eventBusName,
        Optional<String> optOutListName,
        boolean selfManagedOptOuts,
        Optional<String> keywordOverrides) {

    public static final String BRAND_NAME = "BRAND_NAME";
    public static final String HELP_CONTACT = "HELP_CONTACT";
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    public static final String OPT_OUT_LIST_NAME = "OPT_OUT_LIST_NAME";
    public static final String SELF_MANAGED_OPT_OUTS = "SELF_MANAGED_OPT_OUTS";
    public static final String KEYWORD_OVERRIDES = "KEYWORD_OVERRIDES";

    public static InboundSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static InboundSettings from(Map<String, String> environment) {
        return new InboundSettings(
                required(environment, BRAND_NAME),
                required(environment, HELP_CONTACT),
                required(environment, EVENT_BUS_NAME),
                optional(environment, OPT_OUT_LIST_NAME),
                Boolean.parseBoolean(required(environment, SELF_MANAGED_OPT_OUTS)),
                optional(environment, KEYWORD_OVERRIDES));
    }

    private static String required(Map<String, String> environment, String name) {
        return optional(environment, name).orElseThrow(() ->
                new IllegalStateException("Environment variable " + name + " is not set"));
    }

    private static Optional<String> optional(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
    }
}
