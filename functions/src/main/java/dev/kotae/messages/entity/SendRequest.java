package dev.kotae.messages.entity;

import dev.kotae.platform.encoding.Hashing;
import dev.kotae.shared.entity.PhoneNumbers;
import dev.kotae.sms.SmsEncoding;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A validated request to send one SMS. {@code to} is E.164; optional members are pass-throughs to
 * End User Messaging's SendTextMessage, except {@code sendAt}, when the message is to be held until then,
 * and {@code maxPricePerPart}, which is sent times the message's parts as its MaxPrice ({@link
 * dev.kotae.sms.MaxPrice}), {@code recipientTimeZone}, where the caller knows the recipient's night better than the
 * number tells, and {@code respectQuietHours}, when a message that is not marketing should wait out that night too.
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
        Optional<Instant> sendAt,
        Optional<ZoneId> recipientTimeZone,
        boolean respectQuietHours) {

    public SendRequest {
        context = new TreeMap<>(context);
    }

    /** The same request with another body (a marketing message with the deployment's footer). */
    public SendRequest withBody(String text) {
        return new SendRequest(to, text, type, timeToLiveSeconds, maxPricePerPart, context, dryRun, expectReply, sendAt,
                recipientTimeZone, respectQuietHours);
    }

    /** The same request, due at {@code at}. */
    public SendRequest dueAt(Instant at) {
        return new SendRequest(to, body, type, timeToLiveSeconds, maxPricePerPart, context, dryRun, expectReply,
                Optional.of(at), recipientTimeZone, respectQuietHours);
    }

    public static SendRequest of(String to, String body) {
        return new SendRequest(to, body, MessageType.TRANSACTIONAL, Optional.empty(), Optional.empty(),
                new TreeMap<>(Map.of()), false, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    /** The same message to send now: what a schedule holds, to be checked again when it fires. */
    public SendRequest now() {
        return new SendRequest(to, body, type, timeToLiveSeconds, maxPricePerPart, context, dryRun, expectReply,
                Optional.empty(), recipientTimeZone, respectQuietHours);
    }

    /** The same message held until {@code at}. */
    public SendRequest scheduledFor(Instant at) {
        return new SendRequest(to, body, type, timeToLiveSeconds, maxPricePerPart, context, dryRun, expectReply,
                Optional.of(at), recipientTimeZone, respectQuietHours);
    }

    /**
     * Whether this message waits out the recipient's quiet hours: marketing always does, anything else when the caller
     * asks ({@code respectQuietHours}); a dry run sends nothing and waits for nothing.
     */
    public boolean waitsForQuietHours() {
        return !dryRun && (type == MessageType.PROMOTIONAL || respectQuietHours);
    }

    /** Where the recipient's night is: the zone the caller named, else every zone the number is in. */
    public List<ZoneId> recipientTimeZones() {
        return recipientTimeZone.map(List::of).orElseGet(() -> PhoneNumbers.timeZonesOf(to));
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
        // Named only when given, so a request without them keeps the fingerprint it had before they existed.
        recipientTimeZone.ifPresent(zone -> member(canonical, "recipientTimeZone", zone.getId()));
        if (respectQuietHours) {
            member(canonical, "respectQuietHours", "true");
        }
        return Hashing.sha256Hex(canonical.toString());
    }

    private static void member(StringBuilder canonical, String name, String value) {
        canonical.append(name).append('=').append(value.length()).append(':').append(value).append('\n');
    }
}
