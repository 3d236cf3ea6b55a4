package dev.kotae.consent.entity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A number as {@code GET /recipients/{phoneNumber}} shows it: its opt-out, its consent and every change of that
 * consent, oldest first.
 */
public record RecipientConsent(String phoneNumber, boolean optedOut, Optional<Instant> optedOutAt, ConsentState consent,
                               Optional<Instant> consentChangedAt, List<ConsentEntry> history) {

    public RecipientConsent {
        history = List.copyOf(history);
    }
}
