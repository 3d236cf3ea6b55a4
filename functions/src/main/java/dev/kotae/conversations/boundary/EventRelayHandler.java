package dev.kotae.conversations.boundary;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.kotae.Wiring;
import dev.kotae.conversations.control.DynamoConversationStore;
import dev.kotae.conversations.control.EventRelay;
import dev.kotae.conversations.entity.Decision.DomainEvent;
import dev.kotae.platform.EnvironmentVariables;
import dev.kotae.platform.Priming;
import dev.kotae.platform.StreamImages;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.List;
import java.util.Map;

/**
 * The table's stream, filtered to inbound decisions with events: publishes them to the event bus
 * ({@link EventRelay}). A failed record is reported by its sequence number, so Lambda retries from
 * it and never skips an event.
 */
public class EventRelayHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";

    private final EventRelay relay;

    public EventRelayHandler() {
        this(Wiring.fromEnvironment().eventRelay(new EnvironmentVariables(System.getenv()).required(EVENT_BUS_NAME)));
        Priming.register(EventRelayHandler.class, this::prime);
    }

    public EventRelayHandler(EventRelay relay) {
        this.relay = relay;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            var records = event.getRecords().stream()
                    .map(record -> new EventRelay.CommittedRecord(record.getDynamodb().getSequenceNumber(),
                            eventsIn(record)))
                    .toList();
            var failures = relay.relay(records)
                    .map(sequenceNumber -> List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)))
                    .orElse(List.of());
            return new StreamsEventResponse(failures);
        });
    }

    /** A marker's mapping, read from a stream image: nothing is published. */
    public void prime() {
        var record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord()
                .withSequenceNumber("0")
                .withNewImage(Map.of("sk", new AttributeValue().withS("INBOUND#" + Priming.MESSAGE_ID),
                        "events", new AttributeValue().withL(List.of(new AttributeValue().withM(Map.of(
                                "detailType", new AttributeValue().withS("Priming"),
                                "detail", new AttributeValue().withS("{}"))))))));
        eventsIn(record);
    }

    private static List<DomainEvent> eventsIn(DynamodbEvent.DynamodbStreamRecord record) {
        var image = record.getDynamodb().getNewImage();
        if (!"INSERT".equals(record.getEventName()) || image == null) {
            return List.of();
        }
        return DynamoConversationStore.eventsToPublish(StreamImages.toSdk(image));
    }
}
