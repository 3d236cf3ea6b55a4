package dev.kotae.messages.control;

import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Kotae's automatic answers to inbound messages: recorded in the same transaction as the decision that makes
 * them (so no idempotency key is needed), then sent; nothing more is written when End User Messaging takes one,
 * its delivery events complete the record.
 */
public final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private final Handover handover;
    private final PhoneNumbers destinations;
    private final Clock clock;

    /** @param destinations where answers may go: the countries API sends are held to */
    public Replies(Handover handover, PhoneNumbers destinations, Clock clock) {
        this.handover = handover;
        this.destinations = destinations;
        this.clock = clock;
    }

    /**
     * An answer ready to be recorded with its decision. Its id derives from the inbound message's: a decision
     * taken again after a conflicting write records one answer.
     *
     * @param from       the number that received the inbound message
     * @param compliance an opt-out, opt-in or help answer, which reaches opted-out numbers too
     * @param at         when the decision was taken
     */
    public PreparedReply prepare(String to, String from, String text, String inboundMessageId, boolean compliance,
                                 Instant at) {
        var request = SendRequest.of(to, text);
        var messageId = UUID.nameUUIDFromBytes(("kotae-reply:" + inboundMessageId).getBytes(StandardCharsets.UTF_8))
                .toString();
        return new PreparedReply(MessageRecord.accepted(messageId, request, MessageRecord.INBOUND_CALLER, at),
                new OutboundSms(messageId, request, Optional.of(from)), compliance);
    }

    /**
     * Sends an answer already recorded; a refusal is recorded as for any send.
     *
     * @return the answer as sent, for a caller that must record it after all
     * @throws KotaeException with a retry-after when nothing was sent and a later attempt may succeed
     */
    public MessageRecord send(PreparedReply reply) {
        var notAllowed = destinations.refusalOfDestination(reply.sms().request().to(), "to");
        if (notAllowed.isPresent()) {
            // A person abroad may still STOP; the answer obeys the destination rules, and nothing is sent.
            var failure = new MessageRecord.Failure(notAllowed.get().code(), notAllowed.get().getMessage());
            handover.recordFailed(reply.record().refused(MessageStatus.FAILED, failure, clock.instant()), Optional.empty(),
                    Optional.empty());
            LOG.warn("Answer {} not sent: {}", reply.record().messageId(), notAllowed.get().code());
            throw notAllowed.get();
        }
        MessageRecord sent;
        try {
            sent = handover.hand(reply.record(), reply.sms());
        } catch (SmsRefusedException refused) {
            throw handover.recordRefusal(reply.record(), Optional.empty(), refused, reply.compliance());
        }
        handover.audit(sent, MessageRecord.INBOUND_CALLER);
        return sent;
    }

    /** A number this deployment may answer: priming's sample HELP comes from it. */
    public String sampleNumber() {
        return destinations.sample();
    }

    /** Reports, at deploy time, an origination identity End User Messaging does not know (a read). */
    public void checkOriginationIdentity() {
        handover.checkOriginationIdentity();
    }
}
