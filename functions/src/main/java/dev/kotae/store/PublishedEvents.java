package dev.kotae.store;

import dev.kotae.conversations.entity.Decision.DomainEvent;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/**
 * Events an item carries to the event relay: written with the change they announce, in its transaction, so an event
 * is published when (and only when) its change is committed. The table's stream delivers the new item; its event
 * filter selects on {@link #PUBLISH}. An inbound message's marker carries its decision's events
 * ({@link InboundMarkers}); a consent entry recorded by a caller or an opt-out list carries its own
 * ({@link ConsentItems}).
 */
public final class PublishedEvents {

    /** Set on an item whose events are to be published: the stream's event filter selects on it. */
    public static final String PUBLISH = "publish";
    private static final String EVENTS = "events";

    private PublishedEvents() {
    }

    /** Adds {@code events} to {@code item}, marking it for the relay when there is one. */
    static void add(Map<String, AttributeValue> item, List<DomainEvent> events) {
        item.put(PUBLISH, AttributeValue.fromBool(!events.isEmpty()));
        item.put(EVENTS, AttributeValue.fromL(events.stream()
                .map(event -> AttributeValue.fromM(Map.of(
                        "detailType", AttributeValue.fromS(event.detailType()),
                        "detail", AttributeValue.fromS(event.detail()))))
                .toList()));
    }

    /** The events {@code item} carries; none for an item that carries none. */
    static List<DomainEvent> in(Map<String, AttributeValue> item) {
        if (!item.containsKey(EVENTS)) {
            return List.of();
        }
        return item.get(EVENTS).l().stream()
                .map(event -> {
                    var detailType = event.m().get("detailType");
                    var detail = event.m().get("detail");
                    if (detailType == null || detail == null) {
                        throw new IllegalArgumentException("an event of item " + TableLayout.sortKey(item)
                                + " lacks its detail type or detail");
                    }
                    return new DomainEvent(detailType.s(), detail.s());
                })
                .toList();
    }
}
