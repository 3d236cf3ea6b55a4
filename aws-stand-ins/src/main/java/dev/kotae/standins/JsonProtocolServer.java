package dev.kotae.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A loopback server for an AWS JSON protocol ({@code POST /}, {@code X-Amz-Target: Prefix.Operation},
 * errors typed by {@code __type}). Subclasses answer operations; signatures are not checked.
 */
public abstract class JsonProtocolServer implements AutoCloseable {

    protected final ObjectMapper json = new ObjectMapper();

    private final String targetPrefix;
    private final String contentType;
    private final LoopbackServer server;
    private final Map<String, Integer> calls = new HashMap<>();

    protected JsonProtocolServer(int port, String targetPrefix, String contentType) {
        this.targetPrefix = targetPrefix + ".";
        this.contentType = contentType;
        server = new LoopbackServer(port, 4, this::exchange);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** How many requests for {@code operation} arrived, failed ones included. */
    public synchronized int calls(String operation) {
        return calls.getOrDefault(operation, 0);
    }

    protected synchronized void forgetCalls() {
        calls.clear();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Answers one operation; throw {@link AwsError} for a service error. */
    protected abstract ObjectNode answer(String operation, JsonNode request);

    protected ObjectNode object() {
        return json.createObjectNode();
    }

    /**
     * A request that names no operation: a stand-in that also serves plain HTTP pages beside its API (the
     * sign-in stand-in's OAuth endpoints) answers it here and says so; the others refuse it.
     */
    protected boolean answerOther(HttpExchange exchange) throws IOException {
        return false;
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            var target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target == null && answerOther(exchange)) {
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(targetPrefix)) {
                respond(exchange, new AwsError(400, "UnknownOperationException", null, "Expected a POST with X-Amz-Target."));
                return;
            }
            var operation = target.substring(targetPrefix.length());
            synchronized (this) {
                calls.merge(operation, 1, Integer::sum);
            }
            JsonNode request;
            try (InputStream body = exchange.getRequestBody()) {
                request = json.readTree(body);
            } catch (IOException e) {
                respond(exchange, new AwsError(400, "SerializationException", null, "The request body is not JSON."));
                return;
            }
            try {
                respond(exchange, 200, answer(operation, request));
            } catch (AwsError error) {
                respond(exchange, error);
            }
        }
    }

    private void respond(HttpExchange exchange, AwsError error) throws IOException {
        var body = object().put("__type", error.type).put("Message", error.getMessage());
        if (error.reason != null) {
            body.put("Reason", error.reason);
        }
        body.setAll(error.members);
        respond(exchange, error.status, body);
    }

    private void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        var bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** A service error as the SDK parses it: its class from {@code __type}, its members from the body. */
    protected static final class AwsError extends RuntimeException {
        final int status;
        final String type;
        final String reason;
        final ObjectNode members;

        public AwsError(int status, String type, String reason, String message) {
            this(status, type, reason, message, new ObjectMapper().createObjectNode());
        }

        public AwsError(int status, String type, String reason, String message, ObjectNode members) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
            this.reason = reason;
            this.members = members;
        }
    }
}
