package dev.kotae.messages.control;

import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.shared.entity.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * A batch entry's turn: sent under the message id its batch and index derive, once however often the queue
 * delivers it, never to an opted-out number, and not at all once its batch is canceled. The batch counted it
 * against its caller's quota when it was accepted.
 */
public final class EntrySends {

    /** Writes putting a throttled entry back QUEUED, before giving up on it. */
    private static final int REQUEUE_ATTEMPTS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(EntrySends.class);

    private final MessageStore store;
    private final Handover handover;
    private final Clock clock;

    public EntrySends(MessageStore store, Handover handover, Clock clock) {
        this.store = store;
        this.handover = handover;
        this.clock = clock;
    }

    /** What became of an entry's turn. */
    public enum EntrySent {
        SENT,
        /** Refused (by Kotae's rules or End User Messaging), or its outcome unknown: recorded, never tried again. */
        NOT_SENT,
        /** An earlier delivery of the same entry sent or refused it. */
        HANDLED_BEFORE,
        BATCH_CANCELED
    }

    /**
     * @throws SmsRefusedException when nothing was sent and a later turn may succeed (throttled, End User
     *                             Messaging unreachable): the entry waits QUEUED for it
     */
    public EntrySent sendEntry(String messageId, String batchId, SendRequest request, String caller) {
        var accepted = MessageRecord.accepted(messageId, request, caller, clock.instant());
        switch (store.admitEntry(accepted, batchId)) {
            case HANDLED -> {
                LOG.info("Batch entry {} was handled by an earlier delivery: nothing to send", messageId);
                return EntrySent.HANDLED_BEFORE;
            }
            case BATCH_CANCELED -> {
                return EntrySent.BATCH_CANCELED;
            }
            case CONSENT_REQUIRED -> {
                refuseEntry(accepted, new MessageRecord.Failure(ErrorCode.CONSENT_REQUIRED,
                        "The recipient has not consented to marketing messages (PROMOTIONAL)."));
                return EntrySent.NOT_SENT;
            }
            case RECIPIENT_OPTED_OUT -> {
                refuseEntry(accepted, new MessageRecord.Failure(ErrorCode.RECIPIENT_OPTED_OUT,
                        "The recipient has opted out of messages from this sender."));
                return EntrySent.NOT_SENT;
            }
            case TAKEN -> {
                // sent below
            }
        }
        MessageRecord sent;
        try {
            sent = handover.hand(accepted, new OutboundSms(messageId, request, Optional.empty()));
        } catch (SmsRefusedException refused) {
            if (Handover.isForNow(refused)) {
                requeue(accepted.requeued(new MessageRecord.Failure(refused.code(), refused.getMessage()), clock.instant()));
                throw refused;
            }
            handover.recordRefusal(accepted, Optional.empty(), refused, false);
            return EntrySent.NOT_SENT;
        }
        handover.recordSent(sent, Optional.empty(), caller);
        return EntrySent.SENT;
    }

    /** An entry that will not be sent, for {@code why}: FAILED, unless another delivery of it took it first. */
    public void refuseEntry(MessageRecord waiting, MessageRecord.Failure why) {
        if (store.failWaitingEntry(waiting.refused(MessageStatus.FAILED, why, clock.instant()))) {
            LOG.warn("Batch entry {} not sent: {}", waiting.messageId(), why.code());
        }
    }

    /**
     * An entry that was not sent waits QUEUED again, so that its next delivery may take it: tried a few times,
     * since an entry left ACCEPTED is never taken again (it could have been sent).
     */
    private void requeue(MessageRecord queued) {
        for (int attempt = 1; ; attempt++) {
            try {
                store.recordFailed(queued, Optional.empty(), Optional.empty());
                return;
            } catch (RuntimeException e) {
                if (attempt == REQUEUE_ATTEMPTS) {
                    LOG.error("Batch entry {} was not sent, but could not be put back QUEUED: it will read UNKNOWN"
                            + " and not be sent", queued.messageId(), e);
                    return;
                }
                try {
                    Thread.sleep(100L << attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
