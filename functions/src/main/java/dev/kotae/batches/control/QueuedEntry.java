package dev.kotae.batches.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.batches.entity.BatchEntry;
import dev.kotae.messages.control.SendRequestCodec;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.platform.encoding.Json;

/**
 * One entry on the batch queue. Its {@code request} is written as a caller writes {@code POST /messages},
 * so that the sender reads it with the same parser, judged by the rules in force when it goes out.
 *
 * @param attempts how often End User Messaging was asked before and could not take it yet (throttled)
 */
public record QueuedEntry(String batchId, int index, String caller, SendRequest request, int attempts) {

    public String messageId() {
        return BatchEntry.messageId(batchId, index);
    }

    public QueuedEntry again() {
        return new QueuedEntry(batchId, index, caller, request, attempts + 1);
    }

    /** An entry as read off the queue, before its request is judged. */
    public record Received(String batchId, int index, String caller, int attempts, String request) {

        public String messageId() {
            return BatchEntry.messageId(batchId, index);
        }
    }

    public String write() {
        var payload = Json.MAPPER.createObjectNode()
                .put("batchId", batchId)
                .put("index", index)
                .put("caller", caller)
                .put("attempts", attempts);
        payload.set("request", SendRequestCodec.write(request));
        return payload.toString();
    }

    /** @throws IllegalArgumentException when the message is not an entry Kotae queued */
    public static Received read(String message) {
        JsonNode payload;
        try {
            payload = Json.MAPPER.readTree(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The queued entry is not JSON", e);
        }
        if (payload == null || !payload.path("batchId").isTextual() || !payload.path("caller").isTextual()
                || !payload.path("index").canConvertToInt() || !payload.path("attempts").canConvertToInt()
                || !payload.path("request").isObject()) {
            throw new IllegalArgumentException("The queued entry lacks batchId, index, caller, attempts or request");
        }
        return new Received(payload.get("batchId").asText(), payload.get("index").asInt(),
                payload.get("caller").asText(), payload.get("attempts").asInt(),
                SendRequestCodec.stored(payload.get("request")));
    }
}
