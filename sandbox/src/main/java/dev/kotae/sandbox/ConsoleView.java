package dev.kotae.sandbox;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.consent.boundary.RecipientResponses;
import dev.kotae.conversations.boundary.RecipientView;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.messages.control.ScheduledSendPayload;
import dev.kotae.messages.control.SmsGateway;
import dev.kotae.messages.entity.DeliveryStatus;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.sms.SmsEncoding;
import dev.kotae.standins.AcceptedMessage;
import dev.kotae.standins.EventBusRecorder;
import dev.kotae.standins.Fault;
import dev.kotae.standins.RefusedSend;
import dev.kotae.standins.SchedulerStandIn;
import dev.kotae.standins.SmsSimulator;
import dev.kotae.store.TableLayout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static dev.kotae.sandbox.Exchange.JSON;

/**
 * Everything the console page shows, read at once from where it lives: the phones' threads from the SMS
 * simulator (what End User Messaging accepted, refused and reported delivered), from the schedules
 * waiting in the EventBridge Scheduler stand-in and from what phones sent; each phone's opt-out state and
 * conversations from Kotae's table ({@link RecipientCache}), as {@code GET /conversations} answers them, and its
 * consent to marketing as {@code GET /recipients} does; the
 * events on the bus; the dead-letter queues; pending faults; how far the sandbox's clock is ahead.
 */
final class ConsoleView {


    private final SmsSimulator sms;
    private final SchedulerStandIn scheduler;
    private final InboundPublisher inbound;
    private final EventBusRecorder events;
    private final DeadLetters deadLetters;
    private final RecipientCache recipients;
    private final MessageStore messages;
    private final SandboxClock clock;
    private final String ourNumber;
    /** Every message seen waiting in a schedule, by its id: one that leaves its schedule unsent is looked up. */
    private final Map<String, Booking> booked = new ConcurrentHashMap<>();
    /** Each refused message's {@code sendAt}, if it was booked: read once. */
    private final Map<String, Optional<Instant>> sendAts = new ConcurrentHashMap<>();
    /** Booked messages that will never be sent (canceled, or failed at their firing), as recorded: read once. */
    private final Map<String, MessageRecord> unsent = new ConcurrentHashMap<>();
    /** Each dead-letter queue's messages as last looked at, with its depth then: looked at again when it moves. */
    private final Map<String, DeadLetters.Look> deadLetterLooks = new ConcurrentHashMap<>();

    ConsoleView(SmsSimulator sms, SchedulerStandIn scheduler, InboundPublisher inbound, EventBusRecorder events,
                DeadLetters deadLetters, RecipientCache recipients, MessageStore messages, SandboxClock clock,
                String ourNumber) {
        this.messages = messages;
        this.sms = sms;
        this.scheduler = scheduler;
        this.inbound = inbound;
        this.events = events;
        this.deadLetters = deadLetters;
        this.recipients = recipients;
        this.clock = clock;
        this.ourNumber = ourNumber;
    }

    /** The table's stream, as read: a write to a number's partition makes its state worth reading again. */
    void tableChanged(List<DynamodbStreamRecord> records) {
        for (var record : records) {
            Optional.ofNullable(record.getDynamodb().getKeys()).map(keys -> keys.get(TableLayout.PARTITION_KEY))
                    .map(key -> key.getS()).flatMap(TableLayout::recipientOf).ifPresent(recipients::written);
        }
    }

    /** The whole view, as the page renders it. */
    ObjectNode read() {
        var now = clock.instant();
        var view = JSON.createObjectNode().put("ourNumber", ourNumber);
        // How far ahead, not the time itself: the view changes when something happens, not every second. The page
        // runs on this machine (the sandbox listens on loopback) and adds it to its own clock.
        view.putObject("clock").put("ahead", clock.ahead().toString()).put("aheadMillis", clock.ahead().toMillis());
        var phones = view.putArray("phones");
        threads().forEach((number, thread) -> {
            var phone = phones.addObject().put("number", number);
            phone.set("thread", thread);
            if (ControlSurface.E164.matcher(number).matches()) {
                var snapshot = recipients.get(number);
                phone.set("recipient", RecipientView.render(snapshot, now));
                phone.set("consent", RecipientResponses.consent(snapshot.recipient().consent(),
                        snapshot.recipient().consentChangedAt()));
            }
        });
        view.set("events", events());
        view.set("deadLetters", deadLetters());
        view.set("faults", faults());
        return view;
    }

