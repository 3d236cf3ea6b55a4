package dev.kotae.consent.control;

import dev.kotae.consent.entity.ConsentEntry;
import dev.kotae.consent.entity.ConsentState;
import dev.kotae.consent.entity.RecipientConsent;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;

import java.time.Clock;
import java.time.Duration;

/**
 * What a caller's system records of a number's consent to marketing, and what it reads back; and the double opt-in a
 * caller may ask for instead: Kotae texts the confirmation request a JOIN gets, and the person's YES grants it.
 */
public final class ConsentService {

    private final ConsentLedger ledger;
    private final ConfirmationRequests requests;
    private final Clock clock;

    public ConsentService(ConsentLedger ledger, ConfirmationRequests requests, Clock clock) {
        this.ledger = ledger;
        this.requests = requests;
        this.clock = clock;
    }

    /**
     * Sends a number the confirmation request a JOIN gets (naming the brand and how to stop, in Japanese for a
     * Japanese number) and records its consent {@code PENDING}, with the caller's proof and the request's text: the
     * person's YES within the window grants it, as after a JOIN. A number that consents already, or was asked within
     * the window, is not texted again (a retried request sends one SMS); an opted-out number is refused.
     *
     * @throws KotaeException {@code RECIPIENT_OPTED_OUT}, or the send's own refusal (its quota, its countries)
     */
    public RecipientConsent requestConfirmation(String phoneNumber, String source, String proof, String caller) {
        var current = ledger.find(phoneNumber);
        if (current.optedOut()) {
            throw optedOut();
        }
        var now = clock.instant();
        var askedWithinTheWindow = current.consent() == ConsentState.PENDING && current.consentChangedAt()
                .filter(asked -> asked.plus(requests.window()).isAfter(now)).isPresent();
        if (current.consent() == ConsentState.GRANTED || askedWithinTheWindow) {
            return current;
        }
        // Named for the state it was sent from: a retry after the send, before the record, finds the same state and
        // replays the first send's answer instead of texting the person twice. A line end, which no caller's
        // Idempotency-Key may hold, keeps Kotae's keys apart from the caller's own.
        var sent = requests.send(phoneNumber, caller, "consent-request\n" + phoneNumber + "\n"
                + current.consentChangedAt().map(Object::toString).orElse("never"));
        var pending = new ConsentEntry(ConsentState.PENDING, now, ConsentEntry.Method.API, source, proof
                + " | confirmation request " + sent.messageId() + " sent: " + sent.text(), caller);
        if (!ledger.record(phoneNumber, pending)) {
            throw optedOut();
        }
        return ledger.find(phoneNumber);
    }

    /**
     * Where the confirmation request goes out: through the send path, as the caller's message (counted against its
     * quota, in its audit trail), refused as any send to an opted-out number.
     */
    public interface ConfirmationRequests {

        /** How long the person has to answer YES ({@code kotae:consentWindowHours}). */
        Duration window();

        /**
         * Texts {@code phoneNumber} the confirmation request; {@code key} sends it once however often it is asked.
         *
         * @throws KotaeException the send's refusal
         */
        Sent send(String phoneNumber, String caller, String key);

        record Sent(String messageId, String text) {
        }
    }

    private static KotaeException optedOut() {
        return new KotaeException(ErrorCode.RECIPIENT_OPTED_OUT, "The recipient opted out by SMS: only their own"
                + " START opts them back in, and consent can be recorded after it.", "phoneNumber");
    }

    /**
     * Records that the person agreed, with what the caller submitted as the proof.
     *
     * @throws KotaeException {@code RECIPIENT_OPTED_OUT} when the number is opted out: a form cannot undo the
     *                        person's own STOP, only their START can
     */
    public RecipientConsent grant(String phoneNumber, String source, String proof, String caller) {
        if (!ledger.record(phoneNumber, new ConsentEntry(ConsentState.GRANTED, clock.instant(), ConsentEntry.Method.API,
                source, proof, caller))) {
            throw optedOut();
        }
        return ledger.find(phoneNumber);
    }

    /** Records that the person withdrew, as the caller's system learned it; no marketing reaches them from now on. */
    public RecipientConsent revoke(String phoneNumber, String caller) {
        ledger.record(phoneNumber, new ConsentEntry(ConsentState.REVOKED, clock.instant(), ConsentEntry.Method.API, "api",
                "withdrawn through DELETE /recipients/{phoneNumber}/consent", caller));
        return ledger.find(phoneNumber);
    }
}
