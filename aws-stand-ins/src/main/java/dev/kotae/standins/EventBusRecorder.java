package dev.kotae.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A loopback stand-in for Amazon EventBridge's PutEvents that keeps every entry it accepts. */
public final class EventBusRecorder extends JsonProtocolServer {

    private final List<RecordedEvent> events = new ArrayList<>();

    private EventBusRecorder(int port) {
        super(port, "AWSEvents", "application/x-amz-json-1.1");
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. */
    public static EventBusRecorder start(int port) {
        return new EventBusRecorder(port);
    }

    public synchronized List<RecordedEvent> events() {
        return List.copyOf(events);
    }

    public synchronized void reset() {
        events.clear();
        forgetCalls();
    }

    @Override
    protected ObjectNode answer(String operation, JsonNode request) {
        if (!operation.equals("PutEvents")) {
            throw new AwsError(400, "UnknownOperationException", null, "The recorder implements PutEvents only.");
        }
        var response = object().put("FailedEntryCount", 0);
        var entries = response.putArray("Entries");
        for (var entry : request.path("Entries")) {
            var eventId = UUID.randomUUID().toString();
            synchronized (this) {
                events.add(new RecordedEvent(eventId, entry.path("EventBusName").asText(null),
                        entry.path("Source").asText(), entry.path("DetailType").asText(), entry.path("Detail").asText()));
            }
            entries.addObject().put("EventId", eventId);
        }
        return response;
    }

    /** One accepted event; {@code detail} is the JSON text the caller sent. */
    public record RecordedEvent(String eventId, String eventBusName, String source, String detailType, String detail) {
    }
}
