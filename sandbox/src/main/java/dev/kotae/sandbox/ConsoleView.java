package dev.kotae.sandbox;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.conversations.boundary.RecipientView;
import dev.kotae.conversations.control.ConversationStore;
import dev.kotae.conversations.entity.RecipientSnapshot;
import dev.kotae.messages.control.EndUserMessagingGateway;
import dev.kotae.sms.SmsEncoding;
import dev.kotae.standins.AcceptedMessage;
import dev.kotae.standins.EventBusRecorder;
import dev.kotae.standins.Fault;
import dev.kotae.standins.RefusedSend;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static dev.kotae.sandbox.Exchange.JSON;

/**
 * Everything the console page shows, read at once from where it lives: the phones' threads from the SMS
 * simulator (what End User Messaging accepted, refused and reported delivered) and from what phones sent;
 * each phone's opt-out state and conversations from Kotae's table, as {@code GET /conversations} answers
 * them; the events on the bus; the dead-letter queues; pending faults; the sandbox's time.
 * <p>
 * A number's state is read from the table once, then again only after the table's stream shows a write to
 * its partition: a page open beside a batch of a thousand numbers costs no thousand reads a second.
 */
final class ConsoleView {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    /** The End User Messaging calls Kotae's functions make, which a fault may be injected into. */
    static final List<String> FAULTABLE_OPERATIONS = List.of("SendTextMessage", "PutOptedOutNumber", "DeleteOptedOutNumber");

    private final SmsSimulator sms;
    private final InboundPublisher inbound;
    private final EventBusRecorder events;
    private final DeadLetters deadLetters;
    private final ConversationStore conversations;
    private final SandboxClock clock;
    private final String ourNumber;
    private final Map<String, RecipientSnapshot> recipients = new ConcurrentHashMap<>();
    private final Set<String> changedRecipients = ConcurrentHashMap.newKeySet();

    ConsoleView(SmsSimulator sms, InboundPublisher inbound, EventBusRecorder events, DeadLetters deadLetters,
                ConversationStore conversations, SandboxClock clock, String ourNumber) {
        this.sms = sms;
        this.inbound = inbound;
        this.events = events;
        this.deadLetters = deadLetters;
        this.conversations = conversations;
        this.clock = clock;
        this.ourNumber = ourNumber;
    }

