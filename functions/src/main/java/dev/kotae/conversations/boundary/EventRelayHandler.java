package dev.kotae.conversations.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.kotae.Wiring;
import dev.kotae.conversations.control.CommittedEvents;
import dev.kotae.conversations.control.EventRelay;
import dev.kotae.conversations.entity.Decision.DomainEvent;
import dev.kotae.platform.events.StreamImage;
import dev.kotae.platform.priming.Priming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table's stream, filtered to inbound decisions with events: publishes them to the event bus
 * ({@link EventRelay}). A failed record is reported by its sequence number, so Lambda retries from
 * it and never skips an event.
 */
public class EventRelayHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(EventRelayHandler.class);

    private final EventRelay relay;
    private final CommittedEvents committed;

    public EventRelayHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(EventRelayHandler.class, this::prime);
    }

    /** Built from {@code wiring}, as the no-argument constructor builds it from the environment. */
    public EventRelayHandler(Wiring wiring) {
        this(wiring.eventRelay(), wiring.committedEvents());
    }

    public EventRelayHandler(EventRelay relay, CommittedEvents committed) {
        this.relay = relay;
        this.committed = committed;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> new StreamsEventResponse(firstFailure(event)
                .map(sequenceNumber -> List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)))
                .orElse(List.of())));
    }

    /** The record Lambda must deliver again, with everything after it; empty when all went out. */
    private Optional<String> firstFailure(DynamodbEvent event) {
        var records = new ArrayList<EventRelay.CommittedRecord>();
        for (var record : event.getRecords()) {
            var sequenceNumber = record.getDynamodb().getSequenceNumber();
            try {
                records.add(new EventRelay.CommittedRecord(sequenceNumber, eventsIn(record)));
            } catch (RuntimeException e) {
                // Those before it still go out; it fails where it stands, so nothing after it is skipped.
                LOG.error("Stream record {} cannot be read as a decision's events ({}); it is retried and then"
                        + " named on the failure queue", sequenceNumber, e.getMessage());
                return relay.relay(records).or(() -> Optional.of(sequenceNumber));
            }
        }
        return relay.relay(records);
    }

    /**
     * SnapStart priming ({@link Priming}): serves {@code events/table-stream-decisions.json} as a first request
     * (its PutEvents is answered without leaving the process), then describes the bus ({@link EventRelay#checkEventBus}).
     */
    public void prime() {
        handleRequest(Priming.event(DynamodbEvent.class, "table-stream-decisions.json", Priming.PHONE_NUMBER),
                Priming.context());
        relay.checkEventBus();
    }

    private List<DomainEvent> eventsIn(DynamodbEvent.DynamodbStreamRecord record) {
        var image = record.getDynamodb().getNewImage();
        if (!"INSERT".equals(record.getEventName()) || image == null) {
            return List.of();
        }
        return committed.in(StreamImage.of(image));
    }
}
