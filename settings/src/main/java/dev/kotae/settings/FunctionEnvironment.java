package dev.kotae.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment each function gets: the deployment's settings and the names its resources get.
 * The stack passes those names as CloudFormation tokens, the sandbox as its local resources' names;
 * both get every variable from here, so the sandbox runs what a deploy of the same settings runs.
 * The functions read these names ({@code dev.kotae.platform}'s settings); a contract test holds
 * every function's environment in the template to what they read.
 *
 * @param tableName            the message table's name
 * @param stackName            the stack's name, which the functions' metrics carry
 * @param configurationSetName   the configuration set every send uses (the stack's own, or the one named in context)
 * @param protectConfigurationId the protect configuration every send names, which blocks the countries not allowed
 */
public record FunctionEnvironment(KotaeSettings settings, String tableName, String stackName,
                                  String configurationSetName, String protectConfigurationId) {

    /**
     * Where Powertools reads the service name every log line carries: the process's environment only, once,
     * when its first function loads (it logs {@code service_undefined} without it). The stack gives it to every
     * function; a JVM that runs the functions in process (their tests, the sandbox) is started with it.
     */
    public static final String SERVICE_NAME_VARIABLE = "POWERTOOLS_SERVICE_NAME";
    /** Kotae's service name, in every log line of every function, deployed or in the sandbox. */
    public static final String SERVICE_NAME = "kotae";

    /** What every function that sends, or reads the table, is given. */
    public Map<String, String> everyFunction() {
        var environment = new HashMap<String, String>();
        environment.put("TABLE_NAME", tableName);
        environment.put("ORIGINATION_IDENTITY", settings.originationIdentity().value());
        environment.put("MESSAGE_RETENTION_DAYS", Integer.toString(settings.messageRetentionDays()));
        environment.put("STACK_NAME", stackName);
        environment.put("CONFIGURATION_SET_NAME", configurationSetName);
        environment.put("ALLOWED_COUNTRIES", String.join(",", settings.allowedCountries()));
        environment.put("PROTECT_CONFIGURATION_ID", protectConfigurationId);
        settings.defaultCountry().ifPresent(country -> environment.put("DEFAULT_COUNTRY", country));
        settings.maxPricePerPart().ifPresent(price -> environment.put("MAX_PRICE_PER_PART", price));
        environment.put("CALLER_DAILY_LIMIT", Integer.toString(settings.callerDailyLimit()));
        if (!settings.callerDailyLimitOverrides().isEmpty()) {
            environment.put("CALLER_DAILY_LIMIT_OVERRIDES", json(settings.callerDailyLimitOverrides()));
        }
        // The send function refuses to await opt-out or help keywords, so it needs them as much as the inbound one.
        settings.keywordOverrides().ifPresent(json -> environment.put("KEYWORD_OVERRIDES", json));
        return environment;
    }

    private static String json(Map<String, Integer> limits) {
        try {
            return new ObjectMapper().writeValueAsString(new TreeMap<>(limits));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("names and whole numbers always serialise", e);
        }
    }

    /** The inbound function's: what it answers with, and who keeps opt-outs. */
    public Map<String, String> inbound() {
        var environment = everyFunction();
        environment.put("BRAND_NAME", settings.brandName());
        environment.put("HELP_CONTACT", settings.helpContact());
        environment.put("SELF_MANAGED_OPT_OUTS", Boolean.toString(settings.selfManagedOptOuts()));
        settings.optOutList().ifPresent(list -> environment.put("OPT_OUT_LIST_NAME", list));
        return environment;
    }

    /**
     * Where scheduled messages are held, as the stack (or the stand-ins) created it.
     *
     * @param scheduleGroup      the EventBridge Scheduler schedule group
     * @param schedulerRoleArn   the role EventBridge Scheduler assumes to invoke the scheduled-send function
     * @param targetArn          the scheduled-send function's alias
     * @param deadLetterQueueArn where a firing that could not be delivered goes
     * @param inputKeyArn        the stack's key each schedule's input (message bodies) is encrypted with
     */
    public record Scheduling(String scheduleGroup, String schedulerRoleArn, String targetArn,
                             String deadLetterQueueArn, String inputKeyArn) {
    }

    /** The send and cancel functions': every function's, and where scheduled messages are held. */
    public Map<String, String> scheduling(Scheduling where) {
        var environment = everyFunction();
        environment.put("SCHEDULE_GROUP_NAME", where.scheduleGroup());
        environment.put("SCHEDULER_ROLE_ARN", where.schedulerRoleArn());
        environment.put("SCHEDULED_SEND_TARGET_ARN", where.targetArn());
        environment.put("SCHEDULE_DEAD_LETTER_QUEUE_ARN", where.deadLetterQueueArn());
        environment.put("SCHEDULE_INPUT_KEY_ARN", where.inputKeyArn());
        putCancelAny(environment);
        return environment;
    }

    /**
     * The batch functions': every function's, the batch queue, and the pace in message parts per
     * second ({@code kotae:messagesPerSecond}).
     */
    public Map<String, String> batches(String queueUrl) {
        var environment = everyFunction();
        environment.put("BATCH_QUEUE_URL", queueUrl);
        environment.put("MESSAGES_PER_SECOND", Integer.toString(settings.messagesPerSecond()));
        putCancelAny(environment);
        return environment;
    }

    /**
     * The batch API's create function's: the batch functions', and where a batch sent later waits: one
     * schedule per entry, whose target ({@code where}'s) is the batch queue.
     */
    public Map<String, String> batchBooking(String queueUrl, Scheduling where) {
        var environment = scheduling(where);
        environment.putAll(batches(queueUrl));
        return environment;
    }

    /** Who may cancel anyone's scheduled messages and batches ({@code kotae:callers}' {@code cancelAny}). */
    private void putCancelAny(Map<String, String> environment) {
        var cancelAny = new java.util.TreeSet<String>(settings.callers().roles(Callers.Grant.CANCEL_ANY));
        cancelAny.addAll(settings.callers().accounts(Callers.Grant.CANCEL_ANY));
        if (!cancelAny.isEmpty()) {
            environment.put("CANCEL_ANY_CALLERS", String.join(",", cancelAny));
        }
    }

    /** The event relay's: where the inbound path's events go. */
    public Map<String, String> eventRelay(String eventBusName) {
        var environment = everyFunction();
        environment.put("EVENT_BUS_NAME", eventBusName);
        return environment;
    }
}
