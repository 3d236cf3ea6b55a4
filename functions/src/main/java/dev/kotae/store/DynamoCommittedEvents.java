package dev.kotae.store;

import dev.kotae.conversations.control.CommittedEvents;
import dev.kotae.conversations.entity.Decision.DomainEvent;
import dev.kotae.platform.events.StreamImage;

import java.util.List;

/** Committed decisions' events as the table's stream carries them: the inbound markers' ({@link InboundMarkers}). */
public final class DynamoCommittedEvents implements CommittedEvents {

    @Override
    public List<DomainEvent> in(StreamImage newImage) {
        return InboundMarkers.eventsToPublish(newImage.item());
    }
}
