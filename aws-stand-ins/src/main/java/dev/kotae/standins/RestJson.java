package dev.kotae.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The REST-JSON protocol's plumbing, which EventBridge Scheduler, API Gateway and Lambda speak: the
 * operation is the method and path, members travel in the path, the query string and a JSON body, and an
 * error is typed by the {@code x-amzn-ErrorType} header (the SDK reads it before the body). The stand-ins
 * that speak it ({@link SchedulerStandIn}, {@link AccountStandIn}) answer through here, as the JSON-1.0
 * ones answer through {@link JsonProtocolServer}.
 */
final class RestJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private RestJson() {
    }

    /**
     * URL-encoded {@code name=value} pairs: a query string, or the form a query-protocol request posts.
     * Empty for none.
     */
    static Map<String, String> parameters(String encoded) {
        var parameters = new HashMap<String, String>();
        if (encoded == null) {
            return parameters;
        }
        for (var pair : encoded.split("&")) {
            var equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /** The request's JSON body; a body that is not JSON is refused as the services refuse it. */
    static JsonNode body(HttpExchange exchange) {
        try {
            return JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            throw new Refusal(400, "SerializationException", "The request body is not JSON.");
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static void answer(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        var bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static void refuse(HttpExchange exchange, Refusal refusal) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", refusal.type);
        answer(exchange, refusal.status, object().put("Message", refusal.getMessage()));
    }

    /** A service error: its HTTP status, and the type the SDK turns into its exception class. */
    static final class Refusal extends RuntimeException {
        final int status;
        final String type;

        Refusal(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }
    }
}
