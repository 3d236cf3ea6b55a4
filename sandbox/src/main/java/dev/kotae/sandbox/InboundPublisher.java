package dev.kotae.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kotae.messages.control.MessageStore;
import dev.kotae.standins.AcceptedMessage;
import dev.kotae.standins.SmsSimulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What End User Messaging does with a reply from a phone: the documented inbound payload, published
 * to the inbound topic. It keeps what each phone sent, for the console's threads.
 */
final class InboundPublisher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalTopic topic;
    private final String ourNumber;
    private final SmsSimulator sms;
    private final MessageStore messages;
    private final Clock clock;
    private final List<PhoneText> sent = new ArrayList<>();

    InboundPublisher(LocalTopic topic, String ourNumber, SmsSimulator sms, MessageStore messages, Clock clock) {
        this.topic = topic;
        this.ourNumber = ourNumber;
        this.sms = sms;
        this.messages = messages;
        this.clock = clock;
    }

    /** A text a phone sent to one of our numbers, as published. */
    record PhoneText(String from, String to, String body, Instant sentAt, String inboundMessageId) {
    }

    /** Every text published, oldest first. */
    synchronized List<PhoneText> published() {
        return List.copyOf(sent);
    }

    /**
     * @param inReplyTo a message id from the send API's answer or from the outbox, if the reply answers one
     * @return the payload's {@code inboundMessageId}
     */
    String publish(String from, Optional<String> to, String body, Optional<String> inReplyTo,
                   Optional<String> inboundMessageId) {
        var id = inboundMessageId.orElseGet(() -> UUID.randomUUID().toString());
        // Stamped before it is published: the answer it gets must never seem to come first.
        var sentAt = clock.instant();
        var payload = JSON.createObjectNode()
                .put("originationNumber", from)
                .put("destinationNumber", to.orElse(ourNumber))
                .put("messageKeyword", body.trim().split("\\s+", 2)[0].toUpperCase(Locale.ROOT))
                .put("messageBody", body)
                .put("inboundMessageId", id);
        inReplyTo.flatMap(this::providerMessageId).ifPresent(provider -> payload.put("previousPublishedMessageId", provider));
        topic.publish(payload.toString());
        synchronized (this) {
            sent.add(new PhoneText(from, to.orElse(ourNumber), body, sentAt, id));
        }
        return id;
    }

    /** A notification whose Message is not the documented payload: the way to watch a poison record. */
    void publishMalformed() {
        topic.publish("{\"originationNumber\": \"not a number\"");
    }

    /** End User Messaging's id for the message answered: given directly, or through Kotae's message record. */
    private Optional<String> providerMessageId(String messageId) {
        var inOutbox = sms.outbox().stream().map(AcceptedMessage::messageId).anyMatch(messageId::equals);
        if (inOutbox) {
            return Optional.of(messageId);
        }
        return messages.find(messageId).flatMap(view -> view.message().providerMessageId());
    }
}
