package dev.kotae.conversations.control;

import dev.kotae.conversations.entity.Decision.DomainEvent;

import java.util.List;

/** Tells downstream systems what replies changed, so none keeps texting someone who said STOP. */
public interface ConversationEvents {

    /** Publishes all or throws; the caller repeats a failed call (consumers dedupe on inboundMessageId). */
    void publish(List<DomainEvent> events);

    /** Whether the bus the events go to exists: a read, which priming makes to report a missing bus at deploy time. */
    boolean busExists();
}
