package dev.kotae.messages.control;

import dev.kotae.messages.entity.ScheduledSend;
import dev.kotae.shared.entity.KotaeException;

import java.time.Instant;

/**
 * Holds what is to be sent later until it is due, then hands it to the target the deployment names:
 * the scheduled-send function for a message, the batch queue for a batch's entries.
 */
public interface MessageScheduler {

    /**
     * Creates the one-time schedule that fires {@code send} at its {@code sendAt}.
     *
     * @throws KotaeException with the code the caller should see when no schedule was created
     */
    default void schedule(ScheduledSend send) {
        hold(send.messageId(), send.sendAt(), ScheduledSendPayload.write(send));
    }

    /**
     * Creates the one-time schedule {@code name} that hands {@code input} to the target at {@code at};
     * one already created under that name (by an earlier try) counts as created.
     *
     * @throws KotaeException with the code the caller should see when no schedule was created
     */
    void hold(String name, Instant at, String input);

    /**
     * As {@link #hold}, with {@code target} instead of the deployment's: the scheduled-send function holds a message
     * again for its recipient's night with itself as the target (the ARN it was invoked by), which its own
     * environment cannot name.
     */
    void holdFor(String target, String name, Instant at, String input);

    /**
     * The name of the schedule that holds {@code messageId} for its recipient's night until {@code until}: named for the
     * message and that time, never by the message alone, since the schedule that brought it (a message sent later, or
     * held when it was sent, is named by its id) may not have deleted itself yet, and a name already taken counts as
     * created; the same try twice in one night names the same schedule, and so holds it once. At most 64 of
     * [0-9A-Za-z-_] (the name is the ClientToken too: EventBridge Scheduler API Reference, CreateSchedule, Name and
     * ClientToken): a message's id is 36, a batch entry's 36 + 1 + 3.
     */
    static String nightHold(String messageId, Instant until) {
        return messageId + "-night-" + until.getEpochSecond();
    }

    /** Deletes the message's schedule; one already gone (fired, or deleted before) is not an error. */
    void unschedule(String messageId);
}