    /** The table's stream, as read: a write to a number's partition makes its state worth reading again. */
    void tableChanged(List<DynamodbStreamRecord> records) {
        for (var record : records) {
            Optional.ofNullable(record.getDynamodb().getKeys()).map(keys -> keys.get(TableLayout.PARTITION_KEY))
                    .map(key -> key.getS()).flatMap(TableLayout::recipientOf).ifPresent(changedRecipients::add);
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
            if (E164.matcher(number).matches()) {
                phone.set("recipient", RecipientView.render(recipient(number), now));
            }
        });
        view.set("events", events());
        view.set("deadLetters", deadLetters());
        view.set("faults", faults());
        return view;
    }

    private RecipientSnapshot recipient(String number) {
        // Forget the change before reading: a write that lands during the read marks the number again.
        if (changedRecipients.remove(number)) {
            recipients.remove(number);
        }
        return recipients.computeIfAbsent(number, conversations::read);
    }

    /**
     * Each phone's messages, oldest first, phones in the order they first sent or received. Attempts at one
     * of Kotae's messages (a throttled call its client retried, say) are one bubble: Kotae's message id rides
     * in every call's context.
     */
    private Map<String, ArrayNode> threads() {
        var entries = new ArrayList<Entry>();
        var ours = new LinkedHashMap<String, Outgoing>();
        for (var accepted : sms.outbox()) {
            var key = accepted.context().getOrDefault(EndUserMessagingGateway.KOTAE_MESSAGE_ID, accepted.messageId());
            ours.computeIfAbsent(key, k -> new Outgoing(k, accepted.destinationPhoneNumber(), accepted.messageBody(),
                    accepted.acceptedAt())).accepted = accepted;
        }
        var refusedSends = sms.refusedSends();
        for (int i = 0; i < refusedSends.size(); i++) {
            var refused = refusedSends.get(i);
            var key = refused.context().getOrDefault(EndUserMessagingGateway.KOTAE_MESSAGE_ID, "refused-" + i);
            var outgoing = ours.computeIfAbsent(key, k ->
                    new Outgoing(k, refused.destinationPhoneNumber(), refused.messageBody(), refused.refusedAt()));
            outgoing.refusals.add(refused);
            if (refused.refusedAt().isBefore(outgoing.firstAt)) {
                outgoing.firstAt = refused.refusedAt();
            }
        }
        ours.values().forEach(outgoing -> entries.add(new Entry(outgoing.phone, outgoing.firstAt, outgoing.render())));
        for (var text : inbound.published()) {
            entries.add(new Entry(text.from(), text.sentAt(), theirs(text)));
        }
        entries.sort(Comparator.comparing(Entry::at));
        var threads = new LinkedHashMap<String, ArrayNode>();
        entries.forEach(entry -> threads.computeIfAbsent(entry.phone(), phone -> JSON.createArrayNode()).add(entry.bubble()));
        return threads;
    }

    private record Entry(String phone, Instant at, ObjectNode bubble) {
    }

    /** One of Kotae's messages to a phone: every call End User Messaging refused, and the one it accepted. */
    private final class Outgoing {
        final String key;
        final String phone;
        final String body;
        Instant firstAt;
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
            if (accepted == null) {
                var last = refusals.get(refusals.size() - 1);
                return bubble.put("status", "failed").put("failure", last.errorType()
                        + Optional.ofNullable(last.reason()).map(reason -> " " + reason).orElse(""));
            }
            bubble.put("providerMessageId", accepted.messageId()).put("sentAt", accepted.acceptedAt().toString());
            var delivery = sms.deliveryEventTypes(accepted.messageId());
            var last = delivery.isEmpty() ? "" : delivery.get(delivery.size() - 1);
            if (!last.isEmpty()) {
                bubble.put("eventType", last);
            }
            return switch (last) {
                case "", "TEXT_SUCCESSFUL" -> bubble.put("status", "sent");
                case "TEXT_DELIVERED" -> bubble.put("status", "delivered");
                default -> bubble.put("status", "failed").put("failure", last);
            };
        }
    }

    private static ObjectNode theirs(InboundPublisher.PhoneText text) {
        var bubble = JSON.createObjectNode().put("direction", "in").put("key", text.inboundMessageId())
                .put("body", text.body()).put("at", text.sentAt().toString());
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

    /** Without the receive count: every look at a dead-letter queue raises it, and the view would never settle. */
    private ArrayNode deadLetters() {
        var list = JSON.createArrayNode();
        deadLetters.queues().forEach(queue -> list.addObject().put("queue", queue.name()).put("deadLetterQueue",
                queue.name() + "-dlq").putArray("messages"));
        // Sorted: SQS hands messages back in no particular order, and the view must settle to be cached.
        for (var letter : deadLetters.peek().stream().sorted(Comparator.comparing(DeadLetters.DeadLetter::messageId)).toList()) {
            for (var queue : list) {
                if (queue.path("queue").asText().equals(letter.queue())) {
                    ((ArrayNode) queue.get("messages")).addObject().put("messageId", letter.messageId())
                            .put("body", letter.body());
                }
            }
        }
        return list;
    }

    private ObjectNode faults() {
        var faults = JSON.createObjectNode();
        Arrays.stream(Fault.values()).map(Fault::label).forEach(faults.putArray("available")::add);
        FAULTABLE_OPERATIONS.forEach(faults.putArray("operations")::add);
        var pending = faults.putArray("pending");
        sms.pendingFaults().forEach(fault -> pending.addObject().put("operation", fault.operation())
                .put("fault", fault.fault().label()).put("remaining", fault.remaining()));
        return faults;
    }
}
