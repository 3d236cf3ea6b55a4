package dev.kotae.aws;

import dev.kotae.conversations.control.ConversationEvents;
import dev.kotae.conversations.entity.Decision.DomainEvent;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

import java.time.Duration;
import java.util.List;

/** Events on Kotae's EventBridge bus, source {@value #SOURCE}. */
public final class EventBridgeConversationEvents implements ConversationEvents {

    public static final String SOURCE = "kotae";

    private final EventBridgeClient events;
    private final String busName;

    public EventBridgeConversationEvents(EventBridgeClient events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    @Override
    public void publish(List<DomainEvent> toPublish) {
        if (toPublish.isEmpty()) {
            return;
        }
        var entries = toPublish.stream().map(event -> PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(SOURCE)
                .detailType(event.detailType())
                .detail(event.detail())
                .build()).toList();
        try {
            var response = events.putEvents(r -> r.entries(entries));
            if (response.failedEntryCount() > 0) {
                throw KotaeException.retryLater(ErrorCode.UPSTREAM_UNAVAILABLE, response.failedEntryCount()
                        + " event(s) were not accepted by EventBridge.", Duration.ofSeconds(1), null);
            }
        } catch (SdkException e) {
            throw KotaeException.retryLater(ErrorCode.UPSTREAM_UNAVAILABLE, "EventBridge is unavailable.",
                    Duration.ofSeconds(1), e);
        }
    }

    /** DescribeEventBus (EventBridge API Reference: ResourceNotFoundException for a bus that does not exist). */
    @Override
    public boolean busExists() {
        try {
            events.describeEventBus(r -> r.name(busName));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
