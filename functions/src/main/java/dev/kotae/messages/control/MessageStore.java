package dev.kotae.messages.control;

import dev.kotae.messages.entity.Conversation;
import dev.kotae.messages.entity.DeliveryEvent;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageView;
import dev.kotae.messages.entity.SendReceipt;
import dev.kotae.shared.entity.KotaeException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Messages, idempotency keys, opt-outs and conversations, as the send path needs them. */
public interface MessageStore {

    /**
     * Records {@code accepted} and claims the key, both or neither, unless the key was seen before
     * or the recipient has opted out, or the caller's day is used up ({@code quota}, counted with the
     * message). Automatic answers are recorded with their decision instead. With {@link Listing#SENDERS_OWN}
     * the message is also listed under its caller, in the same write, for {@link #sentBy}.
     */
    Admission admit(MessageRecord accepted, Optional<IdempotencyClaim> claim, Optional<QuotaUse> quota, Listing listing);

    /** Whether a message is listed under its caller as well as kept under its own id. */
    enum Listing {
        /**
         * A person's send, a few a day: listed so the send page can show the person their own ("My sends").
         */
        SENDERS_OWN,
        /**
         * A workload's send: not listed, since one caller may send hundreds a second and one list of them
         * would be a hot partition that nothing reads.
         */
        NONE
    }

    /**
     * The messages listed under {@code principal} ({@link Listing#SENDERS_OWN}), newest first, at most
     * {@code limit}, each with its delivery; a message whose item DynamoDB's TTL has deleted is left out (it deletes
     * late: a listed message past its retention is still shown until then).
     */
    List<MessageView> sentBy(String principal, int limit);

    /** The message went out: store its new state, the key's outcome and the opened conversation. */
    void recordSent(MessageRecord sent, Optional<IdempotencyClaim> claim, SendReceipt receipt,
                    Optional<Conversation> conversation);

    /**
     * The message did not go out, or may not have. With {@code keptOutcome} the key keeps
     * answering with that error (the SMS may have been sent); without it the key is released so
     * that a retry can send.
     */
    void recordFailed(MessageRecord failed, Optional<IdempotencyClaim> claim, Optional<KotaeException> keptOutcome);

    /** A booked message's schedule exists: its key answers with {@code receipt} from now on. */
    void recordScheduled(IdempotencyClaim claim, SendReceipt receipt);

    /**
     * Takes a due scheduled message for its one firing, recording {@code firing} (ACCEPTED): only while
     * the message is still SCHEDULED for the firing's {@code sendAt}, so a schedule delivered twice sends once, a
     * canceled one not at all, and a late firing of one held again for the night not before its new time; and only
     * while its recipient is opted in.
     */
    Firing claimScheduled(MessageRecord firing);

    enum Firing {
        /** This firing sends it. */
        TAKEN,
        /** Canceled, sent, refused or being sent by another firing: nothing to do. */
        NOT_SCHEDULED,
        /** The recipient opted out since it was booked: nothing was written. */
        RECIPIENT_OPTED_OUT,
        /** A marketing message whose recipient's consent is no longer granted: nothing was written. */
        CONSENT_REQUIRED
    }

    /**
     * Takes a batch entry off the queue for its one hand-over, recording {@code accepted} under its
     * derived id: only while it has no record or waits QUEUED (after a throttle), its recipient is opted
     * in, and its batch is not canceled. A queue message delivered twice therefore sends once.
     */
    EntryAdmission admitEntry(MessageRecord accepted, String batchId);

    enum EntryAdmission {
        /** This delivery sends it. */
        TAKEN,
        /** Sent, refused, or being sent by another delivery of the same entry: nothing to do. */
        HANDLED,
        /** Its batch was canceled: nothing was written. */
        BATCH_CANCELED,
        /** The recipient opted out: nothing was written. */
        RECIPIENT_OPTED_OUT,
        /** A marketing message to a number whose consent is not granted: nothing was written. */
        CONSENT_REQUIRED
    }

    /** A batch entry that will not be sent, recorded {@code failed} unless another delivery took it first; false then. */
    boolean failWaitingEntry(MessageRecord failed);

    /**
     * A scheduled message that will not be sent is FAILED with why, if it is still SCHEDULED for {@code firedFor}, the
     * time the refusing firing was for; false otherwise (moved on, or held again for another time).
     */
    boolean failScheduled(String messageId, Instant firedFor, MessageRecord.Failure why, Instant at);

    /** A scheduled message is CANCELED, if it is still SCHEDULED; false otherwise. */
    boolean cancelScheduled(String messageId, Instant at);

    /**
     * A scheduled message held again for its recipient's night goes at {@code heldUntil} instead, if it is still
     * SCHEDULED for {@code firedFor}; false otherwise (canceled, sent or refused by another firing, or held already).
     */
    boolean rescheduleScheduled(String messageId, Instant firedFor, Instant heldUntil, Instant at);

    /** The recipient is opted out from now on: later sends are refused before reaching the provider. */
    void recordOptOut(String phoneNumber, Instant at);

    /**
     * The write path's first call, for SnapStart priming, writing nothing: a transaction whose only item is a
     * check that a message which cannot exist does. It reaches the table even while priming ({@code Priming}
     * transmits a transaction of checks alone) and is refused, so a function whose role may not read gets its
     * connection and a refused transaction's path loaded before the snapshot.
     */
    void prime();

    /** The message and its delivery so far. */
    Optional<MessageView> find(String messageId);

    /**
     * Adds a delivery event to its message's history (once, however often it arrives) and moves the
     * message's delivery status if the event ranks above it.
     */
    DeliveryOutcome recordDelivery(DeliveryEvent event);

    enum DeliveryOutcome {
        /** The status moved. */
        MOVED,
        /** Kept in the history; the status already stood as far or further. */
        KEPT,
        /** No Kotae message has this id: the event belongs to a send Kotae did not make. */
        UNKNOWN_MESSAGE
    }
}
