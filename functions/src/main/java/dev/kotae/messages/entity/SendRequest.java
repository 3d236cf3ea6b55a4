package dev.kotae.messages.entity;

import dev.kotae.platform.encoding.Hashing;
import dev.kotae.sms.SmsEncoding;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A validated request to send one SMS. {@code to} is E.164; optional members are pass-throughs to
 * End User Messaging's SendTextMessage, except {@code sendAt}, when the message is to be held until then,
 * and {@code maxPricePerPart}, which is sent times the message's parts as its MaxPrice ({@link
 * dev.kotae.sms.MaxPrice}).
 */
public record SendRequest(
        String to,
        String body,
        MessageType type,
        Optional<Integer> timeToLiveSeconds,
        Optional<String> maxPricePerPart,
        SortedMap<String, String> context,
        boolean dryRun,
        Optional<ExpectReply> expectReply,
        Optional<Instant> sendAt) {

    public SendRequest {
        context = new TreeMap<>(context);
    }

    /** The same request with another body (a marketing message with the deployment's footer). */
    public SendRequest withBody(String text) {
        return new SendRequest(to, text, type, timeToLiveSeconds, maxPricePerPart, context, dryRun, expectReply, sendAt);
    }

    /** The same request, due at {@code at}. */
    public SendRequest dueAt(Instant at) {
        return new SendRequest(to, body, type, timeToLiveSeconds, maxPricePerPart, context, dryRun, expectReply,
                Optional.of(at));
    }

    public static SendRequest of(String to, String body) {
        return new SendRequest(to, body, MessageType.TRANSACTIONAL, Optional.empty(), Optional.empty(),
                new TreeMap<>(Map.of()), false, Optional.empty(), Optional.empty());
    }

    /** The same message to send now: what a schedule holds, to be checked again when it fires. */
    public SendRequest now() {
        return new SendRequest(to, body, type, timeToLiveSeconds, maxPricePerPart, context, dryRun, expectReply,
                Optional.empty());
    }

    /** The same message held until {@code at}. */
    public SendRequest scheduledFor(Instant at) {
        return new SendRequest(to, body, type, timeToLiveSeconds, maxPricePerPart, context, dryRun, expectReply,
                Optional.of(at));
    }

    public SmsEncoding encoding() {
        return SmsEncoding.of(body);
    }

    public int segments() {
        return encoding().segments(body);
    }

    /**
     * Identifies the payload for idempotency: equal for equal requests, whatever their JSON layout
     * or phone number formatting. Members are length-prefixed so no two payloads share a text.
     */
    public String fingerprint() {
        var canonical = new StringBuilder();
        member(canonical, "to", to);
        member(canonical, "body", body);
        member(canonical, "type", type.name());
        member(canonical, "timeToLiveSeconds", timeToLiveSeconds.map(String::valueOf).orElse(""));
        // The label predates the member's name: fingerprints are kept with idempotency keys and batches, so no
        // label changes, or a retry across an upgrade would read as another payload.
        member(canonical, "maxPrice", maxPricePerPart.orElse(""));
        context.forEach((key, value) -> member(canonical, "context." + key, value));
        member(canonical, "dryRun", String.valueOf(dryRun));
        expectReply.ifPresent(reply -> {
            reply.keywords().forEach(keyword -> member(canonical, "expectReply.keyword", keyword));
            member(canonical, "expectReply.ttlSeconds", String.valueOf(reply.timeToLive().toSeconds()));
            member(canonical, "expectReply.reference", reply.reference().orElse(""));
        });
        sendAt.ifPresent(at -> member(canonical, "sendAt", at.toString()));
        return Hashing.sha256Hex(canonical.toString());
    }

    private static void member(StringBuilder canonical, String name, String value) {
        canonical.append(name).append('=').append(value.length()).append(':').append(value).append('\n');
    }
}
