package dev.kotae.store;

import dev.kotae.conversations.control.CommittedEvents;
import dev.kotae.conversations.entity.Decision.DomainEvent;
import dev.kotae.platform.events.StreamImage;

import java.util.List;

/** Committed changes' events as the table's stream carries them ({@link PublishedEvents}). */
public final class DynamoCommittedEvents implements CommittedEvents {

    @Override
    public List<DomainEvent> in(StreamImage newImage) {
        return PublishedEvents.in(newImage.item());
    }
}
