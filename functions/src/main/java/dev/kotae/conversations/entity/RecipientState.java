package dev.kotae.conversations.entity;

import dev.kotae.consent.entity.ConsentState;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a number may be texted, and sent marketing. {@code keywordChangedAt} is the SNS timestamp of the STOP or
 * START that last changed it: an older keyword arriving late must not roll the state back.
 * {@code version} guards concurrent changes.
 */
public record RecipientState(
        String phoneNumber,
        boolean optedOut,
        Optional<Instant> optedOutAt,
        Optional<Instant> keywordChangedAt,
        long version,
        ConsentState consent,
        Optional<Instant> consentChangedAt) {

    /** A number's opt-out state, its consent to marketing never recorded. */
    public RecipientState(String phoneNumber, boolean optedOut, Optional<Instant> optedOutAt,
                          Optional<Instant> keywordChangedAt, long version) {
        this(phoneNumber, optedOut, optedOutAt, keywordChangedAt, version, ConsentState.NONE, Optional.empty());
    }

    public static RecipientState neverSeen(String phoneNumber) {
        return new RecipientState(phoneNumber, false, Optional.empty(), Optional.empty(), 0);
    }

    /**
     * Whether the number was asked to confirm its consent (its JOIN, or a caller's double opt-in) at most
     * {@code window} before {@code at}, and not after it: a YES the person sent before they were asked answers
     * something else.
     */
    public boolean awaitsConsentConfirmation(Instant at, Duration window) {
        return consent == ConsentState.PENDING && consentChangedAt
                .filter(asked -> !asked.isAfter(at) && !asked.plus(window).isBefore(at)).isPresent();
    }

    /** True when a keyword received at {@code receivedAt} is older than the last change it would undo. */
    public boolean isNewerThan(Instant receivedAt) {
        return keywordChangedAt.map(changedAt -> changedAt.isAfter(receivedAt)).orElse(false);
    }
}
