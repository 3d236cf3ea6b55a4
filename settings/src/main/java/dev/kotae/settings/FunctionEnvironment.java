package dev.kotae.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The environment each function gets: the deployment's settings and the names its resources get.
 * The stack passes those names as CloudFormation tokens, the sandbox as its local resources' names;
 * both get every variable from here, so the sandbox runs what a deploy of the same settings runs.
 * Every name is a {@link FunctionVariable}, which the functions' settings readers read by; a contract
 * test holds every function's environment in the template to what they read.
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

    /** The alias every function is invoked through: API Gateway, the event sources and the schedules name it. */
    public static final String ALIAS = "live";

    /**
     * The ARN of the function {@code invokedFunctionArn} names, through {@link #ALIAS}, whatever it was invoked with:
     * the alias, a version, or no qualifier ({@code arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]},
     * Lambda API Reference, Invoke: FunctionName). The scheduled-send function's night holds fire this, which its
     * schedule role may invoke, and not a version or $LATEST that a hand-made invocation names.
     */
    public static String aliasArn(String invokedFunctionArn) {
        var parts = invokedFunctionArn.split(":");
        if (parts.length < 7 || parts.length > 8 || !parts[2].equals("lambda") || !parts[5].equals("function")) {
            throw new IllegalArgumentException("Not a Lambda function's ARN: " + invokedFunctionArn);
        }
        return String.join(":", java.util.Arrays.copyOf(parts, 7)) + ":" + ALIAS;
    }

    /** What every function that sends, or reads the table, is given. */
    public Map<String, String> everyFunction() {
        var environment = new HashMap<String, String>();
        put(environment, FunctionVariable.TABLE_NAME, tableName);
        put(environment, FunctionVariable.ORIGINATION_IDENTITY, settings.originationIdentity().value());
        put(environment, FunctionVariable.MESSAGE_RETENTION_DAYS, Integer.toString(settings.messageRetentionDays()));
        put(environment, FunctionVariable.STACK_NAME, stackName);
        put(environment, FunctionVariable.CONFIGURATION_SET_NAME, configurationSetName);
        put(environment, FunctionVariable.ALLOWED_COUNTRIES, String.join(",", settings.allowedCountries()));
        put(environment, FunctionVariable.PROTECT_CONFIGURATION_ID, protectConfigurationId);
        settings.defaultCountry().ifPresent(country -> put(environment, FunctionVariable.DEFAULT_COUNTRY, country));
        settings.maxPricePerPart().ifPresent(price -> put(environment, FunctionVariable.MAX_PRICE_PER_PART, price));
        put(environment, FunctionVariable.CALLER_DAILY_LIMIT, Integer.toString(settings.callerDailyLimit()));
        put(environment, FunctionVariable.QUIET_HOURS, settings.quietHours());
        // Every marketing body must name the sender: the send functions check it as the inbound one answers with it.
        put(environment, FunctionVariable.BRAND_NAME, settings.brandName());
        settings.promotionalFooter().ifPresent(footer -> put(environment, FunctionVariable.PROMOTIONAL_FOOTER, footer));
        if (!settings.callerDailyLimitOverrides().isEmpty()) {
            put(environment, FunctionVariable.CALLER_DAILY_LIMIT_OVERRIDES, json(settings.callerDailyLimitOverrides()));
        }
        // The send function refuses to await opt-out or help keywords, so it needs them as much as the inbound one.
        settings.keywordOverrides().ifPresent(json -> put(environment, FunctionVariable.KEYWORD_OVERRIDES, json));
        return environment;
    }

    private static String json(Map<String, Integer> limits) {
        try {
            return new ObjectMapper().writeValueAsString(new TreeMap<>(limits));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("names and whole numbers always serialise", e);
        }
    }

    /**
     * The consent function's: what a confirmation request says (the keyword book's texts, which may name the help
     * contact) and how long it waits for the person's YES.
     */
    public Map<String, String> consent() {
        var environment = everyFunction();
        put(environment, FunctionVariable.HELP_CONTACT, settings.helpContact());
        put(environment, FunctionVariable.CONSENT_WINDOW_HOURS, Integer.toString(settings.consentWindowHours()));
        return environment;
    }

    /** The inbound function's: the consent function's (it answers JOIN and YES as well), and who keeps opt-outs. */
    public Map<String, String> inbound() {
        var environment = consent();
        put(environment, FunctionVariable.SELF_MANAGED_OPT_OUTS, Boolean.toString(settings.selfManagedOptOuts()));
        settings.optOutList().ifPresent(list -> put(environment, FunctionVariable.OPT_OUT_LIST_NAME, list));
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
        var environment = scheduledSend(where.scheduleGroup(), where.schedulerRoleArn(), where.deadLetterQueueArn(),
                where.inputKeyArn());
        put(environment, FunctionVariable.SCHEDULED_SEND_TARGET_ARN, where.targetArn());
        putCancelAny(environment);
        return environment;
    }

    /**
     * The scheduled-send function's: every function's, and where it holds a message that fires in its recipient's
     * night until the night ends, as {@link Scheduling} names them; not the target, which is the function itself: its
     * night holds name the alias it was invoked by, which its own environment cannot name.
     */
    public Map<String, String> scheduledSend(String scheduleGroup, String schedulerRoleArn, String deadLetterQueueArn,
                                             String inputKeyArn) {
        var environment = everyFunction();
        put(environment, FunctionVariable.SCHEDULE_GROUP_NAME, scheduleGroup);
        put(environment, FunctionVariable.SCHEDULER_ROLE_ARN, schedulerRoleArn);
        put(environment, FunctionVariable.SCHEDULE_DEAD_LETTER_QUEUE_ARN, deadLetterQueueArn);
        put(environment, FunctionVariable.SCHEDULE_INPUT_KEY_ARN, inputKeyArn);
        return environment;
    }

    /**
     * The batch functions': every function's, the batch queue, and the pace in message parts per
     * second ({@code kotae:messagesPerSecond}).
     */
    public Map<String, String> batches(String queueUrl) {
        var environment = everyFunction();
        put(environment, FunctionVariable.BATCH_QUEUE_URL, queueUrl);
        put(environment, FunctionVariable.MESSAGES_PER_SECOND, Integer.toString(settings.messagesPerSecond()));
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

    private static void put(Map<String, String> environment, FunctionVariable variable, String value) {
        environment.put(variable.name(), value);
    }

    /** Who may cancel anyone's scheduled messages and batches ({@code kotae:callers}' {@code cancelAny}). */
    private void putCancelAny(Map<String, String> environment) {
        var cancelAny = new TreeSet<String>(settings.callers().roles(Callers.Grant.CANCEL_ANY));
        cancelAny.addAll(settings.callers().accounts(Callers.Grant.CANCEL_ANY));
        if (!cancelAny.isEmpty()) {
            put(environment, FunctionVariable.CANCEL_ANY_CALLERS, String.join(",", cancelAny));
        }
    }

    /**
     * The send page function's, and only these: it serves the page, which signs in at {@code signInUrl} (the
     * managed login, or the sandbox's stand-in) as the app client {@code clientId}; it reads no table.
     */
    public static Map<String, String> sendPage(String signInUrl, String clientId) {
        var environment = new HashMap<String, String>();
        put(environment, FunctionVariable.SEND_PAGE_SIGN_IN_URL, signInUrl);
        put(environment, FunctionVariable.SEND_PAGE_CLIENT_ID, clientId);
        return environment;
    }

    /** The event relay's: where the inbound path's events go. */
    public Map<String, String> eventRelay(String eventBusName) {
        var environment = everyFunction();
        put(environment, FunctionVariable.EVENT_BUS_NAME, eventBusName);
        return environment;
    }
}
