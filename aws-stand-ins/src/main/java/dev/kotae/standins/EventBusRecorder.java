package dev.kotae.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A loopback stand-in for Amazon EventBridge's PutEvents that keeps every entry it accepts. */
public final class EventBusRecorder extends JsonProtocolServer {

    private final List<RecordedEvent> events = new ArrayList<>();
    private int entriesToReject;

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

    /** The next {@code count} entries are refused (InternalFailure), as EventBridge refuses parts of a PutEvents. */
    public synchronized void rejectNextEntries(int count) {
        entriesToReject = count;
    }

    public synchronized void reset() {
        events.clear();
        entriesToReject = 0;
        forgetCalls();
    }

    @Override
    protected ObjectNode answer(String operation, JsonNode request) {
        if (!operation.equals("PutEvents")) {
            throw new AwsError(400, "UnknownOperationException", null, "The recorder implements PutEvents only.");
        }
        var response = object();
        var entries = response.putArray("Entries");
        var failed = 0;
        for (var entry : request.path("Entries")) {
            synchronized (this) {
                if (entriesToReject > 0) {
                    entriesToReject--;
                    failed++;
                    entries.addObject().put("ErrorCode", "InternalFailure").put("ErrorMessage", "Injected failure");
                    continue;
                }
                var eventId = UUID.randomUUID().toString();
                events.add(new RecordedEvent(eventId, entry.path("EventBusName").asText(null),
                        entry.path("Source").asText(), entry.path("DetailType").asText(), entry.path("Detail").asText()));
                entries.addObject().put("EventId", eventId);
            }
        }
        return response.put("FailedEntryCount", failed);
    }

    /** One accepted event; {@code detail} is the JSON text the caller sent. */
    public record RecordedEvent(String eventId, String eventBusName, String source, String detailType, String detail) {
    }
}
