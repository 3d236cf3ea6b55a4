package dev.kotae.messages.control;

import dev.kotae.messages.entity.Conversation;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.platform.priming.Priming;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The one hand-over every send shares, whatever set it going (an API call, a schedule coming due, a batch
 * entry's turn, an automatic answer): End User Messaging takes a message Kotae recorded first, or refuses
 * it; what it took is recorded (best effort: the SMS is out) and goes to the audit trail; what it refused is
 * recorded FAILED, or UNKNOWN when it may have been sent.
 */
public final class Handover {

    private static final Logger LOG = LoggerFactory.getLogger(Handover.class);

    private final MessageStore store;
    private final SmsGateway gateway;
    private final Clock clock;

    public Handover(MessageStore store, SmsGateway gateway, Clock clock) {
        this.store = store;
        this.gateway = gateway;
        this.clock = clock;
    }

    /**
     * End User Messaging takes the message: the record as handed over, not yet written. An expected reply's
     * conversation opens now, however long ago the message was booked.
     *
     * @throws SmsRefusedException when End User Messaging did not take it, nothing recorded yet
     */
    public MessageRecord hand(MessageRecord accepted, OutboundSms sms) {
        var providerMessageId = gateway.send(sms);
        var sentAt = clock.instant();
        var request = sms.request();
        var conversation = request.expectReply().filter(reply -> !request.dryRun()).map(reply -> new Conversation(
                UUID.randomUUID().toString(), request.to(), accepted.messageId(), reply.keywords(), reply.reference(),
                sentAt, sentAt.plus(reply.timeToLive())));
        return accepted.handedOver(providerMessageId, sentAt, conversation);
    }

    /** A refusal End User Messaging may take back later (throttled, unreachable): nothing was sent. */
    public static boolean isForNow(SmsRefusedException refused) {
        return !refused.outcomeUnknown() && refused.retryAfter().isPresent();
    }

    /**
     * Writes what End User Messaging took, with the idempotency key it completes, and audits it. A write that
     * fails is logged, not thrown: the SMS is out, and a caller told it failed would send it again (a second
     * delivery or firing finds the message taken and sends nothing).
     */
    public void recordSent(MessageRecord sent, Optional<IdempotencyClaim> claim, String audited) {
        try {
            store.recordSent(sent, claim, SendReceipt.of(sent), sent.conversation());
        } catch (RuntimeException e) {
            LOG.error("Message {} was sent but its record could not be updated", sent.messageId(), e);
        }
        audit(sent, audited);
    }

    /**
     * Writes a refusal: UNKNOWN when the message may have been sent (never tried again), else FAILED; a
     * recipient End User Messaging reports opted out is opted out here too, unless the message was a compliance
     * answer (to START, say), which must not opt the person out again.
     *
     * @return what the caller is told
     */
    public KotaeException recordRefusal(MessageRecord accepted, Optional<IdempotencyClaim> claim,
                                        SmsRefusedException refused, boolean compliance) {
        var now = clock.instant();
        if (refused.outcomeUnknown()) {
            var error = new KotaeException(refused.code(), refused.getMessage() + " Message " + accepted.messageId()
                    + " is recorded; check GET /messages/" + accepted.messageId() + " before sending it again.");
            var failure = new MessageRecord.Failure(refused.code(), error.getMessage());
            recordFailed(accepted.refused(MessageStatus.UNKNOWN, failure, now), claim, Optional.of(error));
            LOG.error("Message {} may or may not have been sent: {}", accepted.messageId(), refused.code(), refused);
            return error;
        }
        var failure = new MessageRecord.Failure(refused.code(), refused.getMessage());
        recordFailed(accepted.refused(MessageStatus.FAILED, failure, now), claim, Optional.empty());
        if (refused.recipientOptedOut() && !compliance) {
            store.recordOptOut(accepted.to(), now);
        }
        LOG.warn("Message {} refused by End User Messaging: {}", accepted.messageId(), refused.code());
        return refused;
    }

    /** Writes a message that will not go out; the caller learns why even when the write fails. */
    public void recordFailed(MessageRecord failed, Optional<IdempotencyClaim> claim, Optional<KotaeException> keptOutcome) {
        try {
            store.recordFailed(failed, claim, keptOutcome);
        } catch (RuntimeException e) {
            LOG.error("Message {} failed and its record could not be updated", failed.messageId(), e);
        }
    }

    /**
     * The audit trail's line for a send. Priming's send never happened: its line says so (and is not an
     * audit line), yet it loads what the first real line needs, as a silent one would not.
     */
    public void audit(MessageRecord sent, String audited) {
        LOG.info("{}: message {} to {} by {}: {}, {} segment(s), {}", Priming.active() ? "Priming, nothing sent" : "Audit send",
                sent.messageId(), PhoneNumbers.mask(sent.to()), audited, sent.status(), sent.segments(), sent.encoding());
    }

    /**
     * Loads the hand-over for SnapStart priming, writing and sending nothing: End User Messaging describing the
     * sending identity, then the store's write path (a check that fails). The identity first: the check reaches the
     * table, and were it refused otherwise (throttled, say), a missing identity would still be reported.
     */
    public void prime() {
        checkOriginationIdentity();
        store.prime();
    }

    /** Reports, at deploy time, an origination identity End User Messaging does not know (a read). */
    public void checkOriginationIdentity() {
        if (!gateway.originationIdentityExists()) {
            LOG.error("End User Messaging does not know the origination identity this function sends from;"
                    + " every send will be refused until the setting names an existing phone number or pool");
        }
    }
}
