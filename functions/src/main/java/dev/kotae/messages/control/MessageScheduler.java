package dev.kotae.messages.control;

import dev.kotae.messages.entity.ScheduledSend;
import dev.kotae.shared.entity.KotaeException;

/** Holds scheduled messages until they are due, then hands each to the scheduled-send function. */
public interface MessageScheduler {

    /**
     * Creates the one-time schedule that fires {@code send} at its {@code sendAt}.
     *
     * @throws KotaeException with the code the caller should see when no schedule was created
     */
    void schedule(ScheduledSend send);

    /** Deletes the message's schedule; one already gone (fired, or deleted before) is not an error. */
    void unschedule(String messageId);
}
