package dev.kotae.consent.control;

import dev.kotae.consent.entity.ConsentEntry;
import dev.kotae.consent.entity.ConsentState;
import dev.kotae.consent.entity.RecipientConsent;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;

import java.time.Clock;

/** What a caller's system records of a number's consent to marketing, and what it reads back. */
public final class ConsentService {

    private final ConsentLedger ledger;
    private final Clock clock;

    public ConsentService(ConsentLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
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
            throw new KotaeException(ErrorCode.RECIPIENT_OPTED_OUT, "The recipient opted out by SMS: only their own"
                    + " START opts them back in, and consent can be recorded after it.", "phoneNumber");
        }
        return ledger.find(phoneNumber);
    }

    /** Records that the person withdrew, as the caller's system learned it; no marketing reaches them from now on. */
    public RecipientConsent revoke(String phoneNumber, String caller) {
        ledger.record(phoneNumber, new ConsentEntry(ConsentState.REVOKED, clock.instant(), ConsentEntry.Method.API, "api",
                "withdrawn through DELETE /recipients/{phoneNumber}/consent", caller));
        return ledger.find(phoneNumber);
    }

    public RecipientConsent find(String phoneNumber) {
        return ledger.find(phoneNumber);
    }
}
