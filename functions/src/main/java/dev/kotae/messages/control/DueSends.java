package dev.kotae.messages.control;

import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.ScheduledSend;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * A scheduled message coming due, sent as if its request came now: once however often its schedule fires,
 * and not at all when it was canceled, its recipient opted out, or its deadline passed.
 */
public final class DueSends {

    private static final Logger LOG = LoggerFactory.getLogger(DueSends.class);

    private final MessageStore store;
    private final Handover handover;
    private final Clock clock;

    public DueSends(MessageStore store, Handover handover, Clock clock) {
        this.store = store;
        this.handover = handover;
        this.clock = clock;
    }

    /**
     * @throws KotaeException when nothing was sent and a later firing may succeed (throttled, End User
     *                        Messaging unreachable): the message waits SCHEDULED for it
     */
    public void sendDue(ScheduledSend due) {
        var now = clock.instant();
        if (now.isAfter(due.sendAt().plus(MessageRecord.SEND_DEADLINE))) {
            refuseDue(due.messageId(), MessageRecord.missed("the schedule fired after the deadline."));
            return;
        }
        var firing = due.booked().firing(now);
        var taken = store.claimScheduled(firing);
        if (taken == MessageStore.Firing.NOT_SCHEDULED) {
            LOG.info("Scheduled message {} is no longer waiting (sent, canceled or refused): nothing to send",
                    due.messageId());
            return;
        }
        if (taken == MessageStore.Firing.RECIPIENT_OPTED_OUT) {
            refuseDue(due.messageId(), new MessageRecord.Failure(ErrorCode.RECIPIENT_OPTED_OUT,
                    "The recipient opted out of messages from this sender after the message was scheduled."));
            return;
        }
        if (taken == MessageStore.Firing.CONSENT_REQUIRED) {
            refuseDue(due.messageId(), new MessageRecord.Failure(ErrorCode.CONSENT_REQUIRED,
                    "The recipient's consent to marketing messages was withdrawn after the message was scheduled."));
            return;
        }
        MessageRecord sent;
        try {
            sent = handover.hand(firing, new OutboundSms(due.messageId(), due.request(), Optional.empty()));
        } catch (SmsRefusedException refused) {
            if (Handover.isForNow(refused)) {
                var why = new MessageRecord.Failure(refused.code(), refused.getMessage());
                handover.recordFailed(firing.awaitingRetry(why, clock.instant()), Optional.empty(), Optional.empty());
                LOG.warn("Scheduled message {} not sent yet ({}); its schedule retries", due.messageId(), refused.code());
                throw refused;
            }
            handover.recordRefusal(firing, Optional.empty(), refused, false);
            return;
        }
        handover.recordSent(sent, Optional.empty(), due.caller());
    }

    /**
     * A scheduled message that will not be sent, for {@code why} (its request is no longer allowed, say):
     * FAILED, unless it has moved on (canceled, or sent by another firing).
     */
    public void refuseDue(String messageId, MessageRecord.Failure why) {
        if (store.failScheduled(messageId, why, clock.instant())) {
            LOG.warn("Scheduled message {} not sent: {}", messageId, why.code());
        }
    }

    /** The firing's reads and loading, for SnapStart priming: nothing written or sent. */
    public void prime() {
        handover.prime();
    }
}
