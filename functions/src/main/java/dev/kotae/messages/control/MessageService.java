package dev.kotae.messages.control;

import dev.kotae.messages.entity.CallerQuota;
import dev.kotae.messages.entity.Conversation;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.shared.entity.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends one SMS so that a retried request never sends twice and an opted-out number is never
 * texted: the message is recorded (and its idempotency key claimed) before End User Messaging is
 * called, in the same write that checks the recipient's opt-out.
 */
public final class MessageService {

    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /** The caller recorded on automatic answers to inbound messages. */
    public static final String INBOUND_CALLER = MessageRecord.INBOUND_CALLER;

    private static final Logger LOG = LoggerFactory.getLogger(MessageService.class);

    private final MessageStore store;
    private final SmsGateway gateway;
    private final Clock clock;
    private final PhoneNumbers destinations;
    private final Optional<CallerQuota> quota;

    /**
     * @param destinations where answers may go: the countries API sends are held to by the parser
     * @param quota        how many messages each caller may send per UTC day, if the deployment limits it
     */
    public MessageService(MessageStore store, SmsGateway gateway, PhoneNumbers destinations,
                          Optional<CallerQuota> quota, Clock clock) {
        this.store = store;
        this.gateway = gateway;
        this.destinations = destinations;
        this.quota = quota;
        this.clock = clock;
    }

    /**
     * Sends what an API caller asked for: refused when the recipient opted out.
     *
     * @param caller         who asks (an IAM ARN), recorded for audit and scoping idempotency keys
     * @param idempotencyKey the caller's key for this send, if any
     * @throws KotaeException with the code the caller should see
     */
    public SendReceipt send(SendRequest request, String caller, Optional<String> idempotencyKey) {
        return deliver(request, caller, idempotencyKey);
    }

    /**
     * An answer to an inbound message, ready to be recorded in the same transaction as the decision
     * that makes it (so no separate idempotency key is needed) and sent after. Its id derives from
     * the inbound message's: a decision taken again after a conflicting write records one answer.
     *
     * @param from       the number that received the inbound message
     * @param compliance an opt-out, opt-in or help answer, which reaches opted-out numbers too
     * @param at         when the decision was taken
     */
    public PreparedReply prepareReply(String to, String from, String text, String inboundMessageId, boolean compliance,
                                      Instant at) {
        var request = SendRequest.of(to, text);
        var messageId = UUID.nameUUIDFromBytes(("kotae-reply:" + inboundMessageId).getBytes(StandardCharsets.UTF_8))
                .toString();
        return new PreparedReply(MessageRecord.accepted(messageId, request, INBOUND_CALLER, at),
                new OutboundSms(messageId, request, Optional.of(from)), compliance);
    }

    /**
     * Sends an answer already recorded. Nothing more is written when End User Messaging takes it:
     * its delivery events complete the record. A refusal is recorded as for any send.
     *
     * @return the answer as sent, for a caller that must record it after all
     * @throws KotaeException with a retry-after when nothing was sent and a later attempt may succeed
     */
    public MessageRecord sendReply(PreparedReply reply) {
        var notAllowed = destinations.refusalOfDestination(reply.sms().request().to(), "to");
        if (notAllowed.isPresent()) {
            // A person abroad may still STOP; the answer obeys the destination rules, and nothing is sent.
            var failure = new MessageRecord.Failure(notAllowed.get().code(), notAllowed.get().getMessage());
            recordFailed(reply.record().refused(MessageStatus.FAILED, failure, clock.instant()), Optional.empty(),
                    Optional.empty());
            LOG.warn("Answer {} not sent: {}", reply.record().messageId(), notAllowed.get().code());
            throw notAllowed.get();
        }
        String providerMessageId;
        try {
            providerMessageId = gateway.send(reply.sms());
        } catch (SmsRefusedException refused) {
            throw recordRefusal(reply.record(), Optional.empty(), refused, reply.compliance());
        }
        var sent = reply.record().handedOver(providerMessageId, clock.instant(), Optional.empty());
        audit(sent, INBOUND_CALLER);
        return sent;
    }

    /**
     * Loads the send path for SnapStart priming, writing and sending nothing: the store's write path
     * (a check that fails) and End User Messaging describing the sending identity.
     */
    public void prime() {
        store.prime();
        if (!gateway.originationIdentityExists()) {
            LOG.error("End User Messaging does not know the origination identity this function sends from;"
                    + " every send will be refused until the setting names an existing phone number or pool");
        }
    }

