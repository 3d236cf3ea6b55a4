package dev.kotae.consent.control;

import dev.kotae.consent.entity.ConsentEntry;
import dev.kotae.consent.entity.RecipientConsent;

/** Each number's consent and its history, beside its opt-out state. */
public interface ConsentLedger {

    /**
     * Keeps {@code entry} and moves the number's consent to its state, both or neither. A grant (or a pending one) is
     * refused while the number is opted out: only the person's own START opts it back in.
     *
     * @return false when the grant was refused because the number is opted out (nothing was written)
     */
    boolean record(String phoneNumber, ConsentEntry entry);

    RecipientConsent find(String phoneNumber);
}
