package dev.kotae.messages.control;

import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.QuietHours;
import dev.kotae.messages.entity.ScheduledSend;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A scheduled message coming due, sent as if its request came now: once however often its schedule fires,
 * and not at all when it was canceled, its recipient opted out, or its deadline passed. One that waits out its
 * recipient's night (marketing, or a caller's {@code respectQuietHours}) and fires in it, late (a firing retried
 * after a throttle, say) or booked for just before the night began, is held again until the night ends.
 */
public final class DueSends {

    private static final Logger LOG = LoggerFactory.getLogger(DueSends.class);

    private final MessageStore store;
    private final Handover handover;
    private final QuietHours quietHours;
    private final MessageScheduler schedules;
    private final Clock clock;

    /**
     * @param quietHours the recipient's night, checked again as the message fires
     * @param schedules  holds a message that fires in its recipient's night until the night ends
     */
    public DueSends(MessageStore store, Handover handover, QuietHours quietHours, MessageScheduler schedules, Clock clock) {
        this.store = store;
        this.handover = handover;
        this.quietHours = quietHours;
        this.schedules = schedules;
        this.clock = clock;
    }

    /**
     * @param self this function's alias ARN (whatever ARN invoked this firing): a message held for the night fires it
     *             again when the night ends
     * @throws KotaeException when nothing was sent and a later firing may succeed (throttled, End User
     *                        Messaging unreachable, a night hold not created): the message waits SCHEDULED for it
     */
    public void sendDue(ScheduledSend due, String self) {
        var now = clock.instant();
        if (now.isAfter(due.sendAt().plus(MessageRecord.SEND_DEADLINE))) {
            refuseDue(due.messageId(), due.sendAt(), MessageRecord.missed("the schedule fired after the deadline."));
            return;
        }
        // Booked for a time that is night in one of the number's zones, it was the best its zones allow (they share no
        // daytime): holding it again would hold it for ever.
        var night = quietHours.holdOf(due.request(), now, now)
                .filter(until -> quietHours.heldUntil(due.sendAt(), due.request().recipientTimeZones()).isEmpty());
        if (night.isPresent()) {
            holdForTheNight(due, night.get(), self);
            return;
        }
        var firing = due.booked().firing(now);
        var taken = store.claimScheduled(firing);
        if (taken == MessageStore.Firing.NOT_SCHEDULED) {
            LOG.info("Scheduled message {} no longer waits for {} (sent, canceled, refused or held for later):"
                    + " nothing to send", due.messageId(), due.sendAt());
            return;
        }
        if (taken == MessageStore.Firing.RECIPIENT_OPTED_OUT) {
            refuseDue(due.messageId(), due.sendAt(), new MessageRecord.Failure(ErrorCode.RECIPIENT_OPTED_OUT,
                    "The recipient opted out of messages from this sender after the message was scheduled."));
            return;
        }
        if (taken == MessageStore.Firing.CONSENT_REQUIRED) {
            refuseDue(due.messageId(), due.sendAt(), new MessageRecord.Failure(ErrorCode.CONSENT_REQUIRED,
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
     * Holds {@code due} in a schedule of its own that fires {@code self} again at {@code until}
     * ({@link MessageScheduler#nightHold}), then moves its record's time there. The schedule first: a record never
     * names a time no schedule keeps. A message no longer scheduled (canceled meanwhile) keeps its record, and its
     * night schedule finds nothing to send.
     *
     * @throws KotaeException when the schedule was not created: this firing is retried, the message still SCHEDULED
     */
    private void holdForTheNight(ScheduledSend due, Instant until, String self) {
        var held = new ScheduledSend(due.messageId(), due.caller(), due.bookedAt(), due.request().scheduledFor(until));
        schedules.holdFor(self, MessageScheduler.nightHold(due.messageId(), until), until, ScheduledSendPayload.write(held));
        if (store.rescheduleScheduled(due.messageId(), due.sendAt(), until, clock.instant())) {
            LOG.info("Scheduled message {} fired in its recipient's quiet hours: held until {}", due.messageId(), until);
        } else {
            LOG.info("Scheduled message {} no longer waits for {} (sent, canceled, refused or held already): its night"
                    + " hold finds nothing to send, or the same time", due.messageId(), due.sendAt());
        }
    }

    /**
     * A scheduled message that will not be sent, for {@code why} (its request is no longer allowed, say), by a firing
     * for {@code firedFor}: FAILED, unless it has moved on (canceled, sent by another firing, or held again for another
     * time, which this late firing must not undo).
     */
    public void refuseDue(String messageId, Instant firedFor, MessageRecord.Failure why) {
        if (store.failScheduled(messageId, firedFor, why, clock.instant())) {
            LOG.warn("Scheduled message {} not sent: {}", messageId, why.code());
        }
    }

    /** The firing's reads and loading, for SnapStart priming: nothing written or sent. */
    public void prime() {
        handover.prime();
    }
}
