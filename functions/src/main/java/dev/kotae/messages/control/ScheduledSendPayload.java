package dev.kotae.messages.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.messages.entity.ScheduledSend;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.platform.Json;

import java.time.Instant;

/**
 * The input each schedule hands the scheduled-send function. Its {@code request} is written as a
 * caller writes {@code POST /messages} (without {@code sendAt}), so that the firing reads it with
 * the same parser, judged by the rules in force when it fires.
 */
public final class ScheduledSendPayload {

    private static final String MAX_PRICE_PER_PART = "maxPricePerPart";
    private static final String LEGACY_MAX_PRICE = "maxPrice";

    private ScheduledSendPayload() {
    }

    /** A schedule's input as read before its request is: the request is judged apart. */
    public record Due(String messageId, String caller, Instant bookedAt, Instant sendAt, String request) {
    }

    public static String write(ScheduledSend send) {
        var payload = Json.MAPPER.createObjectNode()
                .put("messageId", send.messageId())
                .put("caller", send.caller())
                .put("bookedAt", send.bookedAt().toString())
                .put("sendAt", send.sendAt().toString());
        payload.set("request", asApiRequest(send.request()));
        return payload.toString();
    }

    /** @throws IllegalArgumentException when the input is not a schedule's: nothing Kotae booked */
    public static Due read(String input) {
        JsonNode payload;
        try {
            payload = Json.MAPPER.readTree(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The scheduled send's input is not JSON", e);
        }
        for (var member : new String[] {"messageId", "caller", "bookedAt", "sendAt"}) {
            if (!payload.path(member).isTextual()) {
                throw new IllegalArgumentException("The scheduled send's input has no '" + member + "'");
            }
        }
        if (!payload.path("request").isObject()) {
            throw new IllegalArgumentException("The scheduled send's input has no 'request'");
        }
        return new Due(payload.get("messageId").asText(), payload.get("caller").asText(),
                Instant.parse(payload.get("bookedAt").asText()), Instant.parse(payload.get("sendAt").asText()),
                storedRequest(payload.get("request")));
    }

    /**
     * A request as a schedule or the batch queue holds it, written as the current API reads it. One written
     * before the API's ceiling was named per part calls it {@code maxPrice}, with the same meaning (US dollars
     * per part): a message booked before an upgrade and sent after it keeps its ceiling.
     */
    public static String storedRequest(JsonNode request) {
        if (request.has(LEGACY_MAX_PRICE) && !request.has(MAX_PRICE_PER_PART)) {
            var current = ((ObjectNode) request).deepCopy();
            current.set(MAX_PRICE_PER_PART, current.remove(LEGACY_MAX_PRICE));
            return current.toString();
        }
        return request.toString();
    }

    /** {@code request} as a caller writes it to {@code POST /messages} (without {@code sendAt}): what the parser reads back. */
    public static JsonNode asApiRequest(SendRequest request) {
        var body = Json.MAPPER.createObjectNode()
                .put("to", request.to())
                .put("body", request.body())
                .put("type", request.type().name())
                .put("dryRun", request.dryRun());
        request.timeToLiveSeconds().ifPresent(ttl -> body.put("timeToLiveSeconds", ttl));
        request.maxPricePerPart().ifPresent(price -> body.put(MAX_PRICE_PER_PART, price));
        if (!request.context().isEmpty()) {
            var context = body.putObject("context");
            request.context().forEach(context::put);
        }
        request.expectReply().ifPresent(reply -> {
            var expect = body.putObject("expectReply").put("ttlSeconds", reply.timeToLive().toSeconds());
            reply.keywords().forEach(expect.putArray("keywords")::add);
            reply.reference().ifPresent(reference -> expect.put("reference", reference));
        });
        return body;
    }
}
