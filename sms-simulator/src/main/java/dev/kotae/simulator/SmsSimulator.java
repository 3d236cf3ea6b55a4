package dev.kotae.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for AWS End User Messaging SMS (API {@code PinpointSMSVoiceV2}).
 *
 * <p>It speaks the service's JSON 1.0 wire protocol ({@code POST /}, {@code X-Amz-Target}
 * naming the operation, PascalCase members, errors typed by {@code __type}), so code under test
 * uses the real SDK client pointed here by endpoint configuration. Signatures are not checked.
 */
public final class SmsSimulator implements AutoCloseable {

    private static final String TARGET_PREFIX = "PinpointSMSVoiceV2.";
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final int MAX_BODY_CHARACTERS = 1600;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;

    private final List<AcceptedMessage> outbox = new ArrayList<>();
    private final Set<String> optedOutNumbers = ConcurrentHashMap.newKeySet();
    private final Map<String, FaultPlan> faults = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();

    private SmsSimulator(HttpServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. */
    public static SmsSimulator start(int port) {
        return start(port, Clock.systemUTC());
    }

    public static SmsSimulator start(int port, Clock clock) {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            return new SmsSimulator(server, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Messages accepted for delivery, oldest first. */
    public synchronized List<AcceptedMessage> outbox() {
        return List.copyOf(outbox);
    }

    /** Puts a number on the simulator's default opt-out list, as if it had texted STOP. */
    public void optOut(String phoneNumber) {
        optedOutNumbers.add(phoneNumber);
    }

    /** The next {@code count} calls of {@code operation} fail with {@code fault}. */
    public synchronized void injectFault(String operation, Fault fault, int count) {
        faults.put(operation, new FaultPlan(fault, count));
    }

    /** How many requests for {@code operation} arrived, failed ones included. */
    public synchronized int calls(String operation) {
        return calls.getOrDefault(operation, 0);
    }

    /** Forgets messages, opt-outs, faults and call counts. */
    public synchronized void reset() {
        outbox.clear();
        optedOutNumbers.clear();
        faults.clear();
        calls.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                respondError(exchange, 400, "UnknownOperationException", null, "Expected a POST with X-Amz-Target.");
                return;
            }
            var operation = target.substring(TARGET_PREFIX.length());
            JsonNode request;
            try (InputStream body = exchange.getRequestBody()) {
                request = json.readTree(body);
            } catch (IOException e) {
                respondError(exchange, 400, "SerializationException", null, "The request body is not JSON.");
                return;
            }
            var fault = recordCallAndTakeFault(operation);
            if (fault != null) {
                respondError(exchange, fault.status, fault.type, fault.reason, fault.message);
                return;
            }
            switch (operation) {
                case "SendTextMessage" -> sendTextMessage(exchange, request);
                default -> respondError(exchange, 400, "UnknownOperationException", null,
                        "The simulator does not implement " + operation + ".");
            }
        }
    }

    private synchronized Fault recordCallAndTakeFault(String operation) {
        calls.merge(operation, 1, Integer::sum);
        var plan = faults.get(operation);
        if (plan == null) {
            return null;
        }
        if (plan.remaining <= 1) {
            faults.remove(operation);
        } else {
            faults.put(operation, new FaultPlan(plan.fault, plan.remaining - 1));
        }
        return plan.fault;
    }

    private void sendTextMessage(HttpExchange exchange, JsonNode request) throws IOException {
        var destination = request.path("DestinationPhoneNumber").asText("");
        if (!E164.matcher(destination).matches()) {
            respondValidationError(exchange, "DestinationPhoneNumber", "Must be a phone number in E.164 format.");
            return;
        }
        var body = request.path("MessageBody").asText("");
        if (body.length() > MAX_BODY_CHARACTERS) {
            respondValidationError(exchange, "MessageBody", "Must be at most 1600 characters.");
            return;
        }
        if (optedOutNumbers.contains(destination)) {
            var error = errorBody("ConflictException", "DESTINATION_PHONE_NUMBER_OPTED_OUT",
                    "The destination phone number is opted out.");
            error.put("ResourceType", "opt-out-list");
            error.put("ResourceId", "Default");
            respond(exchange, 400, error);
            return;
        }
        var messageId = UUID.randomUUID().toString();
        if (!request.path("DryRun").asBoolean(false)) {
            var context = new LinkedHashMap<String, String>();
            request.path("Context").fields().forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
            var accepted = new AcceptedMessage(messageId,
                    request.path("OriginationIdentity").asText(null),
                    destination,
                    body,
                    request.path("MessageType").asText(null),
                    request.path("ConfigurationSetName").asText(null),
                    Map.copyOf(context),
                    clock.instant());
            synchronized (this) {
                outbox.add(accepted);
            }
        }
        respond(exchange, 200, json.createObjectNode().put("MessageId", messageId));
    }

    private void respondValidationError(HttpExchange exchange, String field, String message) throws IOException {
        var error = errorBody("ValidationException", "INVALID_PARAMETER", field + ": " + message);
        error.putArray("Fields").addObject().put("Name", field).put("Message", message);
        respond(exchange, 400, error);
    }

    private void respondError(HttpExchange exchange, int status, String type, String reason, String message)
            throws IOException {
        respond(exchange, status, errorBody(type, reason, message));
    }

    private ObjectNode errorBody(String type, String reason, String message) {
        var error = json.createObjectNode().put("__type", type).put("Message", message);
        if (reason != null) {
            error.put("Reason", reason);
        }
        return error;
    }

    private void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        var bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private record FaultPlan(Fault fault, int remaining) {
    }
}
