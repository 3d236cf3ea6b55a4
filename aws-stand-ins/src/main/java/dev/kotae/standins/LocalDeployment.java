package dev.kotae.standins;

import dev.kotae.settings.FunctionVariable;

import java.util.HashMap;
import java.util.Map;

/**
 * Kotae deployed on the stand-ins ({@link StandIns#deploy}): each function's environment, as the
 * stack gives it.
 *
 * @param everyFunction what the read and delivery-status functions are given
 * @param scheduling    the send and cancel functions'
 * @param scheduledSend the scheduled-send function's: where it holds a message that fires in its recipient's night,
 *                      the target aside (itself, by the ARN it is invoked by)
 * @param consent       the consent function's (a double opt-in's request, and the window it waits)
 * @param inbound       the inbound function's
 * @param eventRelay    the event relay's
 * @param batches       the batch API's and the batch sender's (the create function's, which holds a batch
 *                      sent later in schedules targeting the batch queue)
 * @param batchQueue    where batch entries wait for the sender
 * @param protectConfigurationId the protect configuration every send names, as CloudFormation created it:
 *                               the stack's custom resource restricts it to the allowed countries
 */
public record LocalDeployment(Map<String, String> everyFunction, Map<String, String> scheduling,
                              Map<String, String> scheduledSend, Map<String, String> consent, Map<String, String> inbound, Map<String, String> eventRelay,
                              Map<String, String> batches, LocalQueue batchQueue, String protectConfigurationId) {

    public LocalDeployment {
        everyFunction = Map.copyOf(everyFunction);
        scheduling = Map.copyOf(scheduling);
        scheduledSend = Map.copyOf(scheduledSend);
        consent = Map.copyOf(consent);
        inbound = Map.copyOf(inbound);
        eventRelay = Map.copyOf(eventRelay);
        batches = Map.copyOf(batches);
    }

    /** The ARN each schedule invokes: the scheduled-send function's. */
    public String scheduledSendTarget() {
        return scheduling.get(FunctionVariable.SCHEDULED_SEND_TARGET_ARN.name());
    }

    /**
     * Every variable any function is given, in one map that wires every handler (as tests do). Where the
     * batch API's schedules and the send function's name the same variable, the send function's wins:
     * a batch sent later needs {@link #batches} itself.
     */
    public Map<String, String> anyFunction() {
        var all = new HashMap<>(inbound);
        all.putAll(eventRelay);
        all.putAll(batches);
        all.putAll(scheduling);
        return all;
    }
}
