package dev.kotae.conversations.entity;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a number may be texted. {@code keywordChangedAt} is the SNS timestamp of the STOP or
 * START that last changed it: an older keyword arriving late must not roll the state back.
 * {@code version} guards concurrent changes.
 */
public record RecipientState(
        String phoneNumber,
        boolean optedOut,
        Optional<Instant> optedOutAt,
        Optional<Instant> keywordChangedAt,
        long version) {

    public static RecipientState neverSeen(String phoneNumber) {
        return new RecipientState(phoneNumber, false, Optional.empty(), Optional.empty(), 0);
    }

    /** True when a keyword received at {@code receivedAt} is older than the last change it would undo. */
    public boolean isNewerThan(Instant receivedAt) {
        return keywordChangedAt.map(changedAt -> changedAt.isAfter(receivedAt)).orElse(false);
    }
}
