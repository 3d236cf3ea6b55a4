package dev.kotae.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for Amazon EventBridge: PutEvents keeps every entry it accepts; DescribeEventBus
 * answers for the account's default bus and the buses a deployment created.
 */
public final class EventBusRecorder extends JsonProtocolServer {

    /** DescribeEventBus's Name: a bus's name or ARN (the service model's pattern). */
    private static final Pattern BUS_NAME_OR_ARN =
            Pattern.compile("(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus/)?[/.\\-_A-Za-z0-9]+");
    private static final String ARN_RESOURCE = ":event-bus/";
    private static final String DEFAULT_BUS = "default";

    private final List<RecordedEvent> events = new ArrayList<>();
    /** Each bus's creation time, by name. */
    private final Map<String, Instant> buses = new HashMap<>(Map.of(DEFAULT_BUS, Instant.now()));
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

    /** As the stack creates its bus; a bus that exists already is kept. */
    public synchronized void createEventBus(String name) {
        buses.putIfAbsent(name, Instant.now());
    }

    /** Forgets what was published and refused; the buses stay, as a deployment's do. */
    public synchronized void reset() {
        events.clear();
        entriesToReject = 0;
        forgetCalls();
    }

    @Override
    protected ObjectNode answer(String operation, JsonNode request) {
        return switch (operation) {
            case "PutEvents" -> putEvents(request);
            case "DescribeEventBus" -> describeEventBus(request.path("Name"));
            default -> throw new AwsError(400, "UnknownOperationException", null,
                    "The recorder implements PutEvents and DescribeEventBus only.");
        };
    }

    /**
     * EventBridge API Reference, DescribeEventBus: a name or ARN of 1 to 1,600 characters (the default bus when
     * none), ResourceNotFoundException for a bus that does not exist, a bus of another account or Region
     * included. Answers the bus's Name, Arn and CreationTime; the service also describes its policy, key,
     * dead-letter queue and logging, which no Kotae code reads.
     */
    private synchronized ObjectNode describeEventBus(JsonNode given) {
        if (given.isMissingNode()) {
            return describe(DEFAULT_BUS);
        }
        if (!given.isTextual()) {
            throw new AwsError(400, "SerializationException", null, "Name must be a string.");
        }
        var nameOrArn = given.asText();
        if (nameOrArn.isEmpty() || nameOrArn.length() > 1600) {
            throw invalidName(nameOrArn, "Member must have length between 1 and 1600");
        }
        if (!BUS_NAME_OR_ARN.matcher(nameOrArn).matches()) {
            throw invalidName(nameOrArn, "Member must satisfy regular expression pattern");
        }
        if (!nameOrArn.startsWith("arn:")) {
            return describe(nameOrArn);
        }
        var name = nameOrArn.substring(nameOrArn.indexOf(ARN_RESOURCE) + ARN_RESOURCE.length());
        if (!nameOrArn.equals(arn(name))) {
            throw notFound(name);
        }
        return describe(name);
    }

    private ObjectNode describe(String name) {
        var created = buses.get(name);
        if (created == null) {
            throw notFound(name);
        }
        var response = object().put("Name", name).put("Arn", arn(name));
        response.put("CreationTime", created.getEpochSecond());
        return response;
    }

    private static String arn(String name) {
        return "arn:aws:events:" + StandIns.REGION + ":" + AccountStandIn.ACCOUNT + ARN_RESOURCE + name;
    }

    private static AwsError notFound(String name) {
        return new AwsError(400, "ResourceNotFoundException", null, "Event bus " + name + " does not exist.");
    }

    private static AwsError invalidName(String nameOrArn, String constraint) {
        return new AwsError(400, "ValidationException", null, "1 validation error detected: Value '" + nameOrArn
                + "' at 'name' failed to satisfy constraint: " + constraint);
    }

    private ObjectNode putEvents(JsonNode request) {
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
