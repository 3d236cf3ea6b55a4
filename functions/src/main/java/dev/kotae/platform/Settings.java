package dev.kotae.platform;

import java.util.Map;
import java.util.Optional;

/**
 * The functions' configuration, read from the environment the stack sets. A missing required
 * variable stops the function at start-up with its name, rather than failing requests one by one.
 */
public record Settings(
        String tableName,
        String originationIdentity,
        Optional<String> configurationSetName,
        Optional<String> defaultCountry,
        int messageRetentionDays) {

    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String ORIGINATION_IDENTITY = "ORIGINATION_IDENTITY";
    public static final String CONFIGURATION_SET_NAME = "CONFIGURATION_SET_NAME";
    public static final String DEFAULT_COUNTRY = "DEFAULT_COUNTRY";
    public static final String MESSAGE_RETENTION_DAYS = "MESSAGE_RETENTION_DAYS";

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    public static Settings from(Map<String, String> environment) {
        return new Settings(
                required(environment, TABLE_NAME),
                required(environment, ORIGINATION_IDENTITY),
                optional(environment, CONFIGURATION_SET_NAME),
                optional(environment, DEFAULT_COUNTRY),
                optional(environment, MESSAGE_RETENTION_DAYS).map(Integer::parseInt).orElse(90));
    }

    private static String required(Map<String, String> environment, String name) {
        return optional(environment, name).orElseThrow(() ->
                new IllegalStateException("Environment variable " + name + " is not set"));
    }

    private static Optional<String> optional(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
    }
}