    private SendReceipt deliver(SendRequest request, String caller, Optional<String> idempotencyKey) {
        var now = clock.instant();
        var messageId = UUID.randomUUID().toString();
        var claim = idempotencyKey.map(key -> IdempotencyClaim.of(caller, key, request.fingerprint(),
                now.plus(IDEMPOTENCY_WINDOW)));
        var accepted = MessageRecord.accepted(messageId, request, caller, now);
        var principal = CallerQuota.principalOf(caller);
        var use = quota.map(limits -> new QuotaUse(principal, CallerQuota.dayOf(now), limits.limitFor(principal)));
        var admission = store.admit(accepted, claim, use);
        if (admission instanceof Admission.Replay replay) {
            return replay.receipt();
        }
        if (admission instanceof Admission.CallerQuotaExceeded) {
            throw KotaeException.retryLater(ErrorCode.CALLER_QUOTA_EXCEEDED, "This caller has sent its "
                    + use.orElseThrow().limit() + " messages for the UTC day; it may send again when the day ends.",
                    CallerQuota.untilTheDayEnds(now), null);
        }
        if (!(admission instanceof Admission.Admitted)) {
            throw refusal(admission);
        }

        String providerMessageId;
        try {
            providerMessageId = gateway.send(new OutboundSms(messageId, request, Optional.empty()));
        } catch (SmsRefusedException refused) {
            throw recordRefusal(accepted, claim, refused, false);
        }

        var sentAt = clock.instant();
        var conversation = request.expectReply().filter(reply -> !request.dryRun()).map(reply -> new Conversation(
                UUID.randomUUID().toString(), request.to(), messageId, reply.keywords(), reply.reference(), sentAt,
                sentAt.plus(reply.timeToLive())));
        var sent = accepted.handedOver(providerMessageId, sentAt, conversation);
        var receipt = new SendReceipt(messageId, request.to(), sent.status(), sent.encoding(), sent.segments(),
                conversation);
        try {
            store.recordSent(sent, claim, receipt, conversation);
        } catch (RuntimeException e) {
            // The SMS is out: reporting a failure now would invite the caller to send it again.
            LOG.error("Message {} was sent but its record could not be updated", messageId, e);
        }
        audit(sent, caller);
        return receipt;
    }

    private static void audit(MessageRecord sent, String caller) {
        LOG.info("Audit send: message {} to {} by {}: {}, {} segment(s), {}", sent.messageId(),
                PhoneNumbers.mask(sent.to()), caller, sent.status(), sent.segments(), sent.encoding());
    }

    private static KotaeException refusal(Admission admission) {
        if (admission instanceof Admission.ReplayError replay) {
            return replay.error();
        }
        if (admission instanceof Admission.RecipientOptedOut) {
            return new KotaeException(ErrorCode.RECIPIENT_OPTED_OUT,
                    "The recipient has opted out of messages from this sender.", "to");
        }
        if (admission instanceof Admission.KeyReused) {
            return new KotaeException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was already used with a different payload.", "Idempotency-Key");
        }
        if (admission instanceof Admission.KeyInUse inUse) {
            var first = inUse.messageId().map(id -> " (message " + id + ")").orElse("");
            return new KotaeException(ErrorCode.IDEMPOTENCY_KEY_IN_USE, "The first request with this Idempotency-Key"
                    + first + " has not finished; retry shortly.", "Idempotency-Key", Duration.ofSeconds(1), null);
        }
        throw new IllegalStateException("unhandled admission " + admission);
    }

    private KotaeException recordRefusal(MessageRecord accepted, Optional<IdempotencyClaim> claim,
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
        // A compliance answer (to START, say) refused by the provider's list must not opt the person out again.
        if (refused.recipientOptedOut() && !compliance) {
            store.recordOptOut(accepted.to(), now);
        }
        LOG.warn("Message {} refused by End User Messaging: {}", accepted.messageId(), refused.code());
        return refused;
    }

    /** The caller must learn why the send failed even when the failure cannot be recorded. */
    private void recordFailed(MessageRecord failed, Optional<IdempotencyClaim> claim, Optional<KotaeException> keptOutcome) {
        try {
            store.recordFailed(failed, claim, keptOutcome);
        } catch (RuntimeException e) {
            LOG.error("Message {} failed and its record could not be updated", failed.messageId(), e);
        }
    }
}
