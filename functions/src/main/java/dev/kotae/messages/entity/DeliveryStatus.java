package dev.kotae.messages.entity;

import java.util.Optional;
import java.util.Set;

/**
 * Where End User Messaging's delivery events put a message. Status only moves forward (by rank):
 * a late TEXT_SUCCESSFUL never undoes DELIVERED, a repeated event changes nothing, and the first
 * final event wins.
 */
public enum DeliveryStatus {
    /** Handed to the carrier. */
    SUCCESSFUL(1),
    /** The phone received it. Final. */
    DELIVERED(2),
    /** It will not arrive; the event type says why. Final. */
    FAILED(2);

    public static final Set<String> FAILURE_TYPES = Set.of("TEXT_INVALID", "TEXT_INVALID_MESSAGE", "TEXT_UNREACHABLE",
            "TEXT_CARRIER_UNREACHABLE", "TEXT_BLOCKED", "TEXT_CARRIER_BLOCKED", "TEXT_SPAM", "TEXT_UNKNOWN",
            "TEXT_TTL_EXPIRED", "TEXT_PROTECT_BLOCKED");

    private final int rank;

    DeliveryStatus(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    /** The status an event type moves a message to; other types (such as TEXT_QUEUED) are history only. */
    public static Optional<DeliveryStatus> of(String eventType) {
        if (FAILURE_TYPES.contains(eventType)) {
            return Optional.of(FAILED);
        }
        return switch (eventType) {
            case "TEXT_SUCCESSFUL" -> Optional.of(SUCCESSFUL);
            case "TEXT_DELIVERED" -> Optional.of(DELIVERED);
            default -> Optional.empty();
        };
    }
}