    /**
     * Each phone's messages, oldest first, phones in the order they first sent or received. Attempts at one
     * of Kotae's messages (a throttled call its client retried, say) are one bubble: Kotae's message id rides
     * in every call's context, and names the schedule a message waits in until its {@code sendAt}.
     */
    private Map<String, ArrayNode> threads() {
        var ours = new LinkedHashMap<String, Outgoing>();
        for (var accepted : sms.outbox()) {
            var key = accepted.context().getOrDefault(SmsGateway.MESSAGE_ID_CONTEXT_KEY, accepted.messageId());
            ours.computeIfAbsent(key, k -> new Outgoing(k, accepted.destinationPhoneNumber(), accepted.messageBody(),
                    accepted.acceptedAt())).accepted = accepted;
        }
        var refusedSends = sms.refusedSends();
        for (int i = 0; i < refusedSends.size(); i++) {
            var refused = refusedSends.get(i);
            var key = refused.context().getOrDefault(SmsGateway.MESSAGE_ID_CONTEXT_KEY, "refused-" + i);
            var outgoing = ours.computeIfAbsent(key, k ->
                    new Outgoing(k, refused.destinationPhoneNumber(), refused.messageBody(), refused.refusedAt()));
            outgoing.refusals.add(refused);
            if (refused.refusedAt().isBefore(outgoing.firstAt)) {
                outgoing.firstAt = refused.refusedAt();
            }
        }
        var waiting = new LinkedHashMap<String, Booking>();
        scheduler.schedules().forEach(schedule -> booking(schedule).ifPresent(booking -> waiting.put(booking.messageId(), booking)));
        booked.putAll(waiting);
        for (var booking : booked.values()) {
            var outgoing = ours.get(booking.messageId());
            if (outgoing != null && outgoing.accepted != null) {
                continue;
            }
            // Not sent (yet): shown where it was booked, with what its record says; its firings' refusals, if any.
            if (outgoing == null) {
                outgoing = new Outgoing(booking.messageId(), booking.to(), booking.body(), booking.bookedAt());
            }
            outgoing.firstAt = booking.bookedAt();
            outgoing.sendAt = booking.sendAt();
            if (!waiting.containsKey(booking.messageId())) {
                // Out of its schedule and never accepted: canceled, or refused when it fired (or firing right now).
                outgoing.unsent = unsent(booking.messageId());
            }
            ours.put(booking.messageId(), outgoing);
        }
        // A booking whose firings were refused before the page ever saw it waiting: its record knows it was booked.
        ours.values().stream().filter(outgoing -> outgoing.accepted == null && outgoing.sendAt == null)
                .forEach(outgoing -> bookedAt(outgoing.key).ifPresent(sendAt -> {
                    outgoing.sendAt = sendAt;
                    outgoing.unsent = unsent(outgoing.key);
                }));
        var entries = new ArrayList<Entry>();
        ours.values().forEach(outgoing -> entries.add(new Entry(outgoing.phone, outgoing.firstAt, outgoing.render())));
        var texts = new LinkedHashMap<String, List<InboundPublisher.PhoneText>>();
        inbound.published().forEach(text -> texts.computeIfAbsent(text.inboundMessageId(), id -> new ArrayList<>()).add(text));
        texts.values().forEach(deliveries -> entries.add(new Entry(deliveries.get(0).from(), deliveries.get(0).sentAt(),
                theirs(deliveries))));
        entries.sort(Comparator.comparing(Entry::at));
        var threads = new LinkedHashMap<String, ArrayNode>();
        entries.forEach(entry -> threads.computeIfAbsent(entry.phone(), phone -> JSON.createArrayNode()).add(entry.bubble()));
        return threads;
    }

    /** A message Kotae booked for its {@code sendAt}, as its schedule's input holds it. */
    private record Booking(String messageId, String to, String body, Instant bookedAt, Instant sendAt) {
    }

