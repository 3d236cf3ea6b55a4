package dev.kotae.store;

import dev.kotae.conversations.control.CommittedEvents;
import dev.kotae.conversations.entity.Decision;
import dev.kotae.conversations.entity.Decision.DomainEvent;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.platform.Priming;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Committed decisions' events as the table's stream carries them: the inbound markers' ({@link InboundMarkers}). */
public final class DynamoCommittedEvents implements CommittedEvents {

    @Override
    public List<DomainEvent> in(Map<String, AttributeValue> newImage) {
        return InboundMarkers.eventsToPublish(newImage);
    }

    @Override
    public Map<String, AttributeValue> sample() {
        var message = new InboundMessage(Priming.MESSAGE_ID, Priming.PHONE_NUMBER, Priming.PHONE_NUMBER, "HELP",
                Optional.empty(), Instant.EPOCH);
        var decision = Decision.asRecorded(Decision.Outcome.HELP, Optional.empty(), Decision.ProviderOptOut.NONE,
                List.of(new DomainEvent("Priming", "{}")));
        return InboundMarkers.marker(message, decision, Instant.EPOCH);
    }
}
