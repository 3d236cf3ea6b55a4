package dev.kotae.platform.environment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.kotae.platform.encoding.Json;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The functions' configuration, read from the environment the stack sets. A missing required
 * variable stops the function at start-up with its name, rather than failing requests one by one.
 */
public record Settings(
        String tableName,
        String originationIdentity,
        Optional<String> configurationSetName,
        Optional<String> defaultCountry,
        Set<String> allowedCountries,
        Optional<String> protectConfigurationId,
        Optional<BigDecimal> maxPricePerPart,
        Optional<Integer> callerDailyLimit,
        Map<String, Integer> callerDailyLimitOverrides,
        int messageRetentionDays,
        Optional<String> keywordOverrides,
        String stackName) {

    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String ORIGINATION_IDENTITY = "ORIGINATION_IDENTITY";
    public static final String CONFIGURATION_SET_NAME = "CONFIGURATION_SET_NAME";
    public static final String DEFAULT_COUNTRY = "DEFAULT_COUNTRY";
    /** ISO 3166-1 alpha-2 codes, comma-separated: the only countries Kotae sends to. */
    public static final String ALLOWED_COUNTRIES = "ALLOWED_COUNTRIES";
    /** End User Messaging's protect configuration every send names, blocking the other countries. */
    public static final String PROTECT_CONFIGURATION_ID = "PROTECT_CONFIGURATION_ID";
    /** US dollars per message part, sent as MaxPrice on every send that names none lower. */
    public static final String MAX_PRICE_PER_PART = "MAX_PRICE_PER_PART";
    /** Messages per IAM principal per UTC day. */
    public static final String CALLER_DAILY_LIMIT = "CALLER_DAILY_LIMIT";
    /** JSON: principal (role ARN or account id) → its own daily limit. */
    public static final String CALLER_DAILY_LIMIT_OVERRIDES = "CALLER_DAILY_LIMIT_OVERRIDES";
    public static final String MESSAGE_RETENTION_DAYS = "MESSAGE_RETENTION_DAYS";
    /** JSON in the shape of {@code default-keywords.json}, replacing what it names. */
    public static final String KEYWORD_OVERRIDES = "KEYWORD_OVERRIDES";
    /** The deploying stack's name: metrics carry it, so stacks sharing an account stay apart. */
    public static final String STACK_NAME = "STACK_NAME";
    /** The stack name where none is set (tests, the sandbox): the stack's own default name. */
    public static final String DEFAULT_STACK_NAME = "Kotae";

    private static Map<String, Integer> limits(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<Map<String, Integer>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Environment variable " + CALLER_DAILY_LIMIT_OVERRIDES + " is not a JSON"
                    + " object of whole numbers", e);
        }
    }

    public static Settings from(Map<String, String> environment) {
        var variables = new EnvironmentVariables(environment);
        return new Settings(
                variables.required(TABLE_NAME),
                variables.required(ORIGINATION_IDENTITY),
                variables.optional(CONFIGURATION_SET_NAME),
                variables.optional(DEFAULT_COUNTRY),
                Set.of(variables.required(ALLOWED_COUNTRIES).split(",")),
                variables.optional(PROTECT_CONFIGURATION_ID),
                variables.optional(MAX_PRICE_PER_PART).map(BigDecimal::new),
                variables.optional(CALLER_DAILY_LIMIT).map(Integer::parseInt),
                variables.optional(CALLER_DAILY_LIMIT_OVERRIDES).map(Settings::limits).orElse(Map.of()),
                variables.optional(MESSAGE_RETENTION_DAYS).map(Integer::parseInt).orElse(90),
                variables.optional(KEYWORD_OVERRIDES),
                variables.optional(STACK_NAME).orElse(DEFAULT_STACK_NAME));
    }
}
