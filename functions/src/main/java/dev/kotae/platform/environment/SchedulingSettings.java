package dev.kotae.platform.environment;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.kotae.settings.FunctionVariable.CANCEL_ANY_CALLERS;
import static dev.kotae.settings.FunctionVariable.SCHEDULED_SEND_TARGET_ARN;
import static dev.kotae.settings.FunctionVariable.SCHEDULER_ROLE_ARN;
import static dev.kotae.settings.FunctionVariable.SCHEDULE_DEAD_LETTER_QUEUE_ARN;
import static dev.kotae.settings.FunctionVariable.SCHEDULE_GROUP_NAME;
import static dev.kotae.settings.FunctionVariable.SCHEDULE_INPUT_KEY_ARN;

/**
 * Where scheduled messages are held: the settings of the functions that book and cancel them, and of the
 * scheduled-send function, which holds a message again for the recipient's night, from the environment the
 * stack sets.
 *
 * @param scheduleGroup        the EventBridge Scheduler schedule group holding one schedule per message
 * @param schedulerRoleArn     the role EventBridge Scheduler assumes to invoke the target
 * @param targetArn            the scheduled-send function (its alias) each schedule invokes; the scheduled-send function
 *                             itself is not told it (its environment cannot name its own alias): its schedules name
 *                             the ARN it was invoked by
 * @param deadLetterQueueArn   where EventBridge Scheduler puts a firing it could not deliver
 * @param inputKeyArn          the stack's KMS key each schedule's input, message body included, is encrypted with
 * @param cancelAnyPrincipals  role ARNs and account ids that may cancel any caller's scheduled messages
 */
public record SchedulingSettings(String scheduleGroup, String schedulerRoleArn, Optional<String> targetArn,
                                 String deadLetterQueueArn, String inputKeyArn, Set<String> cancelAnyPrincipals) {


    public static SchedulingSettings from(Map<String, String> environment) {
        var variables = new EnvironmentVariables(environment);
        return new SchedulingSettings(
                variables.required(SCHEDULE_GROUP_NAME),
                variables.required(SCHEDULER_ROLE_ARN),
                variables.optional(SCHEDULED_SEND_TARGET_ARN),
                variables.required(SCHEDULE_DEAD_LETTER_QUEUE_ARN),
                variables.required(SCHEDULE_INPUT_KEY_ARN),
                variables.names(CANCEL_ANY_CALLERS));
    }
}
