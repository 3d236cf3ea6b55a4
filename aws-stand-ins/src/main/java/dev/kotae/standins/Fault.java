package dev.kotae.standins;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A failure the simulator can be told to answer with, shaped as End User Messaging answers it:
 * the HTTP status, the {@code __type} that the SDK turns into an exception class, and its reason.
 */
public enum Fault {
    THROTTLE(400, "ThrottlingException", null, "Rate exceeded."),
    SERVER_ERROR(500, "InternalServerException", null, "Internal service error."),
    SPEND_LIMIT(400, "ServiceQuotaExceededException", "MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT",
            "The monthly spend limit for text messages has been reached."),
    ACCESS_DENIED(400, "AccessDeniedException", "ACCOUNT_DISABLED", "The account is disabled."),
    /** What an account still in the SMS sandbox gets for a destination it has not verified. */
    UNVERIFIED_DESTINATION(400, "ValidationException", "DESTINATION_PHONE_NUMBER_NOT_VERIFIED",
            "The destination phone number is not verified."),
    /** What a two-way channel's role or topic may meet while it is new: not yet visible to End User Messaging. */
    CHANNEL_NOT_REACHABLE(400, "ValidationException", "RESOURCE_NOT_ACCESSIBLE",
            "End User Messaging cannot access the two-way channel with the role given.");

    final int status;
    final String type;
    final String reason;
    final String message;

    Fault(int status, String type, String reason, String message) {
        this.status = status;
        this.type = type;
        this.reason = reason;
        this.message = message;
    }

    /** How people name it to the sandbox ({@code POST /sandbox/faults}): {@code throttle}, {@code server-error}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The fault with this {@link #label()} (or constant name), if any. */
    public static Optional<Fault> labelled(String label) {
        return Arrays.stream(values())
                .filter(fault -> fault.label().equals(label.toLowerCase(Locale.ROOT).replace('_', '-')))
                .findFirst();
    }
}
