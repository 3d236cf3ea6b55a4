package dev.kotae.messages.entity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A message's delivery so far: where it stands and every event that arrived, oldest first. */
public record DeliveryReport(Optional<Step> current, List<Step> history) {

    public DeliveryReport {
        history = List.copyOf(history);
    }

    /** No delivery event yet: a message not sent. */
    public static DeliveryReport none() {
        return new DeliveryReport(Optional.empty(), List.of());
    }

    public record Step(String eventType, Optional<DeliveryStatus> status, Instant at, Optional<String> description) {
    }
}
