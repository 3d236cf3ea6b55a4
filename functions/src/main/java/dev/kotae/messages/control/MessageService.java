package dev.kotae.messages.control;

import dev.kotae.messages.entity.CallerQuota;
import dev.kotae.messages.entity.Conversation;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.Principals;
import dev.kotae.messages.entity.ScheduledSend;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import dev.kotae.platform.Priming;
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
    /** Writes putting a throttled batch entry back QUEUED, before giving up on it. */
    private static final int REQUEUE_ATTEMPTS = 4;
    /** The caller recorded on automatic answers to inbound messages. */
    public static final String INBOUND_CALLER = MessageRecord.INBOUND_CALLER;

    private static final Logger LOG = LoggerFactory.getLogger(MessageService.class);

    private final MessageStore store;
    private final SmsGateway gateway;
    private final Clock clock;
    private final PhoneNumbers destinations;
    private final Optional<CallerQuota> quota;
    private final MessageScheduler scheduler;

    /**
     * @param destinations where answers may go: the countries API sends are held to by the parser
     * @param quota        how many messages each caller may send per UTC day, if the deployment limits it
     * @param scheduler    holds messages sent with a {@code sendAt} until then
     */
    public MessageService(MessageStore store, SmsGateway gateway, PhoneNumbers destinations,
                          Optional<CallerQuota> quota, MessageScheduler scheduler, Clock clock) {
        this.store = store;
        this.gateway = gateway;
        this.destinations = destinations;
        this.quota = quota;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Sends what an API caller asked for, now or, with a {@code sendAt}, then: refused when the
     * recipient opted out.
     *
     * @param caller         who asks (an IAM ARN), recorded for audit and scoping idempotency keys
     * @param idempotencyKey the caller's key for this send, if any
     * @throws KotaeException with the code the caller should see
     */
    public SendReceipt send(SendRequest request, String caller, Optional<String> idempotencyKey) {
        return request.sendAt().isPresent() ? book(request, caller, idempotencyKey)
                : deliver(request, caller, idempotencyKey);
    }

    /**
     * Sends a scheduled message that is due, as if its request came now: once however often its
     * schedule fires, and not at all when it was canceled, its recipient opted out, or its deadline
     * passed.
     *
     * @throws KotaeException when nothing was sent and a later firing may succeed (throttled, End
     *                        User Messaging unreachable): the message waits SCHEDULED for it
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
        String providerMessageId;
        try {
            providerMessageId = gateway.send(new OutboundSms(due.messageId(), due.request(), Optional.empty()));
        } catch (SmsRefusedException refused) {
            if (!refused.outcomeUnknown() && refused.retryAfter().isPresent()) {
                var why = new MessageRecord.Failure(refused.code(), refused.getMessage());
                recordFailed(firing.awaitingRetry(why, clock.instant()), Optional.empty(), Optional.empty());
                LOG.warn("Scheduled message {} not sent yet ({}); its schedule retries", due.messageId(), refused.code());
                throw refused;
            }
            recordRefusal(firing, Optional.empty(), refused, false);
            return;
        }
        var sent = handedOver(firing, due.request(), providerMessageId);
        try {
            store.recordSent(sent, Optional.empty(), SendReceipt.of(sent), sent.conversation());
        } catch (RuntimeException e) {
            // The SMS is out and the record says ACCEPTED: a second firing finds it taken and sends nothing.
            LOG.error("Scheduled message {} was sent but its record could not be updated", due.messageId(), e);
        }
        audit(sent, due.caller());
    }

    /**
     * Sends one batch entry taken off the batch queue, under the message id its batch and index derive:
     * once however often it is delivered, never to an opted-out number, and not at all once its batch
     * is canceled. The batch counted it against its caller's quota when it was accepted.
     *
     * @throws SmsRefusedException when nothing was sent and a later turn may succeed (throttled, End
     *                             User Messaging unreachable): the entry waits QUEUED for it
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
            case RECIPIENT_OPTED_OUT -> {
                refuseEntry(accepted, new MessageRecord.Failure(ErrorCode.RECIPIENT_OPTED_OUT,
                        "The recipient has opted out of messages from this sender."));
                return EntrySent.NOT_SENT;
            }
            case TAKEN -> {
                // sent below
            }
        }
        String providerMessageId;
        try {
            providerMessageId = gateway.send(new OutboundSms(messageId, request, Optional.empty()));
        } catch (SmsRefusedException refused) {
            if (!refused.outcomeUnknown() && refused.retryAfter().isPresent()) {
                recordRequeued(accepted.requeued(new MessageRecord.Failure(refused.code(), refused.getMessage()),
                        clock.instant()));
                throw refused;
            }
            recordRefusal(accepted, Optional.empty(), refused, false);
            return EntrySent.NOT_SENT;
        }
        var sent = handedOver(accepted, request, providerMessageId);
        try {
            store.recordSent(sent, Optional.empty(), SendReceipt.of(sent), sent.conversation());
        } catch (RuntimeException e) {
            // The SMS is out and the record says ACCEPTED: a second delivery finds it taken and sends nothing.
            LOG.error("Batch entry {} was sent but its record could not be updated", messageId, e);
        }
        audit(sent, caller);
        return EntrySent.SENT;
    }

    /** What became of a batch entry's turn. */
    public enum EntrySent {
        SENT,
        /** Refused (by Kotae's rules or End User Messaging), or its outcome unknown: recorded, never tried again. */
        NOT_SENT,
        /** An earlier delivery of the same entry sent or refused it. */
        HANDLED_BEFORE,
        BATCH_CANCELED
    }

    /** A batch entry that will not be sent, for {@code why}: FAILED, unless another delivery of it took it first. */
    public void refuseEntry(MessageRecord waiting, MessageRecord.Failure why) {
        if (store.failWaitingEntry(waiting.refused(MessageStatus.FAILED, why, clock.instant()))) {
            LOG.warn("Batch entry {} not sent: {}", waiting.messageId(), why.code());
        }
    }

    /**
     * A scheduled message that will not be sent, for {@code why} (its request is no longer allowed,
     * say): FAILED, unless it has moved on (canceled, or sent by another firing).
     */
    public void refuseDue(String messageId, MessageRecord.Failure why) {
        if (store.failScheduled(messageId, why, clock.instant())) {
            LOG.warn("Scheduled message {} not sent: {}", messageId, why.code());
        }
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
        checkOriginationIdentity();
    }

    /** Reports, at deploy time, an origination identity End User Messaging does not know (a read). */
    public void checkOriginationIdentity() {
        if (!gateway.originationIdentityExists()) {
            LOG.error("End User Messaging does not know the origination identity this function sends from;"
                    + " every send will be refused until the setting names an existing phone number or pool");
        }
    }

    /** A number this deployment may send to: priming's sample requests use it. */
    public String sampleDestination() {
        return destinations.sample();
    }

    private SendReceipt deliver(SendRequest request, String caller, Optional<String> idempotencyKey) {
        var now = clock.instant();
        var accepted = MessageRecord.accepted(UUID.randomUUID().toString(), request, caller, now);
        var claim = claimFor(request, caller, idempotencyKey, now);
        var replay = admit(accepted, claim, now);
        if (replay.isPresent()) {
            return replay.get();
        }
        var messageId = accepted.messageId();
        String providerMessageId;
        try {
            providerMessageId = gateway.send(new OutboundSms(messageId, request, Optional.empty()));
        } catch (SmsRefusedException refused) {
            throw recordRefusal(accepted, claim, refused, false);
        }

        var sent = handedOver(accepted, request, providerMessageId);
        var conversation = sent.conversation();
        var receipt = SendReceipt.of(sent);
        try {
            store.recordSent(sent, claim, receipt, conversation);
        } catch (RuntimeException e) {
            // The SMS is out: reporting a failure now would invite the caller to send it again.
            LOG.error("Message {} was sent but its record could not be updated", messageId, e);
        }
        audit(sent, caller);
        return receipt;
    }

    /**
     * Books a message for its {@code sendAt}: recorded SCHEDULED (and counted against the caller's
     * quota for the day it goes out) before its schedule exists, so that a schedule never fires for a
     * message Kotae does not know. A booking whose schedule could not be created is FAILED.
     */
    private SendReceipt book(SendRequest request, String caller, Optional<String> idempotencyKey) {
        var now = clock.instant();
        var booked = MessageRecord.accepted(UUID.randomUUID().toString(), request, caller, now);
        var claim = claimFor(request, caller, idempotencyKey, now);
        var replay = admit(booked, claim, request.sendAt().orElseThrow());
        if (replay.isPresent()) {
            return replay.get();
        }
        try {
            scheduler.schedule(new ScheduledSend(booked.messageId(), caller, now, request));
        } catch (KotaeException notScheduled) {
            var failure = new MessageRecord.Failure(notScheduled.code(), notScheduled.getMessage());
            recordFailed(booked.refused(MessageStatus.FAILED, failure, clock.instant()), claim, Optional.empty());
            LOG.warn("Message {} not scheduled: {}", booked.messageId(), notScheduled.code());
            throw notScheduled;
        }
        var receipt = SendReceipt.of(booked);
        claim.ifPresent(key -> {
            try {
                store.recordScheduled(key, receipt);
            } catch (RuntimeException e) {
                // The schedule exists: failing the request now would invite a second booking.
                LOG.error("Message {} was scheduled but its idempotency key could not be completed", booked.messageId(), e);
            }
        });
        audit(booked, caller);
        return receipt;
    }

    private static Optional<IdempotencyClaim> claimFor(SendRequest request, String caller,
                                                       Optional<String> idempotencyKey, Instant now) {
        return idempotencyKey.map(key -> IdempotencyClaim.of(caller, key, request.fingerprint(),
                now.plus(IDEMPOTENCY_WINDOW)));
    }

    /**
     * Records the message and claims its key, counting it against its caller's quota for the UTC day
     * of {@code sendingAt}.
     *
     * @return the first attempt's receipt when the key was used before for the same payload; empty when admitted
     * @throws KotaeException when the message may not go out
     */
    private Optional<SendReceipt> admit(MessageRecord accepted, Optional<IdempotencyClaim> claim, Instant sendingAt) {
        var principal = Principals.of(accepted.caller());
        var day = CallerQuota.dayOf(sendingAt);
        var use = quota.map(limits -> new QuotaUse(principal, day, limits.limitFor(principal)));
        var admission = store.admit(accepted, claim, use);
        if (admission instanceof Admission.Replay replay) {
            return Optional.of(replay.receipt());
        }
        if (admission instanceof Admission.CallerQuotaExceeded) {
            var limit = use.orElseThrow().limit();
            if (day.equals(CallerQuota.dayOf(accepted.createdAt()))) {
                throw KotaeException.retryLater(ErrorCode.CALLER_QUOTA_EXCEEDED, "This caller has sent its " + limit
                        + " messages for the UTC day; it may send again when the day ends.",
                        CallerQuota.untilTheDayEnds(accepted.createdAt()), null);
            }
            throw new KotaeException(ErrorCode.CALLER_QUOTA_EXCEEDED, "This caller already has " + limit
                    + " messages going out on " + day + " (UTC), its daily limit.", "sendAt");
        }
        if (!(admission instanceof Admission.Admitted)) {
            throw refusal(admission);
        }
        return Optional.empty();
    }

    /** Handed over now: an expected reply's conversation opens now, however long ago the message was booked. */
    private MessageRecord handedOver(MessageRecord accepted, SendRequest request, String providerMessageId) {
        var sentAt = clock.instant();
        var conversation = request.expectReply().filter(reply -> !request.dryRun()).map(reply -> new Conversation(
                UUID.randomUUID().toString(), request.to(), accepted.messageId(), reply.keywords(), reply.reference(),
                sentAt, sentAt.plus(reply.timeToLive())));
        return accepted.handedOver(providerMessageId, sentAt, conversation);
    }

    /**
     * The audit trail's line for a send. Priming's send never happened: its line says so (and is not an
     * audit line), yet it loads what the first real line needs, as a silent one would not.
     */
    private static void audit(MessageRecord sent, String caller) {
        LOG.info("{}: message {} to {} by {}: {}, {} segment(s), {}", Priming.active() ? "Priming, nothing sent" : "Audit send",
                sent.messageId(), PhoneNumbers.mask(sent.to()), caller, sent.status(), sent.segments(), sent.encoding());
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

    /**
     * A batch entry that was not sent waits QUEUED again, so that its next delivery may take it: tried a
     * few times, since an entry left ACCEPTED is never taken again (it could have been sent).
     */
    private void recordRequeued(MessageRecord queued) {
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

    /** The caller must learn why the send failed even when the failure cannot be recorded. */
    private void recordFailed(MessageRecord failed, Optional<IdempotencyClaim> claim, Optional<KotaeException> keptOutcome) {
        try {
            store.recordFailed(failed, claim, keptOutcome);
        } catch (RuntimeException e) {
            LOG.error("Message {} failed and its record could not be updated", failed.messageId(), e);
        }
    }
}
