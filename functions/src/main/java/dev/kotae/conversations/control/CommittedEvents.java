package dev.kotae.conversations.control;

import dev.kotae.conversations.entity.Decision.DomainEvent;
import dev.kotae.platform.events.StreamImage;

import java.util.List;

/**
 * The events a committed decision asks to publish, read back from the table's stream as Lambda delivers it:
 * the store wrote the item, and only the store knows its shape.
 */
public interface CommittedEvents {

    /** A new item image's events; none for an item that carries none. */
    List<DomainEvent> in(StreamImage newImage);
}
