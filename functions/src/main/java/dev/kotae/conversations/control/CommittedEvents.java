package dev.kotae.conversations.control;

import dev.kotae.conversations.entity.Decision.DomainEvent;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/**
 * The events a committed decision asks to publish, read back from the table's stream: the store
 * wrote the item, and only the store knows its shape.
 */
public interface CommittedEvents {

    /** A new item image's events; none for an item that carries none. */
    List<DomainEvent> in(Map<String, AttributeValue> newImage);
}
