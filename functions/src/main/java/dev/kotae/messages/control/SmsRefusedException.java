package dev.kotae.messages.control;

import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;

import java.time.Duration;

/** End User Messaging did not take a message; {@link #outcomeUnknown()} when it may have anyway. */
public class SmsRefusedException extends KotaeException {

    private final boolean outcomeUnknown;
    private final boolean recipientOptedOut;

    public SmsRefusedException(ErrorCode code, String message, Duration retryAfter, boolean outcomeUnknown,
                               boolean recipientOptedOut, Throwable cause) {
        super(code, message, null, retryAfter, cause);
        this.outcomeUnknown = outcomeUnknown;
        this.recipientOptedOut = recipientOptedOut;
    }

    /** True when the call failed in a way that leaves open whether the SMS was sent (5xx, time-out). */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    /** True when the provider refused because the recipient is on its opt-out list. */
    public boolean recipientOptedOut() {
        return recipientOptedOut;
    }
}
