package dev.kotae.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.standins.EventBusRecorder;
import dev.kotae.standins.Fault;
import dev.kotae.standins.SmsSimulator;
import java.time.Duration;
import java.time.format.DateTimeParseException;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

import static dev.kotae.sandbox.Exchange.JSON;
import static dev.kotae.sandbox.Exchange.text;

/**
 * {@code /sandbox/*}, what tests and people drive the sandbox with: a phone's reply, what the
 * simulator sent, dead letters, published events and injected faults.
 */
final class ControlSurface implements Routes {

    private static final int MAX_FAULT_COUNT = 1000;
    /** A phone number as End User Messaging writes one. */
    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private final InboundPublisher inbound;
    private final SmsSimulator sms;
    private final EventBusRecorder events;
    private final DeadLetters deadLetters;
    private final SandboxClock clock;
    private final TimePassage time;

    ControlSurface(InboundPublisher inbound, SmsSimulator sms, EventBusRecorder events, DeadLetters deadLetters,
                   SandboxClock clock, TimePassage time) {
        this.clock = clock;
        this.time = time;
        this.inbound = inbound;
        this.sms = sms;
        this.events = events;
        this.deadLetters = deadLetters;
    }

    @Override
    public boolean answer(Exchange exchange) {
        if (exchange.is("POST", "/sandbox/inbound")) {
            exchange.respondJson(202, simulateReply(exchange.jsonBody()));
        } else if (exchange.is("GET", "/sandbox/outbox")) {
            exchange.respondJson(200, outbox(exchange.query().get("to")));
        } else if (exchange.is("GET", "/sandbox/dlq")) {
            exchange.respondJson(200, deadLetters());
        } else if (exchange.is("GET", "/sandbox/events")) {
            exchange.respondJson(200, JSON.valueToTree(events.events()));
        } else if (exchange.is("POST", "/sandbox/faults")) {
            exchange.respondJson(202, injectFault(exchange.jsonBody()));
        } else if (exchange.is("GET", "/sandbox/clock")) {
            exchange.respondJson(200, time());
        } else if (exchange.is("POST", "/sandbox/clock")) {
            exchange.respondJson(200, passed(advance(exchange.jsonBody())));
        } else {
            return false;
        }
        return true;
    }

    @Override
    public List<String> described() {
        return List.of("POST /sandbox/inbound", "GET /sandbox/outbox[?to=]", "GET /sandbox/dlq", "GET /sandbox/events",
                "POST /sandbox/faults", "GET /sandbox/clock", "POST /sandbox/clock");
    }

    private ObjectNode time() {
        return JSON.createObjectNode().put("now", clock.instant().toString()).put("ahead", clock.ahead().toString());
    }

    private TimePassage.Passage advance(JsonNode request) {
        var advance = text(request, "advance").orElse("");
        Duration duration;
        try {
            duration = Duration.parse(advance);
        } catch (DateTimeParseException e) {
            throw new ControlError(400, "INVALID_CLOCK", "'advance' must be an ISO 8601 duration, such as"
                    + " \"P7D\" or \"PT1H30M\"; got '" + advance + "'.");
        }
        try {
            return time.advance(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlError(503, "STOPPING", "The sandbox is stopping: the clock moved part of the way.");
        }
    }

    /** Where the clock is now, and what happened on the way. */
    private static ObjectNode passed(TimePassage.Passage passage) {
        var answer = JSON.createObjectNode().put("now", passage.now().toString()).put("ahead", passage.ahead().toString())
                .put("schedulesFired", passage.schedulesFired()).put("messagesSent", passage.messagesSent())
                .put("messagesFailed", passage.messagesFailed()).put("conversationsExpired", passage.conversationsExpired())
                .put("reached", passage.reached());
        passage.stillUnderWay().ifPresent(busy -> answer.put("message", (passage.schedulesFired() == 0
                ? "The clock did not move: work already under way is still going (" + busy + ")."
                : "The clock stopped at " + passage.now() + ", short of " + passage.to() + ": what fired then is still"
                        + " under way (" + busy + "), and moving on would make it late.")
                + " Advance again when it is done."));
        return answer;
    }

    private ObjectNode simulateReply(JsonNode request) {
        var from = text(request, "from").filter(number -> E164.matcher(number).matches()).orElseThrow(() ->
                new ControlError(400, "INVALID_PHONE_NUMBER", "'from' must be the replying phone's number in E.164."));
        var inboundMessageId = text(request, "inboundMessageId");
        if (request.path("malformed").asBoolean(false)) {
            inbound.publishMalformed();
            return JSON.createObjectNode().put("malformed", true);
        }
        var body = text(request, "body").orElseThrow(() ->
                new ControlError(400, "INVALID_BODY", "'body' is the text the phone sends."));
        var id = inbound.publish(from, text(request, "to"), body, text(request, "inReplyTo"), inboundMessageId);
        return JSON.createObjectNode().put("inboundMessageId", id);
    }

    private JsonNode outbox(String to) {
        var list = JSON.createArrayNode();
        sms.outbox().stream().filter(m -> to == null || m.destinationPhoneNumber().equals(to)).forEach(message -> {
            var node = list.addObject()
                    .put("messageId", message.messageId())
                    .put("from", message.originationIdentity())
                    .put("to", message.destinationPhoneNumber())
                    .put("body", message.messageBody())
                    .put("type", message.messageType())
                    .put("acceptedAt", message.acceptedAt().toString())
                    .put("delivered", message.delivered());
            if (message.configurationSetName() != null) {
                node.put("configurationSet", message.configurationSetName());
            }
            if (message.maxPrice() != null) {
                node.put("maxPrice", message.maxPrice());
            }
        });
        return list;
    }

    private JsonNode deadLetters() {
        return JSON.valueToTree(deadLetters.peek());
    }

    private ObjectNode injectFault(JsonNode request) {
        var operation = text(request, "operation").orElse("SendTextMessage");
        var name = text(request, "fault").orElse("");
        var fault = Fault.labelled(name).orElseThrow(() -> new ControlError(400, "UNKNOWN_FAULT", "'fault' is one of "
                + Arrays.stream(Fault.values()).map(Fault::label).collect(Collectors.joining(", ")) + "."));
        var count = request.path("count");
        if (!count.isMissingNode() && !(count.canConvertToInt() && count.isIntegralNumber() && count.asInt() >= 1
                && count.asInt() <= MAX_FAULT_COUNT)) {
            throw new ControlError(400, "INVALID_FAULT_COUNT", "'count' is how many calls the fault refuses: a whole"
                    + " number from 1 to " + MAX_FAULT_COUNT + ".");
        }
        try {
            sms.injectFault(operation, fault, count.asInt(1));
        } catch (IllegalArgumentException e) {
            throw new ControlError(400, "UNKNOWN_OPERATION", "'operation' is an End User Messaging operation. " + e.getMessage());
        }
        return JSON.createObjectNode().put("operation", operation).put("fault", fault.label()).put("count", count.asInt(1));
    }
}
