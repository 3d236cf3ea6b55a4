package dev.kotae.store;

import dev.kotae.conversations.control.CommittedEvents;
import dev.kotae.conversations.entity.Decision.DomainEvent;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/** Committed decisions' events as the table's stream carries them: the inbound markers' ({@link InboundMarkers}). */
public final class DynamoCommittedEvents implements CommittedEvents {

    @Override
    public List<DomainEvent> in(Map<String, AttributeValue> newImage) {
        return InboundMarkers.eventsToPublish(newImage);
    }
}
