package dev.kotae.messages.control;

import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.Principals;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Cancels scheduled messages: the record first (a firing then finds nothing to send), the schedule
 * after. It needs the table and the scheduler only, so the cancel function builds no SMS client.
 */
public final class MessageCancellation {

    private static final Logger LOG = LoggerFactory.getLogger(MessageCancellation.class);
    /**
     * A firing that was throttled puts its message back to SCHEDULED: a cancel that lost the race with
     * it reads the message again and tries again, this many times in all.
     */
    private static final int ATTEMPTS = 3;

    private final MessageStore store;
    private final MessageScheduler scheduler;
    private final Set<String> cancelAnyPrincipals;
    private final Clock clock;

    /** @param cancelAnyPrincipals role ARNs and account ids that may cancel any caller's messages */
    public MessageCancellation(MessageStore store, MessageScheduler scheduler, Set<String> cancelAnyPrincipals,
                               Clock clock) {
        this.store = store;
        this.scheduler = scheduler;
        this.cancelAnyPrincipals = Set.copyOf(cancelAnyPrincipals);
        this.clock = clock;
    }

    /**
     * Cancels a scheduled message: only the principal that booked it may (a role's sessions count as the
     * role), or one of {@code cancelAnyPrincipals}.
     *
     * @param caller who asks (an IAM ARN)
     * @return the message, CANCELED
     * @throws KotaeException MESSAGE_NOT_FOUND, CANCEL_NOT_ALLOWED, or MESSAGE_NOT_CANCELABLE naming its status
     */
    public MessageRecord cancel(String messageId, String caller) {
        for (int attempt = 1; ; attempt++) {
            var message = waiting(messageId);
            if (!Principals.mayCancel(message.caller(), caller, cancelAnyPrincipals)) {
                throw new KotaeException(ErrorCode.CANCEL_NOT_ALLOWED, "Only the principal that scheduled message "
                        + messageId + " may cancel it.");
            }
            var now = clock.instant();
            if (store.cancelScheduled(messageId, now)) {
                unschedule(messageId);
                LOG.info("Audit cancel: message {} to {} by {}", messageId, PhoneNumbers.mask(message.to()), caller);
                return message.canceled(now);
            }
            if (attempt == ATTEMPTS) {
                throw KotaeException.retryLater(ErrorCode.MESSAGE_NOT_CANCELABLE, "Message " + messageId
                        + " is being sent at this moment; read it again shortly.", Duration.ofSeconds(1), null);
            }
        }
    }

    /** The record says CANCELED already: if the schedule fires after all, its firing finds nothing to send. */
    private void unschedule(String messageId) {
        try {
            scheduler.unschedule(messageId);
        } catch (RuntimeException e) {
            LOG.warn("Message {} is canceled but its schedule could not be deleted; it will fire and send nothing",
                    messageId, e);
        }
    }

    /** The message as it stands now, if it still waits for its time. */
    private MessageRecord waiting(String messageId) {
        var message = store.find(messageId).map(view -> view.message().asSeenAt(clock.instant()))
                .orElseThrow(() -> new KotaeException(ErrorCode.MESSAGE_NOT_FOUND, "No message has this id.",
                        "messageId"));
        if (message.status() != MessageStatus.SCHEDULED) {
            throw new KotaeException(ErrorCode.MESSAGE_NOT_CANCELABLE, "Message " + messageId + " is "
                    + message.status() + "; only a SCHEDULED message can be canceled.");
        }
        return message;
    }
}
