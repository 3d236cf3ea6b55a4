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

    /** Deletes the message's schedule; one already gone (fired, or deleted before) is not an error. */
    void unschedule(String messageId);
}
