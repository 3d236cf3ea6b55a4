package dev.kotae.platform.environment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.kotae.platform.encoding.Json;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.kotae.settings.FunctionVariable.ALLOWED_COUNTRIES;
import static dev.kotae.settings.FunctionVariable.BRAND_NAME;
import static dev.kotae.settings.FunctionVariable.CALLER_DAILY_LIMIT;
import static dev.kotae.settings.FunctionVariable.CALLER_DAILY_LIMIT_OVERRIDES;
import static dev.kotae.settings.FunctionVariable.CONFIGURATION_SET_NAME;
import static dev.kotae.settings.FunctionVariable.DEFAULT_COUNTRY;
import static dev.kotae.settings.FunctionVariable.KEYWORD_OVERRIDES;
import static dev.kotae.settings.FunctionVariable.MAX_PRICE_PER_PART;
import static dev.kotae.settings.FunctionVariable.MESSAGE_RETENTION_DAYS;
import static dev.kotae.settings.FunctionVariable.ORIGINATION_IDENTITY;
import static dev.kotae.settings.FunctionVariable.PROMOTIONAL_FOOTER;
import static dev.kotae.settings.FunctionVariable.PROTECT_CONFIGURATION_ID;
import static dev.kotae.settings.FunctionVariable.QUIET_HOURS;
import static dev.kotae.settings.FunctionVariable.STACK_NAME;
import static dev.kotae.settings.FunctionVariable.TABLE_NAME;

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
        String stackName,
        String quietHours,
        String brandName,
        Optional<String> promotionalFooter) {

    /** The stack name where none is set (tests, the sandbox): the stack's own default name. */
    public static final String DEFAULT_STACK_NAME = "Kotae";
    /** The quiet hours where none are set (tests, the sandbox): the stack's own default. */
    public static final String DEFAULT_QUIET_HOURS = "21:00-08:00";

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
                variables.optional(STACK_NAME).orElse(DEFAULT_STACK_NAME),
                variables.optional(QUIET_HOURS).orElse(DEFAULT_QUIET_HOURS),
                variables.required(BRAND_NAME),
                variables.optional(PROMOTIONAL_FOOTER));
    }
}