    /** The message a schedule holds; a schedule of anything else (a batch entry's) holds none. */
    private static Optional<Booking> booking(SchedulerStandIn.Schedule schedule) {
        try {
            var due = ScheduledSendPayload.read(schedule.input());
            var request = JSON.readTree(due.request());
            return Optional.of(new Booking(due.messageId(), request.path("to").asText(), request.path("body").asText(),
                    due.bookedAt(), due.sendAt()));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** When a message refused by End User Messaging was booked for; empty for a send that was not booked. */
    private Optional<Instant> bookedAt(String messageId) {
        return sendAts.computeIfAbsent(messageId, id -> messages.find(id).flatMap(view -> view.message().sendAt()));
    }

    /** The record of a booked message that will never be sent; empty while it may still be. */
    private Optional<MessageRecord> unsent(String messageId) {
        var known = unsent.get(messageId);
        if (known != null) {
            return Optional.of(known);
        }
        // As GET /messages reads it: a booking whose firing never sent it reads FAILED once its deadline has passed.
        var record = messages.find(messageId).map(view -> view.message().asSeenAt(clock.instant()))
                .filter(message -> message.status() == MessageStatus.CANCELED || message.status() == MessageStatus.FAILED);
        record.ifPresent(message -> unsent.put(messageId, message));
        return record;
    }

    private record Entry(String phone, Instant at, ObjectNode bubble) {
    }

    /**
     * One of Kotae's messages to a phone: waiting for its {@code sendAt}, or every call End User Messaging
     * refused and the one it accepted.
     */
    private final class Outgoing {
        final String key;
        final String phone;
        final String body;
        Instant firstAt;
        Instant sendAt;
        Optional<MessageRecord> unsent = Optional.empty();
        AcceptedMessage accepted;
        final List<RefusedSend> refusals = new ArrayList<>();

        Outgoing(String key, String phone, String body, Instant firstAt) {
            this.key = key;
            this.phone = phone;
            this.body = body;
            this.firstAt = firstAt;
        }

        ObjectNode render() {
            var bubble = JSON.createObjectNode().put("direction", "out").put("key", key).put("body", body)
                    .put("at", firstAt.toString());
            segments(bubble, body);
            var attempts = bubble.putArray("refusals");
            refusals.forEach(refused -> {
                var attempt = attempts.addObject().put("at", refused.refusedAt().toString())
                        .put("error", refused.errorType()).put("message", refused.message());
                Optional.ofNullable(refused.reason()).ifPresent(reason -> attempt.put("reason", reason));
            });
            if (sendAt != null) {
                bubble.put("sendAt", sendAt.toString());
                return unsent.map(record -> record.status() == MessageStatus.CANCELED ? bubble.put("status", "canceled")
                                : bubble.put("status", "failed").put("failure", record.failure()
                                        .map(failure -> failure.code().name()).orElse("FAILED")))
                        .orElseGet(() -> bubble.put("status", "scheduled"));
            }
            if (accepted == null) {
                var last = refusals.get(refusals.size() - 1);
                return bubble.put("status", "failed").put("failure", last.errorType()
                        + Optional.ofNullable(last.reason()).map(reason -> " " + reason).orElse(""));
            }
            bubble.put("providerMessageId", accepted.messageId()).put("sentAt", accepted.acceptedAt().toString());
            return delivery(bubble, sms.deliveryEventTypes(accepted.messageId()));
        }
    }

    /**
     * Where a message's delivery events put it, as Kotae's delivery status handler reads them
     * ({@link DeliveryStatus}): the furthest status, the first final event winning; until an event moves it,
     * End User Messaging's acceptance makes it sent.
     */
    static ObjectNode delivery(ObjectNode bubble, List<String> eventTypes) {
        var furthest = Optional.<DeliveryStatus>empty();
        var decidedBy = "";
        for (var eventType : eventTypes) {
            var status = DeliveryStatus.of(eventType);
            if (status.isPresent() && status.get().rank() > furthest.map(DeliveryStatus::rank).orElse(0)) {
                furthest = status;
                decidedBy = eventType;
            }
        }
        if (!decidedBy.isEmpty()) {
            bubble.put("eventType", decidedBy);
        }
        return switch (furthest.orElse(DeliveryStatus.SUCCESSFUL)) {
            case SUCCESSFUL -> bubble.put("status", "sent");
            case DELIVERED -> bubble.put("status", "delivered");
            case FAILED -> bubble.put("status", "failed").put("failure", decidedBy);
        };
    }

    /** A text a phone sent, once however many times End User Messaging delivered it to Kotae. */
    private static ObjectNode theirs(List<InboundPublisher.PhoneText> deliveries) {
        var text = deliveries.get(0);
        var bubble = JSON.createObjectNode().put("direction", "in").put("key", text.inboundMessageId())
                .put("body", text.body()).put("at", text.sentAt().toString()).put("deliveries", deliveries.size());
        segments(bubble, text.body());
        return bubble;
    }

    private static void segments(ObjectNode bubble, String body) {
        var encoding = SmsEncoding.of(body);
        bubble.put("segments", encoding.segments(body)).put("encoding", encoding.name());
    }

    private ArrayNode events() {
        var list = JSON.createArrayNode();
        for (var event : events.events()) {
            var node = list.addObject().put("eventId", event.eventId()).put("source", event.source())
                    .put("detailType", event.detailType());
            node.set("detail", parsed(event.detail()));
        }
        return list;
    }

    private static JsonNode parsed(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    /**
     * Each queue's dead-letter queue: its depth, and up to ten of its messages. Looking at messages counts as
     * receiving them, so they are looked at again only when the depth moves; the receive count is left out,
     * or the view would never settle.
     */
    private ArrayNode deadLetters() {
        var list = JSON.createArrayNode();
        for (var queue : deadLetters.queues()) {
            var depth = deadLetters.depth(queue);
            var look = deadLetterLooks.compute(queue.name(), (name, last) ->
                    last != null && last.depth() == depth ? last : deadLetters.look(queue, depth));
            var node = list.addObject().put("queue", queue.name()).put("deadLetterQueue", queue.name() + "-dlq")
                    .put("depth", depth);
            var messages = node.putArray("messages");
            look.letters().stream().sorted(Comparator.comparing(DeadLetters.DeadLetter::messageId)).forEach(letter ->
                    messages.addObject().put("messageId", letter.messageId()).put("body", letter.body()));
        }
        return list;
    }

    private ObjectNode faults() {
        var faults = JSON.createObjectNode();
        Arrays.stream(Fault.values()).map(Fault::label).forEach(faults.putArray("available")::add);
        sms.operations().forEach(faults.putArray("operations")::add);
        var pending = faults.putArray("pending");
        sms.pendingFaults().forEach(fault -> pending.addObject().put("operation", fault.operation())
                .put("fault", fault.fault().label()).put("remaining", fault.remaining()));
        return faults;
    }
}
