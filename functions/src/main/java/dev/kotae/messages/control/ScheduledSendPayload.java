package dev.kotae.messages.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.messages.entity.ScheduledSend;
import dev.kotae.platform.encoding.Json;

import java.time.Instant;

/**
 * The input each schedule hands the scheduled-send function. Its {@code request} is written by the send
 * request's codec as a caller writes {@code POST /messages} (without {@code sendAt}), so that the firing reads it
 * with the same codec, judged by the rules in force when it fires.
 */
public final class ScheduledSendPayload {

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
        payload.set("request", SendRequestCodec.write(send.request()));
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
                SendRequestCodec.stored(payload.get("request")));
    }
}
