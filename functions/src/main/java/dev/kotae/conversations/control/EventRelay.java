package dev.kotae.conversations.control;

import dev.kotae.conversations.entity.Decision.DomainEvent;
import dev.kotae.shared.entity.KotaeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Publishes the events of committed inbound decisions, as the table's stream delivers their
 * records: in stream order, at most ten to a PutEvents call, at least once (a failed call is
 * repeated with everything after it, so consumers dedupe on {@code inboundMessageId}).
 */
public final class EventRelay {

    /** PutEvents takes at most ten entries. */
    static final int ENTRIES_PER_CALL = 10;
    private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);

    private final ConversationEvents events;

    public EventRelay(ConversationEvents events) {
        this.events = events;
    }

    /**
     * @return the sequence number of the first record whose events did not all go out: that record
     * and all after it are to be delivered again; empty when everything went out
     */
    public Optional<String> relay(List<CommittedRecord> records) {
        var chunk = new ArrayList<CommittedRecord>();
        var entries = 0;
        for (var record : records) {
            if (record.events().isEmpty()) {
                continue;
            }
            if (entries + record.events().size() > ENTRIES_PER_CALL && !chunk.isEmpty()) {
                var failed = publish(chunk);
                if (failed.isPresent()) {
                    return failed;
                }
                chunk.clear();
                entries = 0;
            }
            chunk.add(record);
            entries += record.events().size();
        }
        return chunk.isEmpty() ? Optional.empty() : publish(chunk);
    }

    private Optional<String> publish(List<CommittedRecord> chunk) {
        try {
            events.publish(chunk.stream().flatMap(record -> record.events().stream()).toList());
            return Optional.empty();
        } catch (KotaeException e) {
            LOG.warn("Events from stream record {} onwards not published: {}", chunk.get(0).sequenceNumber(), e.code());
            return Optional.of(chunk.get(0).sequenceNumber());
        }
    }

    /**
     * Reports, at deploy time, an event bus EventBridge does not know (the stack creates its bus before the function,
     * so one deleted outside the stack): SnapStart priming asks, and it is the one
     * call of the relay's priming that leaves the process (its publish never does), so the restored function
     * finds the connection's classes loaded.
     */
    public void checkEventBus() {
        if (!events.busExists()) {
            LOG.error("EventBridge does not know the event bus this function publishes to; every record will be"
                    + " retried and then named on the failure queue until the bus exists");
        }
    }

    /** A record of the table's stream and the events it asks to publish (often none). */
    public record CommittedRecord(String sequenceNumber, List<DomainEvent> events) {
    }
}
