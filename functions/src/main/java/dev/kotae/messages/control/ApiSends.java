package dev.kotae.messages.control;

import dev.kotae.messages.entity.Caller;
import dev.kotae.messages.entity.CallerQuota;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.Principals;
import dev.kotae.messages.entity.QuietHours;
import dev.kotae.messages.entity.ScheduledSend;
import dev.kotae.messages.entity.SendReceipt.HoldReason;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What an API caller asks to send, now or at its {@code sendAt}, so that a retried request never sends twice
 * and an opted-out number is never texted: the message is recorded (its idempotency key claimed, its caller's
 * quota counted) before End User Messaging is called or a schedule exists, in the write that checks the
 * recipient's opt-out.
 */
public final class ApiSends {

    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(ApiSends.class);

    private final MessageStore store;
    private final Handover handover;
    private final Optional<CallerQuota> quota;
    private final MessageScheduler scheduler;
    private final PromotionalContent promotional;
    private final QuietHours quietHours;
    private final Clock clock;

    /**
     * @param quota      how many messages each caller may send per UTC day, if the deployment limits it
     * @param scheduler   holds messages sent with a {@code sendAt}, or held for quiet hours, until then
     * @param promotional what a marketing body must say
     * @param quietHours  the recipient's night, when marketing waits (and any message whose caller asks)
     */
    public ApiSends(MessageStore store, Handover handover, Optional<CallerQuota> quota, MessageScheduler scheduler,
                    PromotionalContent promotional, QuietHours quietHours, Clock clock) {
        this.store = store;
        this.handover = handover;
        this.quota = quota;
        this.scheduler = scheduler;
        this.promotional = promotional;
        this.quietHours = quietHours;
        this.clock = clock;
    }

    /**
     * Sends what the caller asked for, now or, with a {@code sendAt}, then: refused when the recipient opted out.
     *
     * @param caller         who asks: its principal recorded, scoping idempotency keys and counted against its
     *                       quota; the audit trail names it (a person by their e-mail address too)
     * @param idempotencyKey the caller's key for this send, if any
     * @throws KotaeException with the code the caller should see
     */
    public SendReceipt send(SendRequest asSent, Caller caller, Optional<String> idempotencyKey) {
        var request = promotional.checked(asSent);
        var held = quietHours.holdOf(request, request.sendAt().orElseGet(clock::instant), clock.instant());
        if (held.isPresent()) {
            return book(request.dueAt(held.get()), asSent, caller, idempotencyKey, Optional.of(HoldReason.QUIET_HOURS));
        }
        return request.sendAt().isPresent() ? book(request, asSent, caller, idempotencyKey, Optional.empty())
                : deliver(request, asSent, caller, idempotencyKey);
    }

    /** Reports, at deploy time, an origination identity End User Messaging does not know (a read). */
    public void checkOriginationIdentity() {
        handover.checkOriginationIdentity();
    }

    private SendReceipt deliver(SendRequest request, SendRequest asSent, Caller caller, Optional<String> idempotencyKey) {
        var now = clock.instant();
        var accepted = MessageRecord.accepted(UUID.randomUUID().toString(), request, caller.principal(), now);
        var claim = claimFor(asSent, caller.principal(), idempotencyKey, now);
        var replay = admit(accepted, caller, claim, now);
        if (replay.isPresent()) {
            return replay.get();
        }
        MessageRecord sent;
        try {
            sent = handover.hand(accepted, new OutboundSms(accepted.messageId(), request, Optional.empty()));
        } catch (SmsRefusedException refused) {
            throw handover.recordRefusal(accepted, claim, refused, false);
        }
        handover.recordSent(sent, claim, caller.audited());
        return SendReceipt.of(sent);
    }

    /**
     * Books a message for its {@code sendAt}: recorded SCHEDULED (and counted against the caller's quota for
     * the day it goes out) before its schedule exists, so that a schedule never fires for a message Kotae does
     * not know. A booking whose schedule could not be created is FAILED. {@code request} is what is booked,
     * {@code asSent} what the caller sent (the same, unless Kotae {@code held} it for quiet hours).
     */
    private SendReceipt book(SendRequest request, SendRequest asSent, Caller caller, Optional<String> idempotencyKey,
                             Optional<HoldReason> held) {
        var now = clock.instant();
        var booked = MessageRecord.accepted(UUID.randomUUID().toString(), request, caller.principal(), now);
        // The key answers the request as the caller sent it: a retry is the same request whenever it comes.
        var claim = claimFor(asSent, caller.principal(), idempotencyKey, now);
        var replay = admit(booked, caller, claim, request.sendAt().orElseThrow());
        if (replay.isPresent()) {
            return replay.get();
        }
        try {
            scheduler.schedule(new ScheduledSend(booked.messageId(), caller.principal(), now, request));
        } catch (KotaeException notScheduled) {
            var failure = new MessageRecord.Failure(notScheduled.code(), notScheduled.getMessage());
            handover.recordFailed(booked.refused(MessageStatus.FAILED, failure, clock.instant()), claim, Optional.empty());
            LOG.warn("Message {} not scheduled: {}", booked.messageId(), notScheduled.code());
            throw notScheduled;
        }
        var receipt = held.map(SendReceipt.of(booked)::heldFor).orElseGet(() -> SendReceipt.of(booked));
        claim.ifPresent(key -> {
            try {
                store.recordScheduled(key, receipt);
            } catch (RuntimeException e) {
                // The schedule exists: failing the request now would invite a second booking.
                LOG.error("Message {} was scheduled but its idempotency key could not be completed", booked.messageId(), e);
            }
        });
        handover.audit(booked, caller.audited());
        return receipt;
    }

    private static Optional<IdempotencyClaim> claimFor(SendRequest request, String caller,
                                                       Optional<String> idempotencyKey, Instant now) {
        return idempotencyKey.map(key -> IdempotencyClaim.of(caller, key, request.fingerprint(),
                now.plus(IDEMPOTENCY_WINDOW)));
    }

    /**
     * Records the message and claims its key, counting it against its caller's quota for the UTC day
     * of {@code sendingAt}, and lists a person's message under them.
     *
     * @return the first attempt's receipt when the key was used before for the same payload; empty when admitted
     * @throws KotaeException when the message may not go out
     */
    private Optional<SendReceipt> admit(MessageRecord accepted, Caller caller, Optional<IdempotencyClaim> claim,
                                        Instant sendingAt) {
        var principal = Principals.of(accepted.caller());
        var day = CallerQuota.dayOf(sendingAt);
        var use = quota.map(limits -> new QuotaUse(principal, day, limits.limitFor(principal)));
        var admission = store.admit(accepted, claim, use,
                caller.isPerson() ? MessageStore.Listing.SENDERS_OWN : MessageStore.Listing.NONE);
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

    private static KotaeException refusal(Admission admission) {
        if (admission instanceof Admission.ReplayError replay) {
            return replay.error();
        }
        if (admission instanceof Admission.ConsentRequired) {
            return new KotaeException(ErrorCode.CONSENT_REQUIRED, "The recipient has not consented to marketing"
                    + " messages: record their consent first (PUT /recipients/{phoneNumber}/consent), or send it as"
                    + " TRANSACTIONAL if it is not marketing.", "type");
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
}
